package dev.jfmm.gemm;

/**
 * One implementation of C = alpha * A * B + beta * C on a {@link GemmShape}: the seam that the
 * reference, the SIMD kernels and later the fast-scheme and OpenCL backends plug into.
 *
 * <p>The contract, which the dispatcher relies on:
 * <ul>
 *   <li>the shape has m, n, k >= 1 and alpha != 0 (the dispatcher handles the degenerate cases);</li>
 *   <li>every index the shape describes is valid, and C does not overlap A or B;</li>
 *   <li>beta == 0 must not read C, so NaN or Inf already in C is overwritten, as in BLAS;</li>
 *   <li>each element of C is computed in an order that depends only on the shape's k and on the
 *       backend, never on which rows the call covers, so splitting rows across threads cannot change
 *       the result.</li>
 * </ul>
 */
public interface GemmBackend {

    /** A short stable name shown by {@code jfmm info} and {@code Jfmm.lastBackend()}. */
    String name();

    /**
     * What the last call on the current thread ran, for {@code Jfmm.lastBackend()}: the name, unless the
     * backend chooses per call (the fast-scheme backend falls back to the classical one on Inf/NaN input).
     */
    default String lastRun() {
        return name();
    }

    void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c);

    /**
     * Products of s's dimensions and strides (any offsets) with what can be decided ahead decided, or null
     * where this backend decides nothing ahead. Called only for shapes the backend's contract admits.
     */
    default PreparedProduct<double[]> prepareDoubles(GemmShape s) {
        return null;
    }

    /** As {@link #prepareDoubles}, in float. */
    default PreparedProduct<float[]> prepareFloats(GemmShape s) {
        return null;
    }

    void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c);
}
