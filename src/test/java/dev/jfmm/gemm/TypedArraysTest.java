package dev.jfmm.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The array primitives against plain element-by-element oracles: the Inf/NaN scan that sends fast-scheme
 * calls to the classical path, and the merges and sums (in vectors where the Vector API is enabled, with
 * a scalar tail), which must give the oracle's bits.
 */
class TypedArraysTest {

    private static final double[] BAD = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    /**
     * Every position of a 5 x 7 view (row-major and transposed strides, with a padded leading dimension and
     * an offset), each bad value there: not finite; finite extremes everywhere: finite.
     */
    @Test
    void allFiniteFindsEveryInfAndNaN() {
        for (int cols : new int[] {7, 37}) { // 37: whole vectors of 8 doubles or 16 floats, then a tail
            allFiniteFindsEveryInfAndNaN(5, cols, cols + 2, 3);
        }
    }

    private static void allFiniteFindsEveryInfAndNaN(int rows, int cols, int ld, int offset) {
        for (boolean transposed : new boolean[] {false, true}) {
            int rowStride = transposed ? 1 : ld, colStride = transposed ? ld : 1;
            int length = offset + (transposed ? cols : rows) * ld;
            double[] doubles = new double[length];
            float[] floats = new float[length];
            for (int i = 0; i < length; i++) {
                doubles[i] = i % 2 == 0 ? Double.MAX_VALUE : -Double.MIN_VALUE;
                floats[i] = i % 2 == 0 ? Float.MAX_VALUE : -Float.MIN_VALUE;
            }
            String view = transposed ? "transposed" : "row-major";
            assertEquals(true, TypedArrays.DOUBLES.allFinite(doubles, offset, rowStride, colStride, rows, cols), view);
            assertEquals(true, TypedArrays.FLOATS.allFinite(floats, offset, rowStride, colStride, rows, cols), view);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    int at = offset + r * rowStride + j * colStride;
                    for (double bad : BAD) {
                        double[] d = doubles.clone();
                        float[] f = floats.clone();
                        d[at] = bad;
                        f[at] = (float) bad;
                        String where = view + " (" + r + ", " + j + ") = " + bad;
                        assertEquals(false, TypedArrays.DOUBLES.allFinite(d, offset, rowStride, colStride, rows, cols), where);
                        assertEquals(false, TypedArrays.FLOATS.allFinite(f, offset, rowStride, colStride, rows, cols), where);
                    }
                }
            }
            // Outside the view (the padding between rows, before the offset) does not count.
            double[] d = doubles.clone();
            d[offset - 1] = Double.NaN;
            d[offset + (transposed ? rows : cols)] = Double.NaN;
            assertEquals(true, TypedArrays.DOUBLES.allFinite(d, offset, rowStride, colStride, rows, cols), view);
        }
    }

    /**
     * merge, axpy and addOrSubtract on rows of 0 to 70 elements at offsets (vector bodies and tails), every
     * alpha/beta case (beta 0 over NaN, which must not be read): the bits of the scalar formula.
     */
    @Test
    void mergesAndSumsGiveTheScalarFormulasBits() {
        Random random = new Random(7);
        int ld = 80, rows = 3;
        for (int cols = 0; cols <= 70; cols++) {
            double[] t = random.doubles(5 + rows * ld).map(x -> x - 0.5).toArray();
            double[] c0 = random.doubles(2 + rows * ld).map(x -> x - 0.5).toArray();
            float[] tf = toFloats(t), cf0 = toFloats(c0);
            for (double alpha : new double[] {1, -1, 0.3}) {
                for (double beta : new double[] {0, 1, -0.7}) {
                    double[] c = c0.clone(), expected = c0.clone();
                    float[] cf = cf0.clone(), expectedF = cf0.clone();
                    float fa = (float) alpha, fb = (float) beta;
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) {
                            int ci = 2 + r * ld + j, ti = 5 + r * ld + j;
                            if (beta == 0) {
                                c[ci] = Double.NaN;
                                cf[ci] = Float.NaN;
                            }
                            expected[ci] = beta == 0 ? t[ti] * alpha : c0[ci] * beta + t[ti] * alpha;
                            expectedF[ci] = fb == 0 ? tf[ti] * fa : cf0[ci] * fb + tf[ti] * fa;
                        }
                    }
                    String what = "merge " + cols + " columns, alpha " + alpha + ", beta " + beta;
                    TypedArrays.DOUBLES.merge(t, 5, ld, rows, cols, c, 2, ld, alpha, beta);
                    TypedArrays.FLOATS.merge(tf, 5, ld, rows, cols, cf, 2, ld, alpha, beta);
                    assertArrayEquals(expected, c, what);
                    assertArrayEquals(expectedF, cf, what);
                }
                for (boolean first : new boolean[] {true, false}) {
                    double[] d = c0.clone(), expected = c0.clone();
                    float[] df = cf0.clone(), expectedF = cf0.clone();
                    float fa = (float) alpha;
                    for (int j = 0; j < cols; j++) {
                        expected[2 + j] = first ? alpha * t[5 + j] : c0[2 + j] + alpha * t[5 + j];
                        expectedF[2 + j] = first ? fa * tf[5 + j] : cf0[2 + j] + fa * tf[5 + j];
                    }
                    String what = "axpy " + cols + ", coefficient " + alpha + (first ? ", first" : "");
                    TypedArrays.DOUBLES.axpy(t, 5, 1, d, 2, 1, cols, alpha, first);
                    TypedArrays.FLOATS.axpy(tf, 5, 1, df, 2, 1, cols, alpha, first);
                    assertArrayEquals(expected, d, what);
                    assertArrayEquals(expectedF, df, what);
                }
            }
            for (boolean add : new boolean[] {true, false}) {
                double[] d = c0.clone(), expected = c0.clone();
                float[] df = cf0.clone(), expectedF = cf0.clone();
                for (int j = 0; j < cols; j++) {
                    expected[2 + j] = add ? c0[2 + j] + t[5 + j] : c0[2 + j] - t[5 + j];
                    expectedF[2 + j] = add ? cf0[2 + j] + tf[5 + j] : cf0[2 + j] - tf[5 + j];
                }
                TypedArrays.DOUBLES.addOrSubtract(t, 5, d, 2, cols, add);
                TypedArrays.FLOATS.addOrSubtract(tf, 5, df, 2, cols, add);
                assertArrayEquals(expected, d, (add ? "add " : "subtract ") + cols);
                assertArrayEquals(expectedF, df, (add ? "add " : "subtract ") + cols);
            }
        }
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
