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

    /** The same product restricted to rows [from, to) of A and C: how work is split between threads. */
    public GemmShape rows(int from, int to) {
        if (from < 0 || to > m || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + m + ")");
        }
        return new GemmShape(to - from, n, k,
                aOffset + from * aRowStride, aRowStride, aColStride,
                bOffset, bRowStride, bColStride,
                cOffset + from * ldc, ldc);
    }

    /** Multiply-adds of the product, as a long (m * n * k overflows int from about 1290 cubed). */
    public long multiplyAdds() {
        return (long) m * n * k;
    }
}
