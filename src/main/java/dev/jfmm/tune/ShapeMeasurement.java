package dev.jfmm.tune;

import dev.jfmm.Gemm;
import dev.jfmm.Jfmm;
import dev.jfmm.kernel.Precision;

/**
 * Times jfmm on one shape and checks it against the reference: the measurement behind
 * {@code jfmm multiply}, on {@link StandardInputs}. The reference runs on a sample of rows (all of them
 * for small m), so checking a 4096-cubed product takes seconds, not hours.
 */
public final class ShapeMeasurement {

    /** Rows of C the reference recomputes at most. */
    static final int SAMPLED_ROWS = 32;

    /**
     * @param backend          what jfmm ran
     * @param runs             timed runs (after warm-up)
     * @param medianSeconds    median time of one product
     * @param gflops           2 m n k / median time, in 1e9 per second
     * @param referenceGflops  the plain triple loop on the sampled rows, one thread
     * @param maxError         max componentwise error relative to |A| |B|
     * @param errorBound       the classical bound k * eps for it
     */
    public record Result(String backend, int runs, double medianSeconds, double gflops,
                         double referenceGflops, double maxError, double errorBound) {
    }

    private ShapeMeasurement() {
    }

    public static Result measure(int m, int n, int k, Precision precision, int threads, int runs, long seed) {
        return measure(Jfmm.withThreads(threads), m, n, k, precision, runs, seed);
    }

    /** As above, on the given multiplier (e.g. one running a fast scheme); the bound stays the classical k * eps. */
    public static Result measure(Gemm gemm, int m, int n, int k, Precision precision, int runs, long seed) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs = " + runs + " must be at least 1");
        }
        StandardInputs inputs = StandardInputs.of(m, n, k, precision, seed, SAMPLED_ROWS);
        StandardInputs.Product product = inputs.product(gemm);
        double median = Timing.median(Timing.warmAndTime(product, runs));
        String backend = Jfmm.lastBackend();
        return new Result(backend, runs, median, inputs.flops() / median / 1e9,
                inputs.referenceGflops(), inputs.maxError(product), inputs.classicalBound());
    }
}
