package dev.jfmm.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated small-shape kernels against their contract ({@link DoubleSmallKernel}), computed here
 * by a plain loop on integer inputs (so the comparison is exact): every n up to 32, a spread of k,
 * full and fringe row blocks, strided and transposed A, both precisions, and C's neighbours, which
 * the masked stores must leave alone.
 */
class SmallKernelTest {

    static final int[] KS = {1, 2, 3, 4, 7, 8, 13, 16, 31, 32};
    /** Room for any kernel's tile: at most 8 rows of one 16-lane vector. */
    static final int TILE = 128;

    static List<SmallKernelSpec> specs() {
        List<SmallKernelSpec> specs = new ArrayList<>();
        for (Precision precision : Precision.values()) {
            for (int n = 1; n <= SmallKernelSpec.MAX_DIMENSION; n++) {
                for (int k : KS) {
                    int mr = SmallKernelSpec.forShape(precision, 512, 1, n, k).mr();
                    specs.add(new SmallKernelSpec(precision, 512, n, k, (n + k) % mr));
                }
            }
            specs.add(new SmallKernelSpec(precision, 256, 11, 9, 1));
            specs.add(new SmallKernelSpec(precision, 128, 5, 6, 0));
        }
        return specs;
    }

    @TestFactory
    Stream<DynamicTest> everyShapeMatchesTheContract() {
        return specs().stream().map(spec -> DynamicTest.dynamicTest(spec.key(), () -> {
            Object kernel = BytecodeBackend.load(BytecodeBackend.generate(SmallKernels.build(spec)));
            checkAgainstContract(spec, kernel, new SplittableRandom(spec.hashCode()));
        }));
    }

