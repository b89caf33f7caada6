package dev.jfmm.gemm;

import dev.jfmm.kernel.DoubleSmallKernel;
import dev.jfmm.kernel.FloatSmallKernel;
import dev.jfmm.kernel.KernelCache;
import dev.jfmm.kernel.Precision;
import dev.jfmm.kernel.SmallKernelSpec;

/**
 * The small-shape path: products with m, n and k up to {@link SmallKernelSpec#MAX_DIMENSION} run on
 * kernels generated for their n and k (cached), straight from the caller's arrays, where packing would
 * cost more than the product. B is used in place when its rows are contiguous and n fills whole
 * vectors; otherwise it is first copied into a per-thread buffer of whole-vector rows (at most 32 x 32
 * elements), and the columns past the last whole vector are merged here from the kernel's tile.
 *
 * <p>Rounding order: the packed path's for k up to its KC, so both give the same bits.
 */
final class SmallGemm {

    private static final int MAX = SmallKernelSpec.MAX_DIMENSION;

    private final Typed<double[]> doubles;
    private final Typed<float[]> floats;

    SmallGemm(int vectorBits) {
        this.doubles = new Doubles(vectorBits);
        this.floats = new Floats(vectorBits);
    }

    /** Whether the product is small enough for this path. */
    static boolean fits(GemmShape s) {
        return s.m() <= MAX && s.n() <= MAX && s.k() <= MAX;
    }

