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
 * GemmPlan<double[]> p = Jfmm.planDgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE,
 *            4, 4, 4, 1.0, 4, 4, 0.0, 4);                        // checked once, for many 4 x 4 products
 * p.multiply(a, 0, b, 0, c, 0);
 * }</pre>
 *
 * <p>Threads default to all processors (or the system property {@code jfmm.threads}) and run on one
 * pool that is created once and reused. Results do not depend on the thread count. Products are
 * classical unless a scheme is asked for ({@link #withScheme}) or the {@link Accuracy} policy admits
 * one of the hardware profile's fast schemes.
 */
public final class Jfmm {

    private static volatile Gemm defaults = new Gemm(initialThreads());
    /** The process-wide accuracy policy; null until set or first read from the system property. */
    private static volatile Accuracy accuracy;

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
     * see {@link Gemm#withScheme}. It runs whatever the accuracy policy.
     */
    public static Gemm withScheme(Scheme scheme, int levels) {
        return defaults.withScheme(scheme, levels);
    }

    /**
     * Sets the accuracy policy within which later calls may choose a fast scheme on their own (see
     * {@link Accuracy}); the default is {@link Accuracy#CLASSICAL}, or the system property
     * {@value Accuracy#PROPERTY}.
     */
    public static void setAccuracy(Accuracy policy) {
        if (policy == null) {
            throw new NullPointerException("accuracy is null");
        }
        accuracy = policy;
    }

    /**
     * The process-wide accuracy policy: as set, else as the system property {@value Accuracy#PROPERTY}
     * says, else {@link Accuracy#CLASSICAL}.
     *
     * @throws IllegalArgumentException when the property holds neither classical nor growth:X; the message names it
     */
    public static Accuracy accuracy() {
        Accuracy a = accuracy;
        if (a == null) {
            a = Accuracy.fromProperty(System.getProperty(Accuracy.PROPERTY));
            accuracy = a;
        }
        return a;
    }

    /** A multiplier on the process-wide thread setting with its own accuracy policy; see {@link Gemm#withAccuracy}. */
    public static Gemm withAccuracy(Accuracy policy) {
        return defaults.withAccuracy(policy);
    }

    /** The backend this process dispatches products to, e.g. "simd-512bit" or "scalar". */
    public static String backend() {
        return Dispatcher.get().backend().name();
    }

    /**
     * What ran for the last call made on the current thread and why: a backend name, then in parentheses
     * the accuracy policy and the profile candidate it chose ("fast(2x2x2;7 fused)+simd-512bit (policy
     * growth<=10, profile candidate strassen_2x2x2_r7_Z)", "simd-512bit (policy classical)"), or nothing
     * for a scheme asked for; "scale" when only C was scaled (alpha == 0 or k == 0), "none" when C was empty.
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

    /** A plan for many dgemm calls of one shape, on the process-wide thread setting; see {@link Gemm#planDgemm}. */
    public static GemmPlan<double[]> planDgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                               double alpha, int lda, int ldb, double beta, int ldc) {
        return defaults.planDgemm(layout, transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
    }

    /** A plan for many sgemm calls of one shape, on the process-wide thread setting; see {@link Gemm#planSgemm}. */
    public static GemmPlan<float[]> planSgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                              float alpha, int lda, int ldb, float beta, int ldc) {
        return defaults.planSgemm(layout, transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
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
