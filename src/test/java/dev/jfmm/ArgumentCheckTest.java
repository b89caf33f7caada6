package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.jfmm.Layout.COLUMN_MAJOR;
import static dev.jfmm.Layout.ROW_MAJOR;
import static dev.jfmm.Transpose.NO_TRANSPOSE;
import static dev.jfmm.Transpose.TRANSPOSE;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a clear error naming the argument, and C is not changed. */
class ArgumentCheckTest {

    /** A valid call: row-major 3 x 4 times 4 x 5; each bad case changes one argument. */
    record Call(Layout layout, Transpose ta, Transpose tb, int m, int n, int k,
                double[] a, int offA, int lda, double[] b, int offB, int ldb, double[] c, int offC, int ldc) {
        static Call valid() {
            return new Call(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 3, 5, 4,
                    new double[12], 0, 4, new double[20], 0, 5, filled(15), 0, 5);
        }

        void dgemm() {
            Jfmm.dgemm(layout, ta, tb, m, n, k, 1, a, offA, lda, b, offB, ldb, 1, c, offC, ldc);
        }
    }

    static double[] filled(int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i + 0.5;
        }
        return c;
    }

    static Stream<Arguments> badCalls() {
        Call v = Call.valid();
        return Stream.of(
                bad("layout is null", new Call(null, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("transA is null", new Call(v.layout, null, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("transB is null", new Call(v.layout, v.ta, null, 3, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("m = -1 must not be negative", new Call(v.layout, v.ta, v.tb, -1, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("n = -2 must not be negative", new Call(v.layout, v.ta, v.tb, 3, -2, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("k = -3 must not be negative", new Call(v.layout, v.ta, v.tb, 3, 5, -3, v.a, 0, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("lda = 3 is below max(1, 4)", new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 3, v.b, 0, 5, v.c, 0, 5)),
                bad("ldb = 4 is below max(1, 5)", new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 0, 4, v.c, 0, 5)),
                bad("ldc = 4 is below max(1, 5)", new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 4)),
                // transposed A in row-major is stored k x m, so lda must cover m = 3, not k = 4
                bad("lda = 2 is below max(1, 3), the minimum for row-major A stored as 4 x 3",
                        new Call(v.layout, TRANSPOSE, v.tb, 3, 5, 4, v.a, 0, 2, v.b, 0, 5, v.c, 0, 5)),
                // column-major C must have ldc >= m
                bad("ldc = 2 is below max(1, 3), the minimum for column-major C stored as 3 x 5",
                        new Call(COLUMN_MAJOR, v.ta, v.tb, 3, 5, 4, new double[12], 0, 3, v.b, 0, 4, v.c, 0, 2)),
                bad("needs 13 elements, but its array has 12", new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 1, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("row-major B stored as 4 x 5 with ldb = 5 at offset 0 needs 20 elements, but its array has 19",
                        new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, new double[19], 0, 5, v.c, 0, 5)),
                bad("C stored as 3 x 5 with ldc = 6 at offset 0 needs 17 elements, but its array has 15",
                        new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, 0, 6)),
                bad("offset of A = -1 must not be negative", new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, -1, 4, v.b, 0, 5, v.c, 0, 5)),
                bad("offset of B = 21 is past the end of its array (length 20)",
                        new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 21, 5, v.c, 0, 5)),
                bad("offset of C = -7 must not be negative", new Call(v.layout, v.ta, v.tb, 3, 5, 4, v.a, 0, 4, v.b, 0, 5, v.c, -7, 5)),
                // m * ldc = 100000 * 100000 overflows int: the check must see 10^10, not a wrapped value
                bad("needs 9999900005 elements, but its array has 15 (more than any Java array can hold)",
                        new Call(v.layout, v.ta, v.tb, 100_000, 5, 0, v.a, 0, 1, v.b, 0, 5, v.c, 0, 100_000)),
                bad("needs 4294836225 elements", new Call(v.layout, v.ta, v.tb, 65_535, 5, 65_535, v.a, 0, 65_535,
                        v.b, 0, 5, v.c, 0, 5)));
    }

    static Arguments bad(String message, Call call) {
        return Arguments.of(message, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badArgumentsAreRejectedBeforeCIsWritten(String message, Call call) {
        double[] before = call.c.clone();
        var e = assertThrows(IllegalArgumentException.class, call::dgemm);
        assertTrue(e.getMessage().startsWith("dgemm: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), "message '" + e.getMessage() + "' should say '" + message + "'");
        assertArrayEquals(before, call.c, "C changed although the call was rejected");
    }

    @Test
    void nullArraysAreNamed() {
        Call v = Call.valid();
        double[] before = v.c.clone();
        assertEquals("dgemm: array A is null", assertThrows(NullPointerException.class, () ->
                Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 3, 5, 4, 1, null, 0, 4, v.b, 0, 5, 1, v.c, 0, 5)).getMessage());
        assertEquals("sgemm: array B is null", assertThrows(NullPointerException.class, () ->
                Jfmm.sgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 3, 5, 4, 1, new float[12], 0, 4, null, 0, 5, 1, new float[15], 0, 5)).getMessage());
        assertEquals("dgemm: array C is null", assertThrows(NullPointerException.class, () ->
                Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, 3, 5, 4, 1, v.a, 0, 4, v.b, 0, 5, 1, null, 0, 5)).getMessage());
        assertArrayEquals(before, v.c);
    }

    @Test
    void sgemmChecksTheSameWay() {
        float[] c = new float[15];
        var e = assertThrows(IllegalArgumentException.class, () -> Jfmm.sgemm(COLUMN_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE,
                3, 5, 4, 1, new float[12], 0, 2, new float[20], 0, 4, 0, c, 0, 3));
        assertEquals("sgemm: lda = 2 is below max(1, 3), the minimum for column-major A stored as 3 x 4", e.getMessage());
    }

    @Test
    void multiplyChecksItsShapes() {
        assertThrows(IllegalArgumentException.class, () -> Jfmm.multiply(new double[5], new double[6], 2, 3, 2));
        var ragged = assertThrows(IllegalArgumentException.class,
                () -> Jfmm.multiply(new double[][] {{1, 2}, {3}}, new double[][] {{1}, {2}}));
        assertEquals("multiply: A is ragged: row 0 has 2 elements but row 1 has 1", ragged.getMessage());
        var mismatch = assertThrows(IllegalArgumentException.class,
                () -> Jfmm.multiply(new double[][] {{1, 2}}, new double[][] {{1}, {2}, {3}}));
        assertEquals("multiply: A is 1 x 2 but B has 3 rows; they must be equal", mismatch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Jfmm.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Jfmm.withThreads(-1));
    }

    @Test
    void twoDimensionalMultiplyMatchesTheDefinition() {
        double[][] a = {{1, 2, 3}, {4, 5, 6}};
        double[][] b = {{7, 8}, {9, 10}, {11, 12}};
        assertArrayEquals(new double[][] {{58, 64}, {139, 154}}, Jfmm.multiply(a, b));
        assertEquals(0, Jfmm.multiply(new double[0][], new double[][] {{1}}).length);
    }

    /** C sharing an array with A or B: the result is as if the inputs had been distinct copies. */
    @Test
    void cOverlappingAOrBIsHandledAsIfDistinct() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            int m = 1 + random.nextInt(12), n = 1 + random.nextInt(12), k = 1 + random.nextInt(12);
            double[] shared = new double[4 + m * k + k * n + m * n];
            for (int i = 0; i < shared.length; i++) {
                shared[i] = random.nextInt(-3, 4);
            }
            int offA = random.nextInt(4), offB = offA + m * k, offC = random.nextInt(shared.length - m * n + 1);
            double[] expected = shared.clone();
            double[] a = shared.clone(), b = shared.clone();
            Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, m, n, k, 2, a, offA, k, b, offB, n, -1, expected, offC, n);
            Jfmm.dgemm(ROW_MAJOR, NO_TRANSPOSE, NO_TRANSPOSE, m, n, k, 2, shared, offA, k, shared, offB, n, -1, shared, offC, n);
            assertArrayEquals(expected, shared, "trial " + trial + ": m=" + m + " n=" + n + " k=" + k + " offC=" + offC);
        }
    }
}
