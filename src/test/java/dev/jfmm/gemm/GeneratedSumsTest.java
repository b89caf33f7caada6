package dev.jfmm.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.hw.VectorUnit;
import dev.jfmm.kernel.DoubleSchemeSums;
import dev.jfmm.kernel.FloatSchemeSums;
import dev.jfmm.kernel.KernelCache;
import dev.jfmm.kernel.Precision;
import dev.jfmm.kernel.SchemeSumSpec;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeAlgebra;
import dev.jfmm.scheme.SharedSchemes;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The fused strategy's generated sums against the interpretive ones they replace, bit for bit: every
 * sum of every Z/Q catalog scheme and of published ones (a Q-field scheme, AlphaTensor's &lt;4,4,4;49&gt;)
 * at 1 and 2 levels in both precisions, each term added by {@link TypedArrays#axpy} as packing did
 * before; and whole fused products with the generated sums against the same products with the
 * interpretive ones.
 */
class GeneratedSumsTest {

    private static final List<String> SHARED = List.of(
            "alphatensor/alphatensor_4x4x4_r49_Z.txt",
            "alphaevolve/alphaevolve_2x4x5_r32_Q.txt",
            "sedoglavic_catalogue/sedoglavic_3x3x6_r40_Q.txt");

    private static final int BITS = VectorUnit.preferredBits().orElse(256);

    @TestFactory
    Stream<DynamicTest> everyCatalogSchemeOverZOrQ() {
        return Catalog.load().stream().filter(e -> e.scheme().field() != Field.GF2)
                .map(e -> DynamicTest.dynamicTest(e.file(), () -> checkEverySum(e.scheme())));
    }

    @TestFactory
    Stream<DynamicTest> publishedSchemes() {
        SharedSchemes.root();
        return SHARED.stream().map(f -> DynamicTest.dynamicTest(f, () -> checkEverySum(SharedSchemes.read(f))));
    }

    /**
     * At 1 and 2 levels (where two levels' format stays within the 32 a scheme may have), in both
     * precisions: each column of U and V summed both ways over random rows.
     */
    private static void checkEverySum(Scheme scheme) {
        var format = scheme.format();
        int widest = Math.max(format.n(), Math.max(format.m(), format.p()));
        int maxLevels = widest * widest <= dev.jfmm.scheme.Format.MAX_DIMENSION ? 2 : 1;
        for (int levels = 1; levels <= maxLevels; levels++) {
            Scheme flat = SchemeAlgebra.power(scheme, levels);
            List<double[]> sums = Stream.of(Factor.U, Factor.V).flatMap(f -> columns(flat, f).stream()).toList();
            SchemeSumSpec spec = SchemeSumSpec.of(Precision.DOUBLE, BITS, sums);
            DoubleSchemeSums doubles = KernelCache.shared().schemeSums(spec, DoubleSchemeSums.class);
            FloatSchemeSums floats = KernelCache.shared().schemeSums(
                    new SchemeSumSpec(Precision.FLOAT, BITS, spec.patterns()), FloatSchemeSums.class);
            SplittableRandom random = new SplittableRandom(flat.hashCode());
            int generated = 0;
            for (double[] c : sums) {
                int pattern = spec.patternOf(c);
                if (pattern < 0) {
                    assertTrue(c.length == 0 || c.length == 1 && c[0] == 1 || c.length > SchemeSumSpec.MAX_TERMS
                            || spec.patterns().size() == SchemeSumSpec.MAX_PATTERNS, Arrays.toString(c));
                    continue;
                }
                generated++;
                int count = 37 + random.nextInt(40), si = random.nextInt(3);
                int[] offsets = IntStream.range(0, c.length).map(t -> random.nextInt(500)).toArray();
                double[] x = random.doubles(si + 500 + count, -1, 1).toArray();
                double[] expected = new double[count + 2], actual = new double[count + 2];
                for (int t = 0; t < c.length; t++) {
                    TypedArrays.DOUBLES.axpy(x, si + offsets[t], 1, expected, 1, 1, count, c[t], t == 0);
                }
                doubles.sum(pattern, x, si, offsets, actual, 1, count);
                assertArrayEquals(expected, actual, flat + " double " + Arrays.toString(c));

                float[] xf = new float[x.length], expectedF = new float[count + 2], actualF = new float[count + 2];
                for (int i = 0; i < x.length; i++) {
                    xf[i] = (float) x[i];
                }
                for (int t = 0; t < c.length; t++) {
                    TypedArrays.FLOATS.axpy(xf, si + offsets[t], 1, expectedF, 1, 1, count, c[t], t == 0);
                }
                floats.sum(pattern, xf, si, offsets, actualF, 1, count);
                assertArrayEquals(expectedF, actualF, flat + " float " + Arrays.toString(c));
            }
            assertTrue(generated > 0 || sums.stream().allMatch(c -> c.length == 1 && c[0] == 1), flat + ": no sum generated");
        }
    }

    /** Each column of a factor as its nonzero coefficients, in row order: the sum one product forms. */
    private static List<double[]> columns(Scheme s, Factor f) {
        Rational[][] x = s.factor(f);
        return IntStream.range(0, s.rank()).mapToObj(r -> Arrays.stream(x).map(row -> row[r]).filter(q -> !q.isZero())
                .mapToDouble(Rational::doubleValue).toArray()).toList();
    }

    /**
     * Whole fused products, generated sums against interpretive ones: the same bits, row-major operands
     * (the unit strides where the generated sums run) and transposed ones (where they do not); rows of A
     * 90 and 198 apart start at every alignment, and the second shape's blocks are wide enough (99-106 at
     * one level) for float's sums to start their vectors at a cache line after a first vector that overlaps
     * them.
     */
    @Test
    void fusedProductsGiveTheSameBitsEitherWay() {
        SharedSchemes.root();
        Dispatcher leaves = Dispatcher.get();
        List<FastGemm> schemes = List.of(
                FastGemm.of(FastGemmTest.catalog("strassen_2x2x2_r7_Z.fmm"), 1, leaves),
                FastGemm.of(FastGemmTest.catalog("strassen_2x2x2_r7_Z.fmm"), 2, leaves),
                FastGemm.of(FastGemmTest.catalog("winograd_2x2x2_r7_Z.fmm"), 2, leaves),
                FastGemm.of(FastGemmTest.catalog("polished_3x3x3_r23_Z.fmm"), 1, leaves),
                FastGemm.of(SharedSchemes.read(SHARED.get(1)), 1, leaves),
                FastGemm.of(SharedSchemes.read(SHARED.get(0)), 1, leaves));
        SplittableRandom random = new SplittableRandom(17);
        for (FastGemm generated : schemes) {
            assertEquals(FastGemm.Strategy.FUSED, generated.strategy());
            generated = generated.withCutoff(1);
            FastGemm interpretive = generated.withInterpretiveSums();
            for (int[] mnk : new int[][] {{83, 97, 89}, {211, 203, 197}}) {
                for (boolean transposed : new boolean[] {false, true}) {
                    int m = mnk[0], n = mnk[1], k = mnk[2];
                    GemmShape s = transposed
                            ? new GemmShape(m, n, k, 1, 1, m + 1, 2, 1, k, 0, n + 2)
                            : new GemmShape(m, n, k, 1, k + 1, 1, 2, n, 1, 0, n + 2);
                    double[] a = random.doubles(1 + (long) (m + 1) * (k + 1), -1, 1).toArray();
                    double[] b = random.doubles(2 + (long) n * k + n, -1, 1).toArray();
                    double[] c = random.doubles((long) m * (n + 2), -1, 1).toArray();
                    double[] one = c.clone(), two = c.clone();
                    generated.dgemm(s, 1.5, a, b, 0.5, one, 1);
                    assertEquals(generated.name(), generated.lastRun());
                    interpretive.dgemm(s, 1.5, a, b, 0.5, two, 1);
                    assertArrayEquals(two, one, generated.name() + (transposed ? " transposed" : ""));
                    float[] af = toFloat(a), bf = toFloat(b), cf = toFloat(c), cf2 = cf.clone();
                    generated.sgemm(s, 1.5f, af, bf, 0.5f, cf, 2);
                    interpretive.sgemm(s, 1.5f, af, bf, 0.5f, cf2, 2);
                    assertArrayEquals(cf2, cf, generated.name() + " float" + (transposed ? " transposed" : ""));
                }
            }
        }
    }

    /** Strassen's sums of two terms get generated code; its single-term sums (plain copies) do not. */
    @Test
    void strassenSumsOfSeveralTermsAreGenerated() {
        FastGemm strassen = FastGemm.of(FastGemmTest.catalog("strassen_2x2x2_r7_Z.fmm"), 1, Dispatcher.get());
        GeneratedSums sums = strassen.generatedSums().get(0);
        Scheme s = FastGemmTest.catalog("strassen_2x2x2_r7_Z.fmm");
        for (Factor f : new Factor[] {Factor.U, Factor.V}) {
            int[] patterns = f == Factor.U ? sums.aPattern() : sums.bPattern();
            List<double[]> columns = columns(s, f);
            for (int r = 0; r < s.rank(); r++) {
                boolean copy = columns.get(r).length == 1 && columns.get(r)[0] == 1;
                assertEquals(copy, patterns[r] < 0, f + " column " + r + ": " + Arrays.toString(columns.get(r)));
            }
        }
        assertEquals(List.of(), strassen.withInterpretiveSums().generatedSums());
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
