package dev.jfmm.tune;

import dev.jfmm.Gemm;
import dev.jfmm.Jfmm;
import dev.jfmm.Layout;
import dev.jfmm.Transpose;
import dev.jfmm.gemm.GemmShape;
import dev.jfmm.gemm.ReferenceGemm;
import dev.jfmm.kernel.Precision;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times jfmm on one shape and checks it against the reference: the measurement behind
 * {@code jfmm multiply}. Inputs are uniform in [-1, 1) from a fixed seed. The reference runs on a
 * sample of rows (all of them for small m), so checking a 4096-cubed product takes seconds, not hours.
 *
 * <p>The error is componentwise: max over the sampled C(i, j) of |C - R| / (|A| |B|)(i, j), the quantity
 * the classical bound k * eps limits.
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
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("m, n and k must be at least 1; got " + m + " x " + n + " x " + k);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs = " + runs + " must be at least 1");
        }
        for (long size : new long[] {(long) m * k, (long) k * n, (long) m * n}) {
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a " + m + " x " + n + " x " + k
                        + " product has a matrix larger than a Java array can hold");
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = random.doubles((long) m * k, -1, 1).toArray();
        double[] b = random.doubles((long) k * n, -1, 1).toArray();
        Product product = precision == Precision.DOUBLE
                ? doubleProduct(gemm, m, n, k, a, b)
                : floatProduct(gemm, m, n, k, a, b);
        double median = median(time(product, runs));
        String backend = Jfmm.lastBackend();
        Check check = check(m, n, k, a, b, product.resultAsDouble());
        return new Result(backend, runs, median, 2.0 * m * n * k / median / 1e9,
                check.referenceGflops(), check.maxError(), k * precision.eps);
    }

    /** One product to time, and its C read back in double for the check. */
    private interface Product extends Runnable {
        double[] resultAsDouble();
    }

    private static Product doubleProduct(Gemm gemm, int m, int n, int k, double[] a, double[] b) {
        double[] c = new double[m * n];
        return new Product() {
            @Override
            public void run() {
                gemm.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE,
                        m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n);
            }

            @Override
            public double[] resultAsDouble() {
                return c;
            }
        };
    }

    /** Rounds a and b to float in place, so the double oracle sees exactly the inputs sgemm sees. */
    private static Product floatProduct(Gemm gemm, int m, int n, int k, double[] a, double[] b) {
        float[] af = toFloat(a), bf = toFloat(b), c = new float[m * n];
        System.arraycopy(toDouble(af), 0, a, 0, a.length);
        System.arraycopy(toDouble(bf), 0, b, 0, b.length);
        return new Product() {
            @Override
            public void run() {
                gemm.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE,
                        m, n, k, 1, af, 0, k, bf, 0, n, 0, c, 0, n);
            }

            @Override
            public double[] resultAsDouble() {
                return toDouble(c);
            }
        };
    }

    private record Check(double maxError, double referenceGflops) {
    }

    /** Recomputes sampled rows with the reference and |A||B|; returns the max componentwise error. */
    private static Check check(int m, int n, int k, double[] a, double[] b, double[] c) {
        int rows = Math.min(m, SAMPLED_ROWS);
        double[] absA = Arrays.stream(a).map(Math::abs).toArray();
        double[] absB = Arrays.stream(b).map(Math::abs).toArray();
        double[] reference = new double[n];
        double[] magnitude = new double[n];
        double maxError = 0;
        long referenceNanos = 0;
        for (int r = 0; r < rows; r++) {
            int i = (int) ((long) r * m / rows);
            GemmShape row = new GemmShape(1, n, k, i * k, k, 1, 0, n, 1, 0, n);
            long t0 = System.nanoTime();
            ReferenceGemm.INSTANCE.dgemm(row, 1, a, b, 0, reference);
            referenceNanos += System.nanoTime() - t0;
            ReferenceGemm.INSTANCE.dgemm(row, 1, absA, absB, 0, magnitude);
            for (int j = 0; j < n; j++) {
                double scale = magnitude[j] == 0 ? Double.MIN_NORMAL : magnitude[j];
                maxError = Math.max(maxError, Math.abs(c[i * n + j] - reference[j]) / scale);
            }
        }
        return new Check(maxError, 2.0 * rows * n * k / Math.max(1, referenceNanos));
    }

    /** Warm-up (at least 3 runs and 0.5 s, at most 20 runs), then {@code runs} timed runs, in seconds. */
    private static double[] time(Runnable product, int runs) {
        long warmStart = System.nanoTime();
        for (int w = 0; w < 20 && (w < 3 || System.nanoTime() - warmStart < 500_000_000L); w++) {
            product.run();
        }
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            product.run();
            seconds[r] = (System.nanoTime() - t0) / 1e9;
        }
        return seconds;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
