package dev.jfmm.tune;

import java.util.Arrays;

/** Wall-clock timing of products: warm-up, timed runs, medians, and runs paired with a baseline. */
public final class Timing {

    private Timing() {
    }

    /**
     * Runs {@code product} until the JIT has seen it: at least 3 runs and 0.5 s, at most 200 runs, so only
     * products under 2.5 ms stop short of 0.5 s (at most 20 gave a 1024 product on two threads, 8-17 ms a
     * run, 0.2-0.34 s; see DemoCommand for the spread that came with it).
     */
    public static void warmUp(Runnable product) {
        long start = System.nanoTime();
        for (int w = 0; w < 200 && (w < 3 || System.nanoTime() - start < 500_000_000L); w++) {
            product.run();
        }
    }

    /** One run, in seconds. */
    public static double seconds(Runnable product) {
        long t0 = System.nanoTime();
        product.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Warm-up, then {@code runs} timed runs, in seconds. */
    public static double[] warmAndTime(Runnable product, int runs) {
        warmUp(product);
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            seconds[r] = seconds(product);
        }
        return seconds;
    }

    /**
     * Times of pairs, each the baseline then the candidate run back to back so that both see the same machine
     * (load, clock) run by run; both should be warm.
     *
     * @param baseline  seconds of the baseline per pair
     * @param candidate seconds of the candidate per pair
     */
    public record Pairs(double[] baseline, double[] candidate) {
        /** The median over pairs of baseline time / candidate time: above 1 when the candidate is faster. */
        public double medianSpeedup() {
            double[] ratios = new double[baseline.length];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = baseline[r] / candidate[r];
            }
            return median(ratios);
        }
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