    void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c) {
        doubles.gemm(s, alpha, a, b, beta, c);
    }

    void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c) {
        floats.gemm(s, alpha, a, b, beta, c);
    }

    /** The driver, shared by both precisions; X is double[] or float[]. Alpha and beta travel as double. */
    private abstract static class Typed<X> {
        private final Precision precision;
        private final int vectorBits;
        private final TypedArrays<X> arrays;
        /** Per thread: B in whole-vector rows, and the tile of partial last vectors. */
        private final ThreadLocal<Buffers<X>> buffers;
        /**
         * By n: the kernel plan (none of it depends on k or m), with its rows per block and partiality
         * read out once, since the spec computes them; by n and m the fringe rows. So the hot path
         * neither builds a spec nor divides.
         */
        private final SmallKernelSpec[] planByN = new SmallKernelSpec[MAX + 1];
        private final int[] mrByN = new int[MAX + 1];
        private final boolean[] partialByN = new boolean[MAX + 1];
        private final int[][] fringeByNM = new int[MAX + 1][MAX + 1];
        /**
         * The kernels by (n, k, fringe rows): a plain array read on the hot path, where building a spec
         * and hashing it would cost more than a 4 x 4 product. At most 32 x 32 x 8 entries; a racy read
         * that sees null just asks the cache, which generates each kernel once.
         */
        private final Object[] kernels = new Object[MAX * MAX * 8];

        Typed(Precision precision, int vectorBits, TypedArrays<X> arrays) {
            this.precision = precision;
            this.vectorBits = vectorBits;
            this.arrays = arrays;
            for (int n = 1; n <= MAX; n++) {
                SmallKernelSpec plan = planByN[n] = SmallKernelSpec.forShape(precision, vectorBits, 1, n, 1);
                mrByN[n] = plan.mr();
                partialByN[n] = plan.partial();
                for (int m = 0; m <= MAX; m++) {
                    fringeByNM[n][m] = m % plan.mr();
                }
            }
            this.buffers = ThreadLocal.withInitial(() -> new Buffers<>(arrays.allocate(MAX * MAX), arrays.allocate(MAX * MAX)));
        }

        abstract Object kernel(SmallKernelSpec spec);

        /** kernel.rows (or .fringe) on one block of rows. */
        abstract void run(Object kernel, boolean fringe, GemmShape s, int row, X a, X b, int bIndex, int ldb,
                          X c, double alpha, double beta, X tile);

        /**
         * Kept small enough for C2 to inline into the caller (with the shape, then, never allocated): the
         * usual case runs here, B transposed or not whole vectors wide in {@link #gemmCopyingB}.
         */
        final void gemm(GemmShape s, double alpha, X a, X b, double beta, X c) {
            int slot = ((s.n() - 1) * MAX + s.k() - 1) * 8 + fringeByNM[s.n()][s.m()];
            Object kernel = kernels[slot];
            if (kernel == null) {
                kernel = kernels[slot] = kernel(SmallKernelSpec.forShape(precision, vectorBits, s.m(), s.n(), s.k()));
            }
            if (s.bColStride() != 1 || partialByN[s.n()]) {
                gemmCopyingB(kernel, s, alpha, a, b, beta, c);
                return;
            }
            int mr = mrByN[s.n()];
            for (int i = 0; i < s.m(); i += mr) {
                run(kernel, i + mr > s.m(), s, i, a, b, s.b(0, 0), s.bRowStride(), c, alpha, beta, null);
            }
        }

        /** Copies B to whole-vector rows (zero past n) and merges the partial columns here. */
        private void gemmCopyingB(Object kernel, GemmShape s, double alpha, X a, X b, double beta, X c) {
            SmallKernelSpec plan = planByN[s.n()];
            int mr = mrByN[s.n()], fringeRows = fringeByNM[s.n()][s.m()];
            Buffers<X> own = buffers.get();
            int ldb = plan.vectors() * plan.lanes(), whole = plan.wholeColumns();
            for (int p = 0; p < s.k(); p++) {
                arrays.copy(b, s.b(p, 0), s.bColStride(), own.b, p * ldb, 1, s.n());
                arrays.zero(own.b, p * ldb + s.n(), 1, ldb - s.n());
            }
            for (int i = 0; i < s.m(); i += mr) {
                boolean fringe = i + mr > s.m();
                run(kernel, fringe, s, i, a, own.b, 0, ldb, c, alpha, beta, own.tile);
                if (plan.partial()) {
                    arrays.merge(own.tile, 0, plan.lanes(), fringe ? fringeRows : mr, s.n() - whole,
                            c, s.c(i, whole), s.ldc(), alpha, beta);
                }
            }
        }
    }

    private record Buffers<X>(X b, X tile) {
    }

    private static final class Doubles extends Typed<double[]> {
        Doubles(int vectorBits) {
            super(Precision.DOUBLE, vectorBits, TypedArrays.DOUBLES);
        }

        @Override
        Object kernel(SmallKernelSpec spec) {
            return KernelCache.shared().doubleSmallKernel(spec);
        }

        @Override
        void run(Object kernel, boolean fringe, GemmShape s, int row, double[] a, double[] b, int bIndex, int ldb,
                 double[] c, double alpha, double beta, double[] tile) {
            DoubleSmallKernel k = (DoubleSmallKernel) kernel;
            if (fringe) {
                k.fringe(a, s.a(row, 0), s.aRowStride(), s.aColStride(), b, bIndex, ldb, c, s.c(row, 0), s.ldc(), alpha, beta, tile);
            } else {
                k.rows(a, s.a(row, 0), s.aRowStride(), s.aColStride(), b, bIndex, ldb, c, s.c(row, 0), s.ldc(), alpha, beta, tile);
            }
        }
    }

    private static final class Floats extends Typed<float[]> {
        Floats(int vectorBits) {
            super(Precision.FLOAT, vectorBits, TypedArrays.FLOATS);
        }

        @Override
        Object kernel(SmallKernelSpec spec) {
            return KernelCache.shared().floatSmallKernel(spec);
        }

        @Override
        void run(Object kernel, boolean fringe, GemmShape s, int row, float[] a, float[] b, int bIndex, int ldb,
                 float[] c, double alpha, double beta, float[] tile) {
            FloatSmallKernel k = (FloatSmallKernel) kernel;
            float fa = (float) alpha, fb = (float) beta;
            if (fringe) {
                k.fringe(a, s.a(row, 0), s.aRowStride(), s.aColStride(), b, bIndex, ldb, c, s.c(row, 0), s.ldc(), fa, fb, tile);
            } else {
                k.rows(a, s.a(row, 0), s.aRowStride(), s.aColStride(), b, bIndex, ldb, c, s.c(row, 0), s.ldc(), fa, fb, tile);
            }
        }
    }
}
