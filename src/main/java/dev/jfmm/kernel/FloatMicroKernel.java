package dev.jfmm.kernel;

/** A generated single-precision micro-kernel; see {@link DoubleMicroKernel}. */
public interface FloatMicroKernel {

    void compute(int kc, float[] a, int aIndex, float[] b, int bIndex, float[] tile);

    void merge(float[] tile, float[] c, int cIndex, int ldc, float alpha, float beta);
}
