package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.jfmm.Layout.ROW_MAJOR;
import static dev.jfmm.Transpose.NO_TRANSPOSE;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BLAS's special values and promises: NaN and Inf propagate as in the definition; beta == 0 and alpha == 0 read nothing. */
class SemanticsTest {

    static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @Test
    void nanAndInfPropagateAsTheDefinitionSays() {
        SplittableRandom random = new SplittableRandom(11);
        for (Gemm gemm : GemmConformanceTest.gemms()) {
            GemmConformanceTest.layoutsAndTransposes().forEach(lt -> {
                for (int trial = 0; trial < 6; trial++) {
                    BlasCase c = lt.newCase(new int[] {9 + trial, 21, 7 + 40 * trial}, random, true);
                    for (double[] x : new double[][] {c.a, c.b, c.c}) {
                        for (int hit = 0; hit < 2; hit++) {
                            x[random.nextInt(x.length)] = SPECIALS[random.nextInt(SPECIALS.length)];
                        }
                    }
                    for (double beta : new double[] {0, 1}) {
                        double[] out = c.c.clone();
                        c.dgemm(gemm, 1, beta, out);
                        GemmConformanceTest.assertExact(c, c.expected(1, beta), out, 1, beta);
                        float[] fout = BlasCase.toFloat(c.c);
                        c.sgemm(gemm, 1, (float) beta, fout);
                        GemmConformanceTest.assertExact(c, c.expected(1, beta), GemmConformanceTest.toDouble(fout), 1, beta);
                    }
                }
            });
        }
    }

    @Test
    void betaZeroOverwritesNanInC() {
        double[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
        double[] c = {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN};
        Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2);
        assertArrayEquals(new double[] {19, 22, 43, 50}, c);
        float[] fc = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Jfmm.sgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 2, 2, 2, 1, new float[] {1, 2, 3, 4}, 0, 2,
                new float[] {5, 6, 7, 8}, 0, 2, 0, fc, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, fc);
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        double[] a = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        double[] c = {1, 2, 3, 4};
        Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 2, 2, 2, 0, a, 0, 2, a, 0, 2, 3, c, 0, 2);
        assertArrayEquals(new double[] {3, 6, 9, 12}, c);
        assertEquals("scale", Jfmm.lastBackend());
        Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 2, 2, 2, 0, a, 0, 2, a, 0, 2, 0, c, 0, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0}, c);
    }

    /** Many row blocks (threads take rows), and a thin A of one row block (threads share its columns). */
    @ParameterizedTest
    @CsvSource({"301, 77, 333", "40, 700, 333"})
    void resultsDoNotDependOnTheThreadCount(int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(5);
        double[] a = random.doubles(m * k, -1, 1).toArray(), b = random.doubles(k * n, -1, 1).toArray();
        double[] expected = Jfmm.withThreads(1).multiply(a, b, m, k, n);
        float[] af = BlasCase.toFloat(a), bf = BlasCase.toFloat(b);
        float[] expectedF = Jfmm.withThreads(1).multiply(af, bf, m, k, n);
        for (int threads : new int[] {2, 3, 5, 8}) {
            assertArrayEquals(expected, Jfmm.withThreads(threads).multiply(a, b, m, k, n), threads + " threads");
            assertArrayEquals(expectedF, Jfmm.withThreads(threads).multiply(af, bf, m, k, n), threads + " threads");
        }
    }

    @Test
    void whatRanIsObservable() throws InterruptedException {
        Jfmm.multiply(new double[] {1}, new double[] {2}, 1, 1, 1);
        assertEquals(Jfmm.backend() + " (policy classical)", Jfmm.lastBackend());
        Jfmm.multiply(new double[0], new double[0], 0, 0, 0);
        assertEquals("none", Jfmm.lastBackend());
        // The label is stored only when it changes: a change back must still show, per thread.
        Jfmm.multiply(new double[] {1}, new double[] {2}, 1, 1, 1);
        assertEquals(Jfmm.backend() + " (policy classical)", Jfmm.lastBackend());
        String[] other = new String[1];
        Thread thread = new Thread(() -> {
            Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 1, 1, 1, 0, new double[1], 0, 1, new double[1], 0, 1,
                    2, new double[1], 0, 1);
            other[0] = Jfmm.lastBackend();
        });
        thread.start();
        thread.join();
        assertEquals("scale", other[0]);
        assertEquals(Jfmm.backend() + " (policy classical)", Jfmm.lastBackend());
        // These tests run with the Vector API enabled (pom.xml's argLine), so the SIMD backend is chosen.
        assertTrue(Jfmm.vectorApiEnabled(), "surefire should start the JVM with the Vector API module");
        assertTrue(Jfmm.backend().startsWith("simd"), Jfmm.backend());
    }
}
