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
 * <p>Unpadded row-major products, and planned ones ({@link #prepareDoubles}), run on kernels generated
 * with their strides as constants ({@link SmallKernelSpec.Strides}); the others pass them per call.
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

    /** The products of {@code s}'s dimensions and strides, at any offsets, on a kernel with the strides baked in. */
    PreparedProduct<double[]> prepareDoubles(GemmShape s, String name) {
        return doubles.prepare(s, name);
    }

    PreparedProduct<float[]> prepareFloats(GemmShape s, String name) {
        return floats.prepare(s, name);
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
        private final Object[] kernels = new Object[MAX * MAX * 8 * 2];

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
            boolean tight = tight(s);
            int slot = (((s.n() - 1) * MAX + s.k() - 1) * 8 + fringeByNM[s.n()][s.m()]) * 2 + (tight ? 1 : 0);
            Object kernel = kernels[slot];
            if (kernel == null) {
                SmallKernelSpec spec = SmallKernelSpec.forShape(precision, vectorBits, s.m(), s.n(), s.k());
                kernel = kernels[slot] = kernel(tight ? spec.withStrides(strides(s)) : spec);
            }
            gemm(kernel, s, alpha, a, b, beta, c);
        }

        /**
         * Whether A, B and C are row-major without padding (A's rows k apart, B's and C's n apart), the usual
         * case: such products share a kernel with these strides baked in, a third faster at 4 x 4.
         */
        private boolean tight(GemmShape s) {
            return s.aColStride() == 1 && s.aRowStride() == s.k() && s.ldc() == s.n()
                    && (copiesB(s) || s.bRowStride() == s.n());
        }

        /** The strides a kernel for s sees: B's are its copy's where the driver copies it. */
        private SmallKernelSpec.Strides strides(GemmShape s) {
            SmallKernelSpec plan = planByN[s.n()];
            int ldb = copiesB(s) ? plan.vectors() * plan.lanes() : s.bRowStride();
            return new SmallKernelSpec.Strides(s.aRowStride(), s.aColStride(), ldb, s.ldc());
        }

        /** The product on {@code kernel}, generated for s's n, k and fringe rows (and strides, if baked in). */
        final void gemm(Object kernel, GemmShape s, double alpha, X a, X b, double beta, X c) {
            if (copiesB(s)) {
                gemmCopyingB(kernel, s, alpha, a, b, beta, c);
                return;
            }
            int mr = mrByN[s.n()];
            if (s.m() <= mr) { // one block, without the loop: C2 compiled that erratically at 4 x 4 (12 to 57 ns)
                run(kernel, s.m() < mr, s, 0, a, b, s.b(0, 0), s.bRowStride(), c, alpha, beta, null);
                return;
            }
            for (int i = 0; i < s.m(); i += mr) {
                run(kernel, i + mr > s.m(), s, i, a, b, s.b(0, 0), s.bRowStride(), c, alpha, beta, null);
            }
        }

        private boolean copiesB(GemmShape s) {
            return s.bColStride() != 1 || partialByN[s.n()];
        }

        PreparedProduct<X> prepare(GemmShape s, String name) {
            if (!fits(s) || s.m() == 0 || s.n() == 0 || s.k() == 0) {
                throw new IllegalArgumentException("not a small product: " + s);
            }
            Object kernel = kernel(SmallKernelSpec.forShape(precision, vectorBits, s.m(), s.n(), s.k()).withStrides(strides(s)));
            if (!copiesB(s) && s.m() <= mrByN[s.n()]) {
                // One kernel call, without gemm's checks and lookups: 10.5 against 13.5 ns a call at 4 x 4 (JMH, 3 forks).
                boolean fringe = s.m() < mrByN[s.n()];
                return new Prepared<>(name) {
                    @Override
                    public void gemm(GemmShape at, double alpha, X a, X b, double beta, X c) {
                        run(kernel, fringe, at, 0, a, b, at.b(0, 0), at.bRowStride(), c, alpha, beta, null);
                    }
                };
            }
            return new Prepared<>(name) {
                @Override
                public void gemm(GemmShape at, double alpha, X a, X b, double beta, X c) {
                    Typed.this.gemm(kernel, at, alpha, a, b, beta, c);
                }
            };
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

    private abstract static class Prepared<X> implements PreparedProduct<X> {
        private final String name;

        Prepared(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
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
