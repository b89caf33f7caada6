package dev.jfmm;

import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.hw.VectorUnit;
import dev.jfmm.scheme.Scheme;

/**
 * jfmm's entry point: BLAS dgemm/sgemm and a one-line {@code multiply}, on the process-wide thread
 * setting. For a thread count per call site use {@link #withThreads(int)}, which returns a {@link Gemm}
 * with the same methods.
 *
 * <pre>{@code
 * double[] c = Jfmm.multiply(a, b, m, k, n);                 // row-major, C = A * B
 * Jfmm.dgemm(Layout.COLUMN_MAJOR, Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE,
 *            m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, c, 0, ldc);   // as cblas_dgemm
 * }</pre>
 *
 * <p>Threads default to all processors (or the system property {@code jfmm.threads}) and run on one
 * pool that is created once and reused. Results do not depend on the thread count.
 */
public final class Jfmm {

    private static volatile Gemm defaults = new Gemm(initialThreads());

    private Jfmm() {
    }

    private static int initialThreads() {
        String property = System.getProperty("jfmm.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Integer.parseInt(property.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("jfmm.threads = '" + property + "' is not a whole number");
        }
    }

    /** Sets the number of threads later calls may use (at least 1). */
    public static void setThreads(int threads) {
        defaults = new Gemm(threads);
    }

    /** The number of threads calls may use. */
    public static int threads() {
        return defaults.threads();
    }

    /** A multiplier with its own thread count, for one call or one call site. */
    public static Gemm withThreads(int threads) {
        return new Gemm(threads);
    }

    /**
     * A multiplier on the process-wide thread setting that runs a fast scheme for {@code levels} levels;
     * see {@link Gemm#withScheme}. Without it every product is classical.
     */
    public static Gemm withScheme(Scheme scheme, int levels) {
        return defaults.withScheme(scheme, levels);
    }

    /** The backend this process dispatches products to, e.g. "simd-512bit" or "scalar". */
    public static String backend() {
        return Dispatcher.get().backend().name();
    }

    /**
     * What ran for the last call made on the current thread: a backend name, "scale" when only C was
     * scaled (alpha == 0 or k == 0), or "none" when C was empty.
     */
    public static String lastBackend() {
        return Gemm.lastBackend();
    }

    /** Whether SIMD kernels are available, i.e. the JVM runs with {@value VectorUnit#ENABLE_FLAG}. */
    public static boolean vectorApiEnabled() {
        return VectorUnit.available();
    }

    /** BLAS dgemm: C = alpha * op(A) * op(B) + beta * C; see {@link Gemm#dgemm}. */
    public static void dgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                             double alpha, double[] a, int offA, int lda, double[] b, int offB, int ldb,
                             double beta, double[] c, int offC, int ldc) {
        defaults.dgemm(layout, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /** BLAS sgemm: C = alpha * op(A) * op(B) + beta * C; see {@link Gemm#sgemm}. */
    public static void sgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        defaults.sgemm(layout, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /** C = A * B for row-major A (m x k) and B (k x n); returns the new m x n row-major C. */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        return defaults.multiply(a, b, m, k, n);
    }

    /** C = A * B for row-major A (m x k) and B (k x n); returns the new m x n row-major C. */
    public static float[] multiply(float[] a, float[] b, int m, int k, int n) {
        return defaults.multiply(a, b, m, k, n);
    }

    /** C = A * B for rectangular two-dimensional arrays (A[i] is row i); returns a new C. */
    public static double[][] multiply(double[][] a, double[][] b) {
        return defaults.multiply(a, b);
    }
}
