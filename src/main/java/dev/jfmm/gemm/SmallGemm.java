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
        private final ThreadLocal<X[]> buffers;
        /** By n: rows per block, and whether the last vector of a row is partly empty; by n and m: fringe rows. */
        private final int[] mrByN = new int[MAX + 1];
        private final int[][] fringeByNM = new int[MAX + 1][MAX + 1];
        private final boolean[] partialByN = new boolean[MAX + 1];
        /**
         * The kernels by (n, k, fringe rows): a plain array read on the hot path, where building a spec
         * and hashing it would cost more than a 4 x 4 product. At most 32 x 32 x 8 entries; a racy read
         * that sees null just asks the cache, which generates each kernel once.
         */
        private final Object[] kernels = new Object[MAX * MAX * 8];

        Typed(Precision precision, int vectorBits) {
            this.precision = precision;
            this.vectorBits = vectorBits;
            for (int n = 1; n <= MAX; n++) {
                SmallKernelSpec spec = SmallKernelSpec.forShape(precision, vectorBits, 1, n, 1);
                mrByN[n] = spec.mr();
                for (int m = 0; m <= MAX; m++) {
                    fringeByNM[n][m] = m % spec.mr();
                }
                partialByN[n] = spec.partial();
            }
            // Per thread: B in whole-vector rows, and the tile of partial last vectors.
            this.buffers = ThreadLocal.withInitial(() -> pair(allocate(MAX * MAX), allocate(MAX * MAX)));
        }

        abstract X allocate(int length);

        abstract X[] pair(X first, X second);

        abstract Object kernel(SmallKernelSpec spec);

        /** kernel.rows (or .fringe) on one block of rows. */
        abstract void run(Object kernel, boolean fringe, GemmShape s, int row, X a, X b, int bIndex, int ldb,
                          X c, double alpha, double beta, X tile);

        /** dst[p * ld + j] = B(p, j) for j < n, zero from n to ld. */
        abstract void copyB(GemmShape s, X b, X dst, int ld);

        /** C(r, j) = alpha * tile[r * lanes + j - from] + beta * C(r, j) for j in [from, n), r < rows; beta == 0 not reading C. */
        abstract void mergeTail(X tile, int rows, int lanes, int from, GemmShape s, int row, X c, double alpha, double beta);

        final void gemm(GemmShape s, double alpha, X a, X b, double beta, X c) {
            int mr = mrByN[s.n()], slot = ((s.n() - 1) * MAX + s.k() - 1) * 8 + fringeByNM[s.n()][s.m()];
            Object kernel = kernels[slot];
            if (kernel == null) {
                kernel = kernels[slot] = kernel(SmallKernelSpec.forShape(precision, vectorBits, s.m(), s.n(), s.k()));
            }
            int bIndex = s.b(0, 0), ldb = s.bRowStride();
            if (s.bColStride() == 1 && !partialByN[s.n()]) {
                for (int i = 0; i < s.m(); i += mr) {
                    run(kernel, i + mr > s.m(), s, i, a, b, bIndex, ldb, c, alpha, beta, null);
                }
                return;
            }
            // B transposed or not whole vectors wide: copy it to whole-vector rows, merge the partial columns here.
            SmallKernelSpec spec = SmallKernelSpec.forShape(precision, vectorBits, s.m(), s.n(), s.k());
            X[] own = buffers.get();
            ldb = spec.vectors() * spec.lanes();
            copyB(s, b, own[0], ldb);
            for (int i = 0; i < s.m(); i += mr) {
                boolean fringe = i + mr > s.m();
                run(kernel, fringe, s, i, a, own[0], 0, ldb, c, alpha, beta, own[1]);
                if (spec.partial()) {
                    mergeTail(own[1], fringe ? spec.fringeRows() : mr, spec.lanes(), spec.wholeColumns(), s, i, c, alpha, beta);
                }
            }
        }
    }

    private static final class Doubles extends Typed<double[]> {
        Doubles(int vectorBits) {
            super(Precision.DOUBLE, vectorBits);
        }

        @Override
        double[] allocate(int length) {
            return new double[length];
        }

        @Override
        double[][] pair(double[] first, double[] second) {
            return new double[][] {first, second};
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

        @Override
        void copyB(GemmShape s, double[] b, double[] dst, int ld) {
            for (int p = 0; p < s.k(); p++) {
                for (int j = 0; j < s.n(); j++) {
                    dst[p * ld + j] = b[s.b(p, j)];
                }
                java.util.Arrays.fill(dst, p * ld + s.n(), (p + 1) * ld, 0);
            }
        }

        @Override
        void mergeTail(double[] tile, int rows, int lanes, int from, GemmShape s, int row, double[] c, double alpha, double beta) {
            for (int r = 0; r < rows; r++) {
                for (int j = from, ci = s.c(row + r, from), ti = r * lanes; j < s.n(); j++, ci++, ti++) {
                    c[ci] = beta == 0 ? tile[ti] * alpha : c[ci] * beta + tile[ti] * alpha;
                }
            }
        }
    }

    private static final class Floats extends Typed<float[]> {
        Floats(int vectorBits) {
            super(Precision.FLOAT, vectorBits);
        }

        @Override
        float[] allocate(int length) {
            return new float[length];
        }

        @Override
        float[][] pair(float[] first, float[] second) {
            return new float[][] {first, second};
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

        @Override
        void copyB(GemmShape s, float[] b, float[] dst, int ld) {
            for (int p = 0; p < s.k(); p++) {
                for (int j = 0; j < s.n(); j++) {
                    dst[p * ld + j] = b[s.b(p, j)];
                }
                java.util.Arrays.fill(dst, p * ld + s.n(), (p + 1) * ld, 0f);
            }
        }

        @Override
        void mergeTail(float[] tile, int rows, int lanes, int from, GemmShape s, int row, float[] c, double alpha, double beta) {
            float fa = (float) alpha, fb = (float) beta;
            for (int r = 0; r < rows; r++) {
                for (int j = from, ci = s.c(row + r, from), ti = r * lanes; j < s.n(); j++, ci++, ti++) {
                    c[ci] = fb == 0 ? tile[ti] * fa : c[ci] * fb + tile[ti] * fa;
                }
            }
        }
    }
}
