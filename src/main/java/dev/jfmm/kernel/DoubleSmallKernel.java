package dev.jfmm.kernel;

/**
 * A generated small-shape kernel in double (see {@link SmallKernelSpec} and {@link SmallKernels}):
 * C = alpha * A * B + beta * C for one block of rows, read and written in place. A(r, p) is
 * {@code a[aIndex + r * aRowStride + p * aColStride]}, B(p, j) is {@code b[bIndex + p * ldb + j]},
 * C(r, j) is {@code c[cIndex + r * ldc + j]}; beta == 0 does not read C.
 *
 * <p>When the spec is {@link SmallKernelSpec#partial() partial}, B is read in whole vectors, so each
 * of its rows needs {@code vectors() * lanes()} readable elements (only the first n matter), and the
 * columns from {@link SmallKernelSpec#wholeColumns()} on are not written to C: the unscaled sums of
 * row r's last vector go to {@code tile[r * lanes() ..]} for the caller to merge.
 */
public interface DoubleSmallKernel {

    /** The product for MR rows. */
    void rows(double[] a, int aIndex, int aRowStride, int aColStride, double[] b, int bIndex, int ldb,
              double[] c, int cIndex, int ldc, double alpha, double beta, double[] tile);

    /** The product for the spec's fringe rows (nothing when it has none). */
    void fringe(double[] a, int aIndex, int aRowStride, int aColStride, double[] b, int bIndex, int ldb,
                double[] c, int cIndex, int ldc, double alpha, double beta, double[] tile);
}
