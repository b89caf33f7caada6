package dev.jfmm.gemm;

/**
 * The index arithmetic of one validated product C = alpha * A * B + beta * C, in the one form every
 * backend sees: C is m x n row-major with leading dimension {@code ldc}; A (m x k) and B (k x n) are
 * strided views, element (i, p) of A at {@code aOffset + i * aRowStride + p * aColStride}.
 *
 * <p>The public API turns every BLAS layout and transpose into this form (a column-major product is
 * the row-major product of the transposes), and checks that every index a backend can form lies inside
 * its array, so backends index without further checks and without int overflow.
 */
public record GemmShape(
        int m, int n, int k,
        int aOffset, int aRowStride, int aColStride,
        int bOffset, int bRowStride, int bColStride,
        int cOffset, int ldc) {

    /** Index of A(i, p). */
    public int a(int i, int p) {
        return aOffset + i * aRowStride + p * aColStride;
    }

    /** Index of B(p, j). */
    public int b(int p, int j) {
        return bOffset + p * bRowStride + j * bColStride;
    }

    /** Index of C(i, j). */
    public int c(int i, int j) {
        return cOffset + i * ldc + j;
    }

    /** The same product on operands at other offsets (a planned product's call). */
    public GemmShape at(int aOffset, int bOffset, int cOffset) {
        return new GemmShape(m, n, k, aOffset, aRowStride, aColStride, bOffset, bRowStride, bColStride, cOffset, ldc);
    }

    /** The same product restricted to rows [from, to) of A and C: how work is split between threads. */
    public GemmShape rows(int from, int to) {
        if (from < 0 || to > m || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + m + ")");
        }
        return block(from, to - from, 0, n, 0, k);
    }

    /**
     * The sub-product C(i0.., j0..) (rows x cols) of A(i0.., p0..) (rows x depth) times B(p0.., j0..)
     * (depth x cols), as a view of the same arrays: how the fast-scheme recursion takes blocks and fringes.
     */
    public GemmShape block(int i0, int rows, int j0, int cols, int p0, int depth) {
        if (i0 < 0 || rows < 0 || i0 + rows > m || j0 < 0 || cols < 0 || j0 + cols > n
                || p0 < 0 || depth < 0 || p0 + depth > k) {
            throw new IllegalArgumentException("block rows [" + i0 + ", " + (i0 + rows) + "), columns [" + j0 + ", "
                    + (j0 + cols) + "), depth [" + p0 + ", " + (p0 + depth) + ") outside " + m + " x " + n + " x " + k);
        }
        return new GemmShape(rows, cols, depth,
                aOffset + i0 * aRowStride + p0 * aColStride, aRowStride, aColStride,
                bOffset + p0 * bRowStride + j0 * bColStride, bRowStride, bColStride,
                cOffset + i0 * ldc + j0, ldc);
    }

    /** Multiply-adds of the product, as a long (m * n * k overflows int from about 1290 cubed). */
    public long multiplyAdds() {
        return (long) m * n * k;
    }
}
