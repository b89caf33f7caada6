package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.jfmm.Layout.COLUMN_MAJOR;
import static dev.jfmm.Layout.ROW_MAJOR;
import static dev.jfmm.Transpose.NO_TRANSPOSE;
import static dev.jfmm.Transpose.TRANSPOSE;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Plans ({@link GemmPlan}) against the BLAS definition ({@link BlasCase}, integer inputs, so exact) and
 * against the equivalent dgemm/sgemm call bit for bit (random reals), for every layout and transpose,
 * padded leading dimensions, offsets that change between calls, and alpha/beta; and their checks.
 */
class GemmPlanTest {

    private static final int[][] SHAPES = {
            {4, 4, 4}, {1, 1, 1}, {3, 3, 3}, {8, 8, 8}, {5, 7, 3}, {9, 4, 11}, {16, 16, 16}, {32, 32, 32},
            {17, 31, 2}, {33, 8, 8}, {40, 40, 40}};
    private static final double[][] ALPHA_BETA = {{1, 0}, {1.5, -0.5}, {-1, 1}, {0, 2}};

    @Test
    void everyLayoutTransposeAndScalingMatchesTheDefinitionAndTheEquivalentCall() {
        Gemm gemm = Jfmm.withThreads(1);
        SplittableRandom random = new SplittableRandom(11);
        int prepared = 0;
        for (int[] shape : SHAPES) {
            for (Layout layout : Layout.values()) {
                for (Transpose ta : Transpose.values()) {
                    for (Transpose tb : Transpose.values()) {
                        for (double[] ab : ALPHA_BETA) {
                            for (boolean integers : new boolean[] {true, false}) {
                                BlasCase c = new BlasCase(layout, ta, tb, shape[0], shape[1], shape[2], random, integers);
                                GemmPlan<double[]> plan = gemm.planDgemm(layout, ta, tb, c.m, c.n, c.k,
                                        ab[0], c.lda, c.ldb, ab[1], c.ldc);
                                prepared += plan.prepared() ? 1 : 0;
                                double[] out = c.c.clone();
                                plan.multiply(c.a, c.offA, c.b, c.offB, out, c.offC);
                                if (integers) {
                                    assertArrayEquals(c.expected(ab[0], ab[1]), out, c + " " + plan);
                                } else {
                                    double[] usual = c.c.clone();
                                    c.dgemm(gemm, ab[0], ab[1], usual);
                                    assertArrayEquals(usual, out, c + " " + plan);
                                }
                                float[] outF = BlasCase.toFloat(c.c), usualF = outF.clone();
                                float[] af = BlasCase.toFloat(c.a), bf = BlasCase.toFloat(c.b);
                                gemm.planSgemm(layout, ta, tb, c.m, c.n, c.k, (float) ab[0], c.lda, c.ldb, (float) ab[1], c.ldc)
                                        .multiply(af, c.offA, bf, c.offB, outF, c.offC);
                                gemm.sgemm(layout, ta, tb, c.m, c.n, c.k, (float) ab[0], af, c.offA, c.lda, bf, c.offB, c.ldb,
                                        (float) ab[1], usualF, c.offC, c.ldc);
                                assertArrayEquals(usualF, outF, "sgemm " + c);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(prepared > 0, "no plan ran on a prepared kernel");
    }

    @Test
    void smallPlansArePreparedAndTheOthersTakeTheUsualPath() {
        Gemm gemm = Jfmm.withThreads(1);
        GemmPlan<double[]> small = gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 4, 4, 4, 1, 4, 4, 0, 4);
        assertTrue(small.prepared(), small.toString());
        assertTrue(small.backend().startsWith(Jfmm.backend()), small.backend());
        assertFalse(gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 33, 4, 4, 1, 4, 4, 0, 4).prepared());
        assertFalse(gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 4, 4, 4, 0, 4, 4, 0, 4).prepared(),
                "alpha = 0 only scales C");
        assertFalse(gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 0, 4, 4, 1, 4, 4, 0, 4).prepared());
    }

    /** One plan, many calls: the offsets of each call, not of the first, decide where A, B and C are. */
    @Test
    void offsetsChangeBetweenCalls() {
        GemmPlan<double[]> plan = Jfmm.withThreads(1).planDgemm(ROW_MAJOR, NO_TRANSPOSE, TRANSPOSE, 3, 2, 2, 1, 2, 2, 0, 2);
        double[] a = {9, 1, 2, 3, 4, 5, 6}, b = {9, 9, 1, 0, 0, 1}, c = new double[8];
        plan.multiply(a, 1, b, 2, c, 0);
        plan.multiply(a, 0, b, 2, c, 2);
        assertArrayEquals(new double[] {1, 2, 9, 1, 2, 3, 4, 5}, c); // A from offset 1, then A from 0 over it at C + 2
    }

    @Test
    void badPlansAndBadCallsGetTheErrorsOfDgemmAndLeaveCAlone() {
        Gemm gemm = Jfmm.withThreads(1);
        assertEquals("dgemm: lda = 3 is below max(1, 4), the minimum for row-major A stored as 4 x 4",
                assertThrows(IllegalArgumentException.class, () ->
                        gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 4, 4, 4, 1, 3, 4, 0, 4)).getMessage());
        assertEquals("sgemm: transB is null", assertThrows(IllegalArgumentException.class, () ->
                gemm.planSgemm(COLUMN_MAJOR, NO_TRANSPOSE, null, 4, 4, 4, 1, 4, 4, 0, 4)).getMessage());
        assertEquals("dgemm: row-major C stored as 100000 x 100000 with ldc = 100000 needs 10000000000 elements, "
                        + "more than any Java array can hold",
                assertThrows(IllegalArgumentException.class, () -> gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE,
                        100_000, 100_000, 1, 1, 1, 100_000, 0, 100_000)).getMessage());

        GemmPlan<double[]> plan = gemm.planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 4, 4, 4, 1, 4, 4, 1, 4);
        double[] a = new double[16], b = new double[16], c = ArgumentCheckTest.filled(16), before = c.clone();
        assertEquals("dgemm: row-major A stored as 4 x 4 with lda = 4 at offset 1 needs 17 elements, but its array has 16",
                assertThrows(IllegalArgumentException.class, () -> plan.multiply(a, 1, b, 0, c, 0)).getMessage());
        assertEquals("dgemm: offset of C = -1 must not be negative",
                assertThrows(IllegalArgumentException.class, () -> plan.multiply(a, 0, b, 0, c, -1)).getMessage());
        assertEquals("dgemm: array B is null",
                assertThrows(NullPointerException.class, () -> plan.multiply(a, 0, null, 0, c, 0)).getMessage());
        assertArrayEquals(before, c);
    }

    /** C sharing an array with A or B: as dgemm, as if the inputs had been distinct copies. */
    @Test
    void cOverlappingAOrBIsHandledAsIfDistinct() {
        GemmPlan<double[]> plan = Jfmm.withThreads(1).planDgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 2, 2, 2, 1, 2, 2, 0, 2);
        double[] shared = {1, 2, 3, 4, 5, 6, 7, 8};
        plan.multiply(shared, 0, shared, 4, shared, 0);
        assertArrayEquals(new double[] {19, 22, 43, 50, 5, 6, 7, 8}, shared);
    }
}
