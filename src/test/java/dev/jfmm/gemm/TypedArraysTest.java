package dev.jfmm.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Inf/NaN scan that sends fast-scheme calls to the classical path, against Double.isFinite element by element. */
class TypedArraysTest {

    private static final double[] BAD = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    /**
     * Every position of a 5 x 7 view (row-major and transposed strides, with a padded leading dimension and
     * an offset), each bad value there: not finite; finite extremes everywhere: finite.
     */
    @Test
    void allFiniteFindsEveryInfAndNaN() {
        int rows = 5, cols = 7, ld = 9, offset = 3;
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
}
