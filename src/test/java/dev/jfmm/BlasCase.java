package dev.jfmm;

import java.util.SplittableRandom;

/**
 * One dgemm/sgemm call with randomly padded leading dimensions and offsets, and the test oracle:
 * C computed straight from the BLAS definition (element (r, c) of a stored matrix, op(X) by swapping
 * indices), sharing no code with the library. Arrays carry padding between rows and past the end so
 * tests can check that only C's own elements change.
 */
final class BlasCase {

    /** Marks C's elements that are not part of the matrix: they must survive every call. */
    static final double SENTINEL = -12345.0;

    final Layout layout;
    final Transpose transA;
    final Transpose transB;
    final int m, n, k;
    final int offA, lda, offB, ldb, offC, ldc;
    final double[] a, b, c;

    BlasCase(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
             SplittableRandom random, boolean integers) {
        this.layout = layout;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        boolean noTransA = transA == Transpose.NO_TRANSPOSE;
        boolean noTransB = transB == Transpose.NO_TRANSPOSE;
        lda = minLd(noTransA ? m : k, noTransA ? k : m) + random.nextInt(3);
        ldb = minLd(noTransB ? k : n, noTransB ? n : k) + random.nextInt(3);
        ldc = minLd(m, n) + random.nextInt(3);
        offA = random.nextInt(4);
        offB = random.nextInt(4);
        offC = random.nextInt(4);
        a = stored(noTransA ? m : k, noTransA ? k : m, lda, offA, random, integers);
        b = stored(noTransB ? k : n, noTransB ? n : k, ldb, offB, random, integers);
        c = stored(m, n, ldc, offC, random, integers);
    }

    private int minLd(int rows, int cols) {
        return Math.max(1, layout == Layout.ROW_MAJOR ? cols : rows);
    }

    /** Index of element (r, col) of a stored matrix in this case's layout. */
    int index(int offset, int ld, int r, int col) {
        return layout == Layout.ROW_MAJOR ? offset + r * ld + col : offset + r + col * ld;
    }

    private double[] stored(int rows, int cols, int ld, int offset, SplittableRandom random, boolean integers) {
        int outer = layout == Layout.ROW_MAJOR ? rows : cols;
        int length = offset + Math.max(0, outer) * ld + random.nextInt(3);
        double[] x = new double[length];
        java.util.Arrays.fill(x, SENTINEL);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                x[index(offset, ld, r, col)] = integers ? random.nextInt(-4, 5) : random.nextDouble(-1, 1);
            }
        }
        return x;
    }

    double opA(double[] x, int i, int p) {
        return transA == Transpose.NO_TRANSPOSE ? x[index(offA, lda, i, p)] : x[index(offA, lda, p, i)];
    }

    double opB(double[] x, int p, int j) {
        return transB == Transpose.NO_TRANSPOSE ? x[index(offB, ldb, p, j)] : x[index(offB, ldb, j, p)];
    }

    /** The definition: alpha * op(A) op(B) + beta * C, C not read when beta == 0, A and B not read when alpha == 0. */
    double[] expected(double alpha, double beta) {
        double[] result = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                if (alpha != 0) {
                    for (int p = 0; p < k; p++) {
                        sum += opA(a, i, p) * opB(b, p, j);
                    }
                }
                int ci = index(offC, ldc, i, j);
                double product = alpha == 0 ? 0 : alpha * sum;
                result[ci] = beta == 0 ? product : product + beta * c[ci];
            }
        }
        return result;
    }

    /** Elementwise |alpha| |op(A)| |op(B)| + |beta| |C|: the scale of the classical error bound. */
    double[] magnitude(double alpha, double beta) {
        double[] result = new double[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += Math.abs(opA(a, i, p) * opB(b, p, j));
                }
                int ci = index(offC, ldc, i, j);
                result[ci] = Math.abs(alpha) * sum + (beta == 0 ? 0 : Math.abs(beta * c[ci]));
            }
        }
        return result;
    }

    /** Whether index i of the C array is an element of the m x n matrix (the rest must stay untouched). */
    boolean inC(int index) {
        int rel = index - offC;
        if (rel < 0) {
            return false;
        }
        int inner = rel % ldc, outer = rel / ldc;
        return layout == Layout.ROW_MAJOR ? outer < m && inner < n : outer < n && inner < m;
    }

    void dgemm(Gemm gemm, double alpha, double beta, double[] cOut) {
        gemm.dgemm(layout, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, cOut, offC, ldc);
    }

    void sgemm(Gemm gemm, float alpha, float beta, float[] cOut) {
        gemm.sgemm(layout, transA, transB, m, n, k, alpha, toFloat(a), offA, lda, toFloat(b), offB, ldb,
                beta, cOut, offC, ldc);
    }

    /** Rounds A, B and C to float in place, so the double oracle sees exactly what sgemm sees. */
    BlasCase roundToFloat() {
        for (double[] x : new double[][] {a, b, c}) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) x[i];
            }
        }
        return this;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return layout + " " + transA + " " + transB + " m=" + m + " n=" + n + " k=" + k
                + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " offsets " + offA + "/" + offB + "/" + offC;
    }
}