    /** Both methods, with A row-major and transposed, and alpha/beta pairs including beta = 0 over NaN. */
    static void checkAgainstContract(SmallKernelSpec spec, Object kernel, SplittableRandom random) {
        int n = spec.n(), k = spec.k();
        for (boolean fringe : new boolean[] {false, true}) {
            int rows = fringe ? spec.fringeRows() : spec.mr();
            for (boolean transposedA : new boolean[] {false, true}) {
                for (double[] alphaBeta : new double[][] {{1, 0}, {-2, 1}, {3, -1}}) {
                    double alpha = alphaBeta[0], beta = alphaBeta[1];
                    int aIndex = random.nextInt(3), bIndex = random.nextInt(3), cIndex = 1 + random.nextInt(3);
                    int lda = (transposedA ? rows : k) + random.nextInt(3);
                    int aRowStride = transposedA ? 1 : lda, aColStride = transposedA ? lda : 1;
                    int ldb = spec.vectors() * spec.lanes() + random.nextInt(3), ldc = n + 1 + random.nextInt(3);
                    double[] a = ints(random, aIndex + lda * (transposedA ? k : Math.max(rows, 1)));
                    double[] b = ints(random, bIndex + ldb * k);
                    double[] c = ints(random, cIndex + ldc * Math.max(rows, 1) + 2);
                    if (beta == 0) {
                        for (int r = 0; r < rows; r++) {
                            java.util.Arrays.fill(c, cIndex + r * ldc, cIndex + r * ldc + n, Double.NaN);
                        }
                    }
                    double[] expected = c.clone(), expectedTile = new double[TILE];
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            for (int p = 0; p < k; p++) {
                                sum += a[aIndex + r * aRowStride + p * aColStride] * b[bIndex + p * ldb + j];
                            }
                            int ci = cIndex + r * ldc + j;
                            if (j < spec.wholeColumns()) {
                                expected[ci] = beta == 0 ? alpha * sum : beta * c[ci] + alpha * sum;
                            } else {
                                expectedTile[r * spec.lanes() + j - spec.wholeColumns()] = sum;
                            }
                        }
                    }
                    double[] tile = new double[TILE];
                    double[] actual = run(spec, kernel, fringe, a, aIndex, aRowStride, aColStride, b, bIndex, ldb,
                            c, cIndex, ldc, alpha, beta, tile);
                    String what = spec.key() + (fringe ? " fringe" : " rows") + (transposedA ? " A^T" : "")
                            + " alpha=" + alpha + " beta=" + beta;
                    assertArrayEquals(expected, actual, what);
                    for (int r = 0; r < rows; r++) {
                        for (int j = spec.wholeColumns(); j < n; j++) {
                            int t = r * spec.lanes() + j - spec.wholeColumns();
                            assertEquals(expectedTile[t], tile[t], what + " tile(" + r + ", " + j + ")");
                        }
                    }
                }
            }
        }
    }

    /** Runs rows or fringe on a copy of C; the tile's content comes back in {@code tile}. */
    static double[] run(SmallKernelSpec spec, Object kernel, boolean fringe, double[] a, int aIndex, int aRowStride,
                        int aColStride, double[] b, int bIndex, int ldb, double[] c, int cIndex, int ldc,
                        double alpha, double beta, double[] tile) {
        if (spec.precision() == Precision.DOUBLE) {
            DoubleSmallKernel d = (DoubleSmallKernel) kernel;
            double[] out = c.clone();
            if (fringe) {
                d.fringe(a, aIndex, aRowStride, aColStride, b, bIndex, ldb, out, cIndex, ldc, alpha, beta, tile);
            } else {
                d.rows(a, aIndex, aRowStride, aColStride, b, bIndex, ldb, out, cIndex, ldc, alpha, beta, tile);
            }
            return out;
        }
        FloatSmallKernel f = (FloatSmallKernel) kernel;
        float[] out = KernelGeneratorTest.toFloat(c), fa = KernelGeneratorTest.toFloat(a), fb = KernelGeneratorTest.toFloat(b);
        float[] ft = new float[tile.length];
        if (fringe) {
            f.fringe(fa, aIndex, aRowStride, aColStride, fb, bIndex, ldb, out, cIndex, ldc, (float) alpha, (float) beta, ft);
        } else {
            f.rows(fa, aIndex, aRowStride, aColStride, fb, bIndex, ldb, out, cIndex, ldc, (float) alpha, (float) beta, ft);
        }
        for (int i = 0; i < ft.length; i++) {
            tile[i] = ft[i];
        }
        double[] d = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            d[i] = out[i];
        }
        return d;
    }

    static double[] ints(SplittableRandom random, int n) {
        return KernelGeneratorTest.ints(random, n);
    }

    @Test
    void emittedJavaSourceCompilesAndComputesTheSame() throws Exception {
        for (SmallKernelSpec spec : List.of(SmallKernelSpec.forShape(Precision.DOUBLE, 512, 4, 4, 4),
                SmallKernelSpec.forShape(Precision.FLOAT, 512, 7, 19, 32),
                SmallKernelSpec.forShape(Precision.DOUBLE, 512, 31, 27, 30))) {
            KernelIR ir = SmallKernels.build(spec);
            String source = JavaSourceBackend.generate(ir);
            assertTrue(source.contains("from kernel " + spec.key()), source);
            checkAgainstContract(spec, KernelGeneratorTest.compileAndInstantiate(ir.name(), source), new SplittableRandom(3));
        }
    }

    /**
     * A kernel with its strides baked in (a planned product's) computes what the kernel taking them per call
     * computes with those strides, bit for bit, from bytecode and from its Java source, whatever strides
     * its calls pass.
     */
    @Test
    void bakedStridesGiveTheBitsOfPassedStrides() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        for (SmallKernelSpec plain : List.of(new SmallKernelSpec(Precision.DOUBLE, 512, 4, 4, 4),
                new SmallKernelSpec(Precision.DOUBLE, 512, 7, 5, 3), new SmallKernelSpec(Precision.DOUBLE, 512, 16, 9, 1),
                new SmallKernelSpec(Precision.FLOAT, 512, 4, 4, 4), new SmallKernelSpec(Precision.FLOAT, 256, 13, 3, 2))) {
            for (boolean transposedA : new boolean[] {false, true}) {
                int rows = Math.max(plain.mr(), plain.fringeRows()), n = plain.n(), k = plain.k();
                int lda = (transposedA ? rows : k) + random.nextInt(3);
                int aRow = transposedA ? 1 : lda, aCol = transposedA ? lda : 1;
                int ldb = plain.vectors() * plain.lanes() + random.nextInt(3), ldc = n + random.nextInt(3);
                SmallKernelSpec baked = plain.withStrides(new SmallKernelSpec.Strides(aRow, aCol, ldb, ldc));
                KernelIR ir = SmallKernels.build(baked);
                Object fromBytecode = BytecodeBackend.load(BytecodeBackend.generate(ir));
                Object fromSource = KernelGeneratorTest.compileAndInstantiate(ir.name(), JavaSourceBackend.generate(ir));
                Object passed = BytecodeBackend.load(BytecodeBackend.generate(SmallKernels.build(plain)));
                double[] a = KernelGeneratorTest.ints(random, 2 + lda * (transposedA ? k : rows));
                double[] b = random.doubles(2 + ldb * k, -1, 1).toArray();
                double[] c = random.doubles(2 + ldc * rows, -1, 1).toArray();
                for (boolean fringe : new boolean[] {false, true}) {
                    double[] expected = run(plain, passed, fringe, a, 1, aRow, aCol, b, 2, ldb, c, 1, ldc, 1.5, -0.5, new double[TILE]);
                    for (Object kernel : new Object[] {fromBytecode, fromSource}) {
                        assertArrayEquals(expected, run(baked, kernel, fringe, a, 1, 0, 0, b, 2, 0, c, 1, 0, 1.5, -0.5,
                                new double[TILE]), baked.key() + (fringe ? " fringe" : " rows"));
                    }
                }
            }
        }
    }

    @Test
    void thePlanFollowsTheRowWidth() {
        SmallKernelSpec d4 = SmallKernelSpec.forShape(Precision.DOUBLE, 512, 4, 4, 4);
        assertEquals(256, d4.vectorBits());
        assertEquals(1, d4.vectors());
        SmallKernelSpec d20 = SmallKernelSpec.forShape(Precision.DOUBLE, 512, 20, 20, 20);
        assertEquals(512, d20.vectorBits());
        assertEquals(3, d20.vectors());
        assertEquals(20 % d20.mr(), d20.fringeRows());
        assertEquals(128, SmallKernelSpec.forShape(Precision.FLOAT, 512, 3, 1, 3).vectorBits());
        assertEquals(256, SmallKernelSpec.forShape(Precision.FLOAT, 256, 3, 32, 3).vectorBits());
        for (SmallKernelSpec spec : specs()) {
            int registers = spec.mr() * spec.vectors() + spec.vectors() + 1;
            assertTrue(registers <= 32, spec.key() + " needs " + registers + " vector registers");
            var file = BytecodeBackend.generate(SmallKernels.build(spec));
            assertTrue(file.largestMethodBytes() <= BytecodeBackend.HUGE_METHOD_LIMIT, spec.key());
        }
    }

    @Test
    void badSpecsAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SmallKernelSpec(Precision.DOUBLE, 512, 33, 4, 0)).getMessage().contains("[1, 32]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SmallKernelSpec(Precision.DOUBLE, 512, 4, 4, 8)).getMessage().contains("fringeRows = 8"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SmallKernelSpec(Precision.FLOAT, 64, 4, 4, 0)).getMessage().contains("maxVectorBits = 64"));
    }
}
