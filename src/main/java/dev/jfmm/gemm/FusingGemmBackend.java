package dev.jfmm.gemm;

/**
 * A backend that runs a fast scheme's product with the sums fused into its packing and the scatter into
 * C fused into its tile store ({@link SchemeProduct}), so the scheme needs no temporaries: Huang, Smith,
 * Henry and van de Geijn's "Strassen's algorithm reloaded" (SC16). The same contract as
 * {@link ParallelGemmBackend}, with each cBeta in the role of beta.
 */
interface FusingGemmBackend extends ParallelGemmBackend {

    /** Width of the vectors its generated code uses; generated scheme sums for it use the same. */
    int vectorBits();

    void dgemm(GemmShape s, SchemeProduct product, double alpha, double[] a, double[] b, double[] c, int threads);

    void sgemm(GemmShape s, SchemeProduct product, float alpha, float[] a, float[] b, float[] c, int threads);
}
