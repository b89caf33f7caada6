package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jfmm.gemm.Backends;
import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.GemmBackend;
import dev.jfmm.hw.HardwareProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every backend, through the whole public API, against the BLAS definition ({@link BlasCase}): every
 * layout x transA x transB x alpha in {0, 1, -2} x beta in {0, 1, 3}, on empty, tiny, prime, tall-skinny,
 * wide and block-crossing shapes, with padded leading dimensions and offsets.
 */
class GemmConformanceTest {

    /** m, n, k: empty, 1 and 2, primes, tall-skinny, wide, and k or n past the SIMD blocks (kc, nc). */
    static final int[][] SHAPES = {
            {0, 0, 0}, {0, 3, 2}, {3, 0, 2}, {3, 2, 0}, {1, 1, 1}, {2, 2, 2}, {1, 7, 1}, {7, 1, 1},
            {7, 5, 3}, {13, 11, 17}, {31, 37, 29}, {97, 3, 5}, {257, 2, 13}, {3, 131, 7}, {2, 67, 301},
            {19, 23, 300}, {5, 1030, 3}, {9, 17, 1},
    };
    static final double[] ALPHAS = {0, 1, -2};
    static final double[] BETAS = {0, 1, 3};

    /** Every backend, with small blocks so that modest shapes cross block boundaries too. */
    static List<Gemm> gemms() {
        HardwareProfile.Blocking blocks = new HardwareProfile.Blocking(3, 2, 3, 10, 64, 40);
        HardwareProfile small = new HardwareProfile("test", "small blocks", HardwareProfile.BUILT_IN.match(),
                new HardwareProfile.Gemm(1, blocks, blocks), "test");
        List<Gemm> gemms = new ArrayList<>();
        for (String name : Backends.NAMES) {
            gemms.add(new Gemm(2, new Dispatcher(Backends.byName(name, small), small)));
            gemms.add(new Gemm(1, new Dispatcher(Backends.byName(name, HardwareProfile.BUILT_IN), HardwareProfile.BUILT_IN)));
        }
        return gemms;
    }

    static String name(Gemm gemm) {
        return gemmBackend(gemm).name() + "/" + gemm.threads() + "t";
    }

    private static GemmBackend gemmBackend(Gemm gemm) {
        try {
            var field = Gemm.class.getDeclaredField("dispatcher");
            field.setAccessible(true);
            return ((Dispatcher) field.get(gemm)).backend();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> integerInputsAreExactInDouble() {
        return gemms().stream().flatMap(gemm -> layoutsAndTransposes().map(lt ->
                DynamicTest.dynamicTest("dgemm " + name(gemm) + " " + lt, () -> {
                    SplittableRandom random = new SplittableRandom(lt.hashCode());
                    for (int[] shape : SHAPES) {
                        for (double alpha : ALPHAS) {
                            for (double beta : BETAS) {
                                BlasCase c = lt.newCase(shape, random, true);
                                double[] out = c.c.clone();
                                c.dgemm(gemm, alpha, beta, out);
                                assertExact(c, c.expected(alpha, beta), out, alpha, beta);
                            }
                        }
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> integerInputsAreExactInFloat() {
        return gemms().stream().flatMap(gemm -> layoutsAndTransposes().map(lt ->
                DynamicTest.dynamicTest("sgemm " + name(gemm) + " " + lt, () -> {
                    SplittableRandom random = new SplittableRandom(lt.hashCode() + 1);
                    for (int[] shape : SHAPES) {
                        for (double alpha : ALPHAS) {
                            for (double beta : BETAS) {
                                BlasCase c = lt.newCase(shape, random, true);
                                float[] out = BlasCase.toFloat(c.c);
                                c.sgemm(gemm, (float) alpha, (float) beta, out);
                                assertExact(c, c.expected(alpha, beta), toDouble(out), alpha, beta);
                            }
                        }
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> realInputsAreWithinTheClassicalBound() {
        double alpha = 0.7, beta = -1.3;
        return gemms().stream().flatMap(gemm -> layoutsAndTransposes().map(lt ->
                DynamicTest.dynamicTest("real " + name(gemm) + " " + lt, () -> {
                    SplittableRandom random = new SplittableRandom(lt.hashCode() + 2);
                    for (int[] shape : SHAPES) {
                        BlasCase d = lt.newCase(shape, random, false);
                        double[] dOut = d.c.clone();
                        d.dgemm(gemm, alpha, beta, dOut);
                        assertWithinBound(d, d.expected(alpha, beta), d.magnitude(alpha, beta), dOut, 0x1p-53);

                        BlasCase f = lt.newCase(shape, random, false).roundToFloat();
                        float[] fOut = BlasCase.toFloat(f.c);
                        f.sgemm(gemm, (float) alpha, (float) beta, fOut);
                        // The float oracle rounds alpha and beta the way sgemm received them.
                        double fa = (float) alpha, fb = (float) beta;
                        assertWithinBound(f, f.expected(fa, fb), f.magnitude(fa, fb), toDouble(fOut), 0x1p-24);
                    }
                })));
    }

    /**
     * Exact equality on C's elements (the sign of a zero is not specified by BLAS, NaN equals NaN), and
     * every element outside C untouched.
     */
    static void assertExact(BlasCase c, double[] expected, double[] actual, double alpha, double beta) {
        for (int i = 0; i < actual.length; i++) {
            if (expected[i] != actual[i] && !(Double.isNaN(expected[i]) && Double.isNaN(actual[i]))) {
                fail(c + " alpha=" + alpha + " beta=" + beta + ": C array index " + i
                        + (c.inC(i) ? "" : " (outside C)") + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** |C - R| <= 2 (k + 2) eps (|alpha||A||B| + |beta||C|) elementwise: both sides round, each within (k+2) eps. */
    static void assertWithinBound(BlasCase c, double[] expected, double[] magnitude, double[] actual, double eps) {
        for (int i = 0; i < actual.length; i++) {
            if (!c.inC(i)) {
                assertEquals(BlasCase.SENTINEL, actual[i], c + ": index " + i + " outside C changed");
                continue;
            }
            double bound = 2 * (c.k + 2) * eps * magnitude[i];
            double error = Math.abs(actual[i] - expected[i]);
            assertTrue(error <= bound, c + ": C index " + i + " = " + actual[i] + ", oracle " + expected[i]
                    + ", error " + error + " above bound " + bound);
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    record LayoutAndTransposes(Layout layout, Transpose transA, Transpose transB) {
        BlasCase newCase(int[] shape, SplittableRandom random, boolean integers) {
            return new BlasCase(layout, transA, transB, shape[0], shape[1], shape[2], random, integers);
        }

        @Override
        public String toString() {
            return layout + " " + transA + " " + transB;
        }
    }

    static Stream<LayoutAndTransposes> layoutsAndTransposes() {
        List<LayoutAndTransposes> all = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    all.add(new LayoutAndTransposes(layout, ta, tb));
                }
            }
        }
        return all.stream();
    }
}
