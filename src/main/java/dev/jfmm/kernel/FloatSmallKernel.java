package dev.jfmm.kernel;

/** {@link DoubleSmallKernel} in float. */
public interface FloatSmallKernel {

    void rows(float[] a, int aIndex, int aRowStride, int aColStride, float[] b, int bIndex, int ldb,
              float[] c, int cIndex, int ldc, float alpha, float beta, float[] tile);

    void fringe(float[] a, int aIndex, int aRowStride, int aColStride, float[] b, int bIndex, int ldb,
                float[] c, int cIndex, int ldc, float alpha, float beta, float[] tile);
}
