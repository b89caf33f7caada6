package dev.jfmm;

import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.gemm.GemmShape;
import dev.jfmm.gemm.PreparedProduct;
import dev.jfmm.gemm.SchemeChoice;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Scheme;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Matrix multiplication with BLAS dgemm/sgemm semantics and a fixed thread count: the object form of
 * {@link Jfmm}, for code that wants its own settings per call site. Immutable and thread-safe.
 *
 * <p>{@code C = alpha * op(A) * op(B) + beta * C} where op(A) is m x k, op(B) is k x n and C is m x n.
 * Every argument is checked before C is touched; a bad one throws IllegalArgumentException (or
 * NullPointerException for a null array) with a message naming it. As in BLAS: beta == 0 never reads
 * C, alpha == 0 or k == 0 never reads A or B. C may share an array with A or B: overlapping input is
 * copied first, so the result is as if they were distinct.
 *
 * <p>Products are classical unless a scheme was asked for ({@link #withScheme}) or the accuracy policy
 * ({@link #withAccuracy}, else the process-wide {@link Jfmm#accuracy()}) admits one of the hardware
 * profile's fast schemes for the call; {@link Jfmm#lastBackend()} says what ran and why.
 */
public final class Gemm {

    private static final ThreadLocal<String> LAST_BACKEND = ThreadLocal.withInitial(() -> "none");

    private final int threads;
    private final Dispatcher dispatcher;
    /** The accuracy policy; null follows the process-wide one ({@link Jfmm#accuracy()}) at each call. */
    private final Accuracy accuracy;
    /** For a multiplier running a scheme it was asked for: that route, which no policy overrides; else null. */
    private final SchemeChoice.Route asked;

    Gemm(int threads) {
        this(threads, null);
    }

    /** With a dispatcher of its own (tests run every backend through the whole API); null means the default. */
    Gemm(int threads, Dispatcher dispatcher) {
        this(threads, dispatcher, null, false);
    }

    private Gemm(int threads, Dispatcher dispatcher, Accuracy accuracy, boolean asked) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
        this.threads = threads;
        this.dispatcher = dispatcher;
        this.accuracy = accuracy;
        this.asked = asked ? SchemeChoice.Route.asked(dispatcher) : null;
    }

    private Dispatcher dispatcher() {
        return dispatcher != null ? dispatcher : Dispatcher.get();
    }

    /**
     * A multiplier with the same threads (and scheme, if it runs one it was asked for) that may choose fast
     * schemes on its own within {@code accuracy}; see {@link Accuracy}. A scheme asked for with
     * {@link #withScheme} runs whatever the policy.
     */
    public Gemm withAccuracy(Accuracy accuracy) {
        if (accuracy == null) {
            throw new NullPointerException("accuracy is null");
        }
        return new Gemm(threads, dispatcher, accuracy, asked != null);
    }

    /** The accuracy policy calls on this multiplier run under. */
    public Accuracy accuracy() {
        return accuracy != null ? accuracy : Jfmm.accuracy();
    }

    /**
     * A multiplier with the same threads that runs {@code scheme} for {@code levels} levels of block
     * recursion on top of this one's classical kernel (see {@link FastGemm}), whatever the accuracy
     * policy; a level runs only where its blocks are at least {@link FastGemm#DEFAULT_CUTOFF} in
     * every dimension (for another cutoff, {@code with(FastGemm.of(...).withCutoff(n))}). What ran is in
     * {@link Jfmm#lastBackend()}: the fast backend's name, or the classical one's with the reason (Inf or
     * NaN in A or B, blocks under the cutoff, or a shape smaller than the block grid).
     *
     * @throws IllegalArgumentException when the scheme does not verify, is over GF2, or levels is not 1..4
     */
    public Gemm withScheme(Scheme scheme, int levels) {
        return with(FastGemm.of(scheme, levels, dispatcher()));
    }

    /**
     * As {@link #withScheme(Scheme, int)}, with the given way of forming the sums (the default is
     * {@link FastGemm#defaultStrategy}).
     *
     * @throws IllegalArgumentException also when the strategy needs a backend this one does not run on
     */
    public Gemm withScheme(Scheme scheme, int levels, FastGemm.Strategy strategy) {
        return with(FastGemm.of(scheme, levels, strategy, dispatcher()));
    }

    /** A multiplier with the same threads that runs {@code fast}, whose leaves should be this one's dispatcher. */
    public Gemm with(FastGemm fast) {
        return new Gemm(threads, new Dispatcher(fast, dispatcher().profile()), accuracy, true);
    }

    /** The number of threads each call may use. */
    public int threads() {
        return threads;
    }

    /** What ran for the last call on the current thread: a backend name and why, "scale" or "none". */
    static String lastBackend() {
        return LAST_BACKEND.get();
    }

    /**
     * Sets {@link #lastBackend()}. Labels are constant strings, so a repeated call usually finds the same one
     * there: reading it is cheaper than the store (and its GC barrier) at small shapes.
     */
    private static void recordRan(String label) {
        if (LAST_BACKEND.get() != label) {
            LAST_BACKEND.set(label);
        }
    }

    /**
     * The error growth, relative to the classical algorithm, of what this multiplier runs for an m x n x k
     * product (in float when {@code single}): the scheme's {@link FastGemm#growth()} when it runs one it
     * was asked for or its policy chooses one, else 1. Error bounds scale with it.
     */
    public double growth(int m, int n, int k, boolean single) {
        return route(m, n, k, single ? Precision.FLOAT : Precision.DOUBLE).growth();
    }

    /** Where a call runs: the scheme asked for, else what the accuracy policy chooses. */
    private SchemeChoice.Route route(int m, int n, int k, Precision precision) {
        if (asked != null) {
            return asked;
        }
        Accuracy policy = accuracy();
        SchemeChoice choice = dispatcher().choice();
        return policy.isClassical() ? choice.classical()
                : choice.choose(m, n, k, precision, threads, policy.maxGrowth(), policy.toString());
    }

    /** Double-precision general matrix multiply, BLAS dgemm with CBLAS's layout argument and array offsets. */
    public void dgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int offA, int lda, double[] b, int offB, int ldb,
                      double beta, double[] c, int offC, int ldc) {
        requireArrays("dgemm", a, b, c);
        GemmCall call = GemmCall.check("dgemm", layout, transA, transB, m, n, k,
                a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        Operands<double[]> in = Operands.unaliased(call, a, b, c, alpha == 0);
        SchemeChoice.Route route = route(m, n, k, Precision.DOUBLE);
        recordRan(route.label(
                route.dispatcher().dgemm(in.call().shape(), alpha, in.first(), in.second(), beta, c, threads)));
    }

    /** Single-precision general matrix multiply, BLAS sgemm; see {@link #dgemm}. */
    public void sgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        requireArrays("sgemm", a, b, c);
        GemmCall call = GemmCall.check("sgemm", layout, transA, transB, m, n, k,
                a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        Operands<float[]> in = Operands.unaliased(call, a, b, c, alpha == 0);
        SchemeChoice.Route route = route(m, n, k, Precision.FLOAT);
        recordRan(route.label(
                route.dispatcher().sgemm(in.call().shape(), alpha, in.first(), in.second(), beta, c, threads)));
    }

    /**
     * A plan for the dgemm calls with these arguments, the arrays and offsets left to each
     * {@link GemmPlan#multiply}: for many products of one small shape, it checks and decides once what
     * {@link #dgemm} checks and decides per call.
     *
     * @throws IllegalArgumentException as {@link #dgemm} would for these arguments
     */
    public GemmPlan<double[]> planDgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                        double alpha, int lda, int ldb, double beta, int ldc) {
        return plan("dgemm", Precision.DOUBLE, layout, transA, transB, m, n, k, alpha, lda, ldb, beta, ldc,
                Dispatcher::prepareDoubles, (a, offA, b, offB, c, offC) -> dgemm(layout, transA, transB, m, n, k,
                        alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc));
    }

    /** As {@link #planDgemm}, in float. */
    public GemmPlan<float[]> planSgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                       float alpha, int lda, int ldb, float beta, int ldc) {
        return plan("sgemm", Precision.FLOAT, layout, transA, transB, m, n, k, alpha, lda, ldb, beta, ldc,
                Dispatcher::prepareFloats, (a, offA, b, offB, c, offC) -> sgemm(layout, transA, transB, m, n, k,
                        alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc));
    }

    /** How a dispatcher prepares products of one precision: {@link Dispatcher#prepareDoubles} or prepareFloats. */
    private interface Preparer<X> {
        PreparedProduct<X> prepare(Dispatcher dispatcher, GemmShape s, int threads);
    }

    private <X> GemmPlan<X> plan(String routine, Precision precision, Layout layout, Transpose transA,
                                 Transpose transB, int m, int n, int k, double alpha, int lda, int ldb, double beta,
                                 int ldc, Preparer<X> preparer, GemmPlan.Call<X> usual) {
        GemmCall call = GemmCall.planned(routine, layout, transA, transB, m, n, k, lda, ldb, ldc);
        SchemeChoice.Route route = route(m, n, k, precision);
        PreparedProduct<X> prepared = alpha == 0 ? null : preparer.prepare(route.dispatcher(), call.shape(), threads);
        return new GemmPlan<>(call, alpha, beta, prepared, prepared == null ? null : route.label(prepared.name()), usual);
    }

    /** C = A * B for row-major A (m x k) and B (k x n); returns the new m x n row-major C. */
    public double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[checkedProduct("multiply", m, n)];
        dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k,
                1, a, 0, Math.max(1, k), b, 0, Math.max(1, n), 0, c, 0, Math.max(1, n));
        return c;
    }

    /** C = A * B for row-major A (m x k) and B (k x n); returns the new m x n row-major C. */
    public float[] multiply(float[] a, float[] b, int m, int k, int n) {
        float[] c = new float[checkedProduct("multiply", m, n)];
        sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k,
                1, a, 0, Math.max(1, k), b, 0, Math.max(1, n), 0, c, 0, Math.max(1, n));
        return c;
    }

    /** C = A * B for rectangular two-dimensional arrays (A[i] is row i); returns a new C. */
    public double[][] multiply(double[][] a, double[][] b) {
        requireArrays("multiply", a, b, a);
        int m = a.length;
        int k = rectangularWidth("A", a);
        int n = rectangularWidth("B", b);
        if (m > 0 && b.length != k) {
            throw new IllegalArgumentException(
                    "multiply: A is " + m + " x " + k + " but B has " + b.length + " rows; they must be equal");
        }
        double[] flatA = new double[checkedProduct("multiply", m, k)];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a[i], 0, flatA, i * k, k);
        }
        double[] flatB = new double[checkedProduct("multiply", k, n)];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b[p], 0, flatB, p * n, n);
        }
        double[] flatC = multiply(flatA, flatB, m, k, n);
        double[][] c = new double[m][];
        for (int i = 0; i < m; i++) {
            c[i] = Arrays.copyOfRange(flatC, i * n, (i + 1) * n);
        }
        return c;
    }

    /** The common row length of a two-dimensional array (0 when it has no rows). */
    private static int rectangularWidth(String name, double[][] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new NullPointerException("multiply: row " + i + " of " + name + " is null");
            }
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException("multiply: " + name + " is ragged: row 0 has " + x[0].length
                        + " elements but row " + i + " has " + x[i].length);
            }
        }
        return x.length == 0 ? 0 : x[0].length;
    }

    private static int checkedProduct(String routine, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(routine + ": dimensions must not be negative: " + rows + " x " + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(routine + ": a " + rows + " x " + cols
                    + " result has more elements than a Java array can hold");
        }
        return (int) size;
    }

    private static void requireArrays(String routine, Object a, Object b, Object c) {
        if (a == null) {
            throw new NullPointerException(routine + ": array A is null");
        }
        if (b == null) {
            throw new NullPointerException(routine + ": array B is null");
        }
        if (c == null) {
            throw new NullPointerException(routine + ": array C is null");
        }
    }

    /**
     * The operands in the order the row-major shape takes them (swapped for column-major calls), with
     * any input that overlaps C copied out first, so writing C cannot change what is still to be read.
     */
    private record Operands<T>(GemmCall call, T first, T second) {

        static <T> Operands<T> unaliased(GemmCall call, T a, T b, T c, boolean alphaIsZero) {
            if ((a == c || b == c) && call.readsInputs(alphaIsZero)) {
                if (a == c && call.cOverlaps(call.offA(), call.extentA())) {
                    a = copy(a, call.offA(), call.extentA());
                    call = call.withACopied();
                }
                if (b == c && call.cOverlaps(call.offB(), call.extentB())) {
                    b = copy(b, call.offB(), call.extentB());
                    call = call.withBCopied();
                }
            }
            return call.swapsOperands() ? new Operands<>(call, b, a) : new Operands<>(call, a, b);
        }

        @SuppressWarnings("unchecked")
        private static <T> T copy(T array, int from, long length) {
            Object copy = Array.newInstance(array.getClass().getComponentType(), (int) length);
            System.arraycopy(array, from, copy, 0, (int) length);
            return (T) copy;
        }
    }
}
