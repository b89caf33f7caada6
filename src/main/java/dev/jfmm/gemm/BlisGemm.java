package dev.jfmm.gemm;

import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.kernel.DoubleMicroKernel;
import dev.jfmm.kernel.FloatMicroKernel;
import dev.jfmm.kernel.KernelCache;
import dev.jfmm.kernel.KernelSpec;
import dev.jfmm.kernel.Precision;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BLIS-style GEMM around a generated micro-kernel: the five loops (NC over columns, KC over depth,
 * MC over rows, then NR and MR over register tiles), with A packed into MR-row micro-panels and B into
 * NR-column micro-panels (buffers kept per thread, reused across calls). Only the leaf operations
 * depend on the precision: the kernel call (in {@link Ops}'s subclasses) and the array primitives of
 * packing and edge tiles ({@link TypedArrays}).
 *
 * <p>Products with every dimension up to 32 skip all of this and run on {@link SmallGemm}.
 *
 * <p>Threads share each packed B block and take MC-row blocks of A dynamically (see {@link Ops#gemm}).
 *
 * <p>Rounding order: C(i, j) sums its products in KC-sized blocks from p = 0, each block left to right
 * with FMA; the block sum is scaled by alpha and added to C (beta times C for the first block). Edge
 * tiles compute the same way, so the result depends neither on where a tile falls nor on which thread
 * computes it.
 */
final class BlisGemm implements ParallelGemmBackend {

    private final Ops<double[]> doubles;
    private final Ops<float[]> floats;
    private final SmallGemm small;
    private final String name;

    BlisGemm(HardwareProfile profile, int vectorBits) {
        this(profile, vectorBits, true);
    }

    /** With {@code smallShapes} false every product takes the packed path (tests compare the two). */
    BlisGemm(HardwareProfile profile, int vectorBits, boolean smallShapes) {
        HardwareProfile.Blocking d = profile.gemm().doubles(), f = profile.gemm().floats();
        KernelSpec dSpec = new KernelSpec(Precision.DOUBLE, vectorBits, d.mr(), d.nrVectors(), d.kUnroll());
        KernelSpec fSpec = new KernelSpec(Precision.FLOAT, vectorBits, f.mr(), f.nrVectors(), f.kUnroll());
        this.doubles = new DoubleOps(d, dSpec, KernelCache.shared().doubleMicroKernel(dSpec));
        this.floats = new FloatOps(f, fSpec, KernelCache.shared().floatMicroKernel(fSpec));
        this.small = smallShapes ? new SmallGemm(vectorBits) : null;
        this.name = "simd-" + vectorBits + "bit";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c, int threads) {
        if (small != null && SmallGemm.fits(s)) {
            small.dgemm(s, alpha, a, b, beta, c);
        } else {
            doubles.gemm(s, alpha, a, b, beta, c, threads);
        }
    }

    @Override
    public void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c, int threads) {
        if (small != null && SmallGemm.fits(s)) {
            small.sgemm(s, alpha, a, b, beta, c);
        } else {
            floats.gemm(s, alpha, a, b, beta, c, threads);
        }
    }

    /** The loops, shared by both precisions; X is double[] or float[]. Alpha and beta travel as double. */
    private abstract static class Ops<X> {
        final int mr, nr, mc, kc, nc, kUnroll, bBase;
        private final TypedArrays<X> arrays;
        private final ThreadLocal<Buffers<X>> buffers = ThreadLocal.withInitial(Buffers::new);

        Ops(HardwareProfile.Blocking blocking, KernelSpec spec, TypedArrays<X> arrays) {
            this.arrays = arrays;
            this.mr = spec.mr();
            this.nr = spec.nr();
            // MC and NC are rounded up to whole register tiles so only the matrix's own edge has partial tiles.
            this.mc = roundUp(blocking.mc(), mr);
            this.kc = blocking.kc();
            this.nc = roundUp(blocking.nc(), nr);
            this.kUnroll = spec.kUnroll();
            this.bBase = (CACHE_LINE_BYTES - ARRAY_HEADER_BYTES) / arrays.elementBytes();
        }

        /** Packs A(ic.., pc..) as MR-row micro-panels of depth kp, zero past mb rows and kb steps. */
        final void packA(GemmShape s, X a, int ic, int mb, int pc, int kb, int kp, X ap) {
            for (int ir = 0; ir < mb; ir += mr) {
                for (int r = 0; r < mr; r++) {
                    int dst = ir * kp + r;
                    if (ir + r < mb) {
                        arrays.copy(a, s.a(ic + ir + r, pc), s.aColStride(), ap, dst, mr, kb);
                        arrays.zero(ap, dst + kb * mr, mr, kp - kb);
                    } else {
                        arrays.zero(ap, dst, mr, kp);
                    }
                }
            }
        }

        /**
         * Packs the micro-panels starting at columns [jrFrom, jrTo) of B(pc.., jc..), depth kp, zero past nb
         * columns and kb steps, from bBase on.
         */
        final void packB(GemmShape s, X b, int pc, int kb, int kp, int jc, int nb, int jrFrom, int jrTo, X bp) {
            for (int jr = jrFrom; jr < jrTo; jr += nr) {
                int cols = Math.min(nr, nb - jr);
                arrays.zero(bp, bBase + jr * kp + kb * nr, 1, (kp - kb) * nr);
                for (int p = 0; p < kb; p++) {
                    int dst = bBase + jr * kp + p * nr;
                    arrays.copy(b, s.b(pc + p, jc + jr), s.bColStride(), bp, dst, 1, cols);
                    arrays.zero(bp, dst + cols, 1, nr - cols);
                }
            }
        }

        abstract void compute(int kp, X ap, int apIndex, X bp, int bpIndex, X tile);

        abstract void merge(X tile, X c, int cIndex, int ldc, double alpha, double beta);

        /**
         * The five loops on {@code threads} threads: per (jc, pc) block the team packs B together (each a
         * share of its micro-panels) into the caller's buffer, then takes row blocks of A (at most MC rows,
         * in whole rounds of the team) from a shared counter, each packing its own A, so a slower thread
         * simply takes fewer blocks.
         */
        final void gemm(GemmShape s, double alpha, X a, X b, double beta, X c, int threads) {
            int kpMax = roundUp(Math.min(kc, s.k()), kUnroll);
            Buffers<X> callers = buffers.get();
            X bp = callers.b = ensure(callers.b, bBase + kpMax * Math.min(nc, roundUp(s.n(), nr)));
            int team = Math.max(1, Math.min(threads, (s.m() + mc - 1) / mc));
            // As many row blocks as whole rounds of the team, each at most MC rows and about the same size,
            // so no thread is left with a short last block while another still works through a full one.
            int blocks = roundUp((s.m() + mc - 1) / mc, team);
            int mcCall = roundUp((s.m() + blocks - 1) / blocks, mr);
            for (int jc = 0; jc < s.n(); jc += nc) {
                int nb = Math.min(nc, s.n() - jc);
                int panels = (nb + nr - 1) / nr;
                for (int pc = 0; pc < s.k(); pc += kc) {
                    int kb = Math.min(kc, s.k() - pc);
                    // The kernel steps kUnroll at a time; zeros pad the panels (0 * 0 adds nothing).
                    int kp = roundUp(kb, kUnroll);
                    double betaBlock = pc == 0 ? beta : 1;
                    int jcBlock = jc, pcBlock = pc;
                    WorkerPool.run(team, t -> packB(s, b, pcBlock, kb, kp, jcBlock, nb,
                            panels * t / team * nr, Math.min(nb, panels * (t + 1) / team * nr), bp));
                    AtomicInteger nextBlock = new AtomicInteger();
                    WorkerPool.run(team, t -> {
                        Buffers<X> own = buffers.get();
                        X ap = own.a = ensure(own.a, kpMax * Math.min(mcCall, roundUp(s.m(), mr)));
                        X tile = own.tile = ensure(own.tile, mr * nr);
                        for (int ic = nextBlock.getAndIncrement() * mcCall; ic < s.m(); ic = nextBlock.getAndIncrement() * mcCall) {
                            int mb = Math.min(mcCall, s.m() - ic);
                            packA(s, a, ic, mb, pcBlock, kb, kp, ap);
                            macroKernel(s, ic, mb, jcBlock, nb, kp, ap, bp, tile, alpha, betaBlock, c);
                        }
                    });
                }
            }
        }

        /** The NR and MR loops over one packed MC x KC block of A and the packed KC x NC block of B. */
        private void macroKernel(GemmShape s, int ic, int mb, int jc, int nb, int kp, X ap, X bp, X tile,
                                 double alpha, double beta, X c) {
            for (int jr = 0; jr < nb; jr += nr) {
                int cols = Math.min(nr, nb - jr);
                for (int ir = 0; ir < mb; ir += mr) {
                    int rows = Math.min(mr, mb - ir);
                    int cIndex = s.c(ic + ir, jc + jr);
                    compute(kp, ap, ir * kp, bp, bBase + jr * kp, tile);
                    if (rows == mr && cols == nr) {
                        merge(tile, c, cIndex, s.ldc(), alpha, beta);
                    } else {
                        arrays.merge(tile, 0, nr, rows, cols, c, cIndex, s.ldc(), alpha, beta);
                    }
                }
            }
        }

        private X ensure(X buffer, int length) {
            return buffer != null && arrays.length(buffer) >= length ? buffer : arrays.allocate(length);
        }
    }

    private static final class Buffers<X> {
        X a, b, tile;
    }

    /**
     * Packed B starts this far into its buffer so that its panels are cache-line aligned and each full
     * vector load reads one line, not two (measured 3-10% at n = 2048). A buffer this large is a G1
     * humongous object, which starts a heap region; its elements start after the 16-byte array header
     * (JDK 25's default layout). Where either assumption fails the panels are merely as aligned as
     * before.
     */
    private static final int CACHE_LINE_BYTES = 64, ARRAY_HEADER_BYTES = 16;

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private static final class DoubleOps extends Ops<double[]> {
        private final DoubleMicroKernel kernel;

        DoubleOps(HardwareProfile.Blocking blocking, KernelSpec spec, DoubleMicroKernel kernel) {
            super(blocking, spec, TypedArrays.DOUBLES);
            this.kernel = kernel;
        }

        @Override
        void compute(int kp, double[] ap, int apIndex, double[] bp, int bpIndex, double[] tile) {
            kernel.compute(kp, ap, apIndex, bp, bpIndex, tile);
        }

        @Override
        void merge(double[] tile, double[] c, int cIndex, int ldc, double alpha, double beta) {
            kernel.merge(tile, c, cIndex, ldc, alpha, beta);
        }
    }

    private static final class FloatOps extends Ops<float[]> {
        private final FloatMicroKernel kernel;

        FloatOps(HardwareProfile.Blocking blocking, KernelSpec spec, FloatMicroKernel kernel) {
            super(blocking, spec, TypedArrays.FLOATS);
            this.kernel = kernel;
        }

        @Override
        void compute(int kp, float[] ap, int apIndex, float[] bp, int bpIndex, float[] tile) {
            kernel.compute(kp, ap, apIndex, bp, bpIndex, tile);
        }

        @Override
        void merge(float[] tile, float[] c, int cIndex, int ldc, double alpha, double beta) {
            kernel.merge(tile, c, cIndex, ldc, (float) alpha, (float) beta);
        }
    }
}
