package dev.jfmm;

import dev.jfmm.gemm.GemmShape;
import dev.jfmm.gemm.PreparedProduct;
import java.lang.reflect.Array;

/**
 * A GEMM whose layout, transposes, dimensions, leading dimensions, alpha and beta are fixed ahead, run
 * many times on different arrays and offsets: what MKL's JIT GEMM and LIBXSMM's dispatch offer for
 * small products. Made by {@link Gemm#planDgemm} or {@link Gemm#planSgemm}, which check everything
 * but the arrays; each {@link #multiply} then checks only the arrays and offsets. A small product
 * (m, n and k up to 32) runs on a kernel generated for its exact shape with its strides as constants,
 * without the per-call routing, which at 4 x 4 x 4 costs as much as the product; other products take
 * the {@link Gemm}'s usual path on every call. The results are those of the equivalent
 * {@code dgemm}/{@code sgemm} call, bit for bit. Immutable and thread-safe.
 *
 * @param <X> double[] or float[]
 */
public final class GemmPlan<X> {

    /** The equivalent full call, for products not prepared and for C sharing an array with A or B. */
    interface Call<X> {
        void gemm(X a, int offA, X b, int offB, X c, int offC);
    }

    private final GemmCall call;
    private final double alpha;
    private final double beta;
    private final PreparedProduct<X> prepared;
    private final String label;
    private final Call<X> usual;
    /** What the prepared path needs per call, read out of the call once. */
    private final GemmShape shape;
    private final boolean swaps;
    private final int extentA;
    private final int extentB;
    private final int extentC;

    GemmPlan(GemmCall call, double alpha, double beta, PreparedProduct<X> prepared, String label, Call<X> usual) {
        this.call = call;
        this.alpha = alpha;
        this.beta = beta;
        this.prepared = prepared;
        this.label = label;
        this.usual = usual;
        this.shape = call.shape();
        this.swaps = call.swapsOperands();
        // A prepared product is small, so its extents are ints.
        this.extentA = (int) Math.min(Integer.MAX_VALUE, call.extentA());
        this.extentB = (int) Math.min(Integer.MAX_VALUE, call.extentB());
        this.extentC = (int) Math.min(Integer.MAX_VALUE, call.extentC());
    }

    /**
     * C = alpha * op(A) * op(B) + beta * C with the planned dimensions, on A, B and C from the given
     * offsets; checked, and with C sharing an array with A or B handled, as {@link Gemm#dgemm} does.
     * A prepared product leaves {@link Jfmm#lastBackend()} as it was ({@link #backend()} says what runs);
     * the others set it as dgemm does.
     *
     * @throws IllegalArgumentException when an offset is negative or a matrix does not fit its array
     * @throws NullPointerException     when an array is null
     */
    public void multiply(X a, int offA, X b, int offB, X c, int offC) {
        // The prepared path only when every check passes; anything else takes the usual call, which
        // says what is wrong. At 4 x 4 x 4 these few comparisons are all a call costs besides the kernel.
        if (prepared != null && a != null && b != null && c != null && a != c && b != c
                && fits(offA, Array.getLength(a), extentA) && fits(offB, Array.getLength(b), extentB)
                && fits(offC, Array.getLength(c), extentC)) {
            if (swaps) {
                prepared.gemm(shape.at(offB, offA, offC), alpha, b, a, beta, c);
            } else {
                prepared.gemm(shape.at(offA, offB, offC), alpha, a, b, beta, c);
            }
            return;
        }
        usual.gemm(a, offA, b, offB, c, offC);
    }

    private static boolean fits(int offset, int length, int extent) {
        return offset >= 0 && offset <= length - extent;
    }

    /** What a product runs on: the prepared kernel's backend and route, or "usual path" for the per-call choice. */
    public String backend() {
        return prepared != null ? label : "usual path";
    }

    /** Whether the product runs on a kernel prepared for it (else each call takes the usual path). */
    public boolean prepared() {
        return prepared != null;
    }

    @Override
    public String toString() {
        return call.routine() + " plan " + call.m() + " x " + call.n() + " x " + call.k() + ": " + backend();
    }
}
