package dev.jfmm.gemm;

/**
 * Products whose dimensions and strides were fixed ahead (a {@link GemmShape} at any offsets), with
 * whatever could be decided once already decided: the kernel chosen, generated for the shape, with its
 * strides as constants. X is double[] or float[]; alpha and beta travel as double.
 */
public interface PreparedProduct<X> {

    /** C = alpha * A * B + beta * C for a shape with the prepared dimensions and strides. */
    void gemm(GemmShape s, double alpha, X a, X b, double beta, X c);

    /** What runs, as {@link GemmBackend#lastRun()} would say. */
    String name();
}
