package dev.jfmm;

import dev.jfmm.gemm.GemmShape;

/**
 * The argument checks of one dgemm/sgemm call, done before anything is written, and the translation
 * of its layout and transposes into the row-major {@link GemmShape} the backends take.
 *
 * <p>Matrix X stored as {@code rows x cols} (after undoing its transpose) with leading dimension ld
 * has an "inner" length (cols in row-major, rows in column-major) that ld must cover, as BLAS
 * requires ({@code ld >= max(1, inner)}), and spans {@code (outer - 1) * ld + inner} elements from its
 * offset. All of it is computed in long, so m * ldc and friends cannot overflow.
 */
record GemmCall(String routine, Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                int offA, int lda, long extentA, int offB, int ldb, long extentB, int offC, int ldc, long extentC) {

    static GemmCall check(String routine, Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                          int lengthA, int offA, int lda, int lengthB, int offB, int ldb,
                          int lengthC, int offC, int ldc) {
        if (layout == null || transA == null || transB == null) {
            throw fail(routine, (layout == null ? "layout" : transA == null ? "transA" : "transB") + " is null");
        }
        if (m < 0 || n < 0 || k < 0) {
            String name = m < 0 ? "m" : n < 0 ? "n" : "k";
            throw fail(routine, name + " = " + (m < 0 ? m : n < 0 ? n : k) + " must not be negative");
        }
        boolean noTransA = transA == Transpose.NO_TRANSPOSE;
        boolean noTransB = transB == Transpose.NO_TRANSPOSE;
        long extentA = extent(routine, "A", layout, noTransA ? m : k, noTransA ? k : m, lengthA, offA, lda, "lda");
        long extentB = extent(routine, "B", layout, noTransB ? k : n, noTransB ? n : k, lengthB, offB, ldb, "ldb");
        long extentC = extent(routine, "C", layout, m, n, lengthC, offC, ldc, "ldc");
        return new GemmCall(routine, layout, transA, transB, m, n, k,
                offA, lda, extentA, offB, ldb, extentB, offC, ldc, extentC);
    }

    /**
     * A call validated ahead, for a {@link GemmPlan}: everything but the arrays, at offsets 0.
     */
    static GemmCall planned(String routine, Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                            int lda, int ldb, int ldc) {
        int any = Integer.MAX_VALUE; // no array yet: only extents past any Java array's fail
        return check(routine, layout, transA, transB, m, n, k, any, 0, lda, any, 0, ldb, any, 0, ldc);
    }

    /**
     * Checks ld, offset and length for a stored rows x cols matrix; returns the elements it spans. Messages
     * are built only on failure: these checks run on every call, however small.
     */
    private static long extent(String routine, String matrix, Layout layout, int rows, int cols,
                               int length, int offset, int ld, String ldName) {
        boolean rowMajor = layout == Layout.ROW_MAJOR;
        long inner = rowMajor ? cols : rows;
        long outer = rowMajor ? rows : cols;
        if (ld < Math.max(1, inner)) {
            throw fail(routine, ldName + " = " + ld + " is below max(1, " + inner + "), the minimum for "
                    + described(matrix, rowMajor, rows, cols));
        }
        if (offset < 0) {
            throw fail(routine, "offset of " + matrix + " = " + offset + " must not be negative");
        }
        if (offset > length) {
            throw fail(routine, "offset of " + matrix + " = " + offset + " is past the end of its array (length "
                    + length + ")");
        }
        long extent = inner == 0 || outer == 0 ? 0 : (outer - 1) * ld + inner;
        if (offset + extent > length) {
            String needs = described(matrix, rowMajor, rows, cols) + " with " + ldName + " = " + ld;
            if (length == Integer.MAX_VALUE) { // planned, before any array: no Java array is this long
                throw fail(routine, needs + " needs " + extent + " elements, more than any Java array can hold");
            }
            throw fail(routine, needs + " at offset " + offset + " needs " + (offset + extent)
                    + " elements, but its array has " + length
                    + (offset + extent > Integer.MAX_VALUE ? " (more than any Java array can hold)" : ""));
        }
        return extent;
    }

    private static String described(String matrix, boolean rowMajor, int rows, int cols) {
        return (rowMajor ? "row-major " : "column-major ") + matrix + " stored as " + rows + " x " + cols;
    }

    private static IllegalArgumentException fail(String routine, String message) {
        return new IllegalArgumentException(routine + ": " + message);
    }

    /** Whether A and B are read at all: BLAS reads neither when the product is empty or alpha is 0. */
    boolean readsInputs(boolean alphaIsZero) {
        return m > 0 && n > 0 && k > 0 && !alphaIsZero;
    }

    /** Whether [offC, offC + extentC) shares elements with [offset, offset + extent) of the same array. */
    boolean cOverlaps(int offset, long extent) {
        return extent > 0 && extentC > 0 && offset < offC + extentC && offC < offset + extent;
    }

    /** The same call after its A was copied to a fresh array starting at 0. */
    GemmCall withACopied() {
        return new GemmCall(routine, layout, transA, transB, m, n, k, 0, lda, extentA, offB, ldb, extentB,
                offC, ldc, extentC);
    }

    /** The same call after its B was copied to a fresh array starting at 0. */
    GemmCall withBCopied() {
        return new GemmCall(routine, layout, transA, transB, m, n, k, offA, lda, extentA, 0, ldb, extentB,
                offC, ldc, extentC);
    }

    /** A column-major call becomes the row-major product of the transposes: B's array plays A's part. */
    boolean swapsOperands() {
        return layout == Layout.COLUMN_MAJOR;
    }

    /**
     * The row-major shape. op(X)'s strides are (ld, 1) when "row-major and not transposed" or
     * "column-major and transposed", else (1, ld). A column-major C is the row-major C^T = op(B)^T op(A)^T,
     * so the operands swap and each view's strides swap with them.
     */
    GemmShape shape() {
        boolean rowMajor = layout == Layout.ROW_MAJOR;
        boolean aRows = rowMajor == (transA == Transpose.NO_TRANSPOSE);
        boolean bRows = rowMajor == (transB == Transpose.NO_TRANSPOSE);
        int aRs = aRows ? lda : 1, aCs = aRows ? 1 : lda;
        int bRs = bRows ? ldb : 1, bCs = bRows ? 1 : ldb;
        if (rowMajor) {
            return new GemmShape(m, n, k, offA, aRs, aCs, offB, bRs, bCs, offC, ldc);
        }
        return new GemmShape(n, m, k, offB, bCs, bRs, offA, aCs, aRs, offC, ldc);
    }
}
