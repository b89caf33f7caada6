package dev.jfmm.kernel;

/**
 * A generated double-precision micro-kernel: the MR x NR product of packed panels into a tile, then the
 * tile merged into C with alpha and beta. The contract is written down in {@link MicroKernels}.
 */
public interface DoubleMicroKernel {

    /** tile[0 .. MR * NR) = packedA(MR x kc) * packedB(kc x NR), row-major; kc a multiple of kUnroll. */
    void compute(int kc, double[] a, int aIndex, double[] b, int bIndex, double[] tile);

    /** C(MR x NR at cIndex, row stride ldc) = tile * alpha + C * beta; beta == 0 does not read C. */
    void merge(double[] tile, double[] c, int cIndex, int ldc, double alpha, double beta);
}
