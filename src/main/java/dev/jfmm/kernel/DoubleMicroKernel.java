package dev.jfmm.kernel;

/**
 * A generated double-precision micro-kernel: C(MR x NR tile) = alpha * packedA * packedB + beta * C.
 * The layouts of the packed panels and of C are written down in {@link MicroKernels}.
 */
public interface DoubleMicroKernel {
    void compute(int kc, double[] a, int aIndex, double[] b, int bIndex, double[] c, int cIndex, int ldc,
                 double alpha, double beta);
}
