package dev.jfmm.gemm;

/**
 * A backend that spreads one call over threads itself (sharing packed panels between them), so the
 * dispatcher hands it the thread count instead of splitting C's rows. The same contract as
 * {@link GemmBackend}: the result must not depend on the thread count.
 */
interface ParallelGemmBackend extends GemmBackend {

    void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c, int threads);

    void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c, int threads);

    @Override
    default void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c) {
        dgemm(s, alpha, a, b, beta, c, 1);
    }

    @Override
    default void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c) {
        sgemm(s, alpha, a, b, beta, c, 1);
    }
}
