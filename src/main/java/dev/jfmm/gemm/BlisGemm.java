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
 * <p>Threads share each packed B block and take MC-row blocks of A dynamically, or for a thin A a row
 * block and a share of B's columns (see {@link Ops#gemm}).
 *
 * <p>A fast scheme's product runs here with its sums fused in ({@link SchemeProduct}): packing forms the
 * linear combinations of A and B blocks, and each finished tile is merged into every C block that
 * takes it (through a row buffer where the profile sets mergeColumns). A plain product is the one-term
 * case of the same loops.
 *
 * <p>Rounding order: C(i, j) sums its products in KC-sized blocks from p = 0, each block left to right
 * with FMA; the block sum is scaled by alpha and added to C (beta times C for the first block). Edge
 * tiles compute the same way, so the result depends neither on where a tile falls nor on which thread
 * computes it.
 */
final class BlisGemm implements FusingGemmBackend {

    private final Ops<double[]> doubles;
    private final Ops<float[]> floats;
    private final SmallGemm small;
    private final String name;
    private final int vectorBits;

    BlisGemm(HardwareProfile profile, int vectorBits) {
        this(profile, vectorBits, true);
    }

    /** With {@code smallShapes} false every product takes the packed path (tests compare the two). */
    BlisGemm(HardwareProfile profile, int vectorBits, boolean smallShapes) {
        HardwareProfile.Blocking d = profile.gemm().doubles(), f = profile.gemm().floats();
        this.doubles = new DoubleOps(d, new KernelSpec(Precision.DOUBLE, vectorBits, d.mr(), d.nrVectors(), d.kUnroll()));
        this.floats = new FloatOps(f, new KernelSpec(Precision.FLOAT, vectorBits, f.mr(), f.nrVectors(), f.kUnroll()));
        this.small = smallShapes ? new SmallGemm(vectorBits) : null;
        this.name = "simd-" + vectorBits + "bit";
        this.vectorBits = vectorBits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vectorBits() {
        return vectorBits;
    }

    /** Small products run on a kernel generated with their strides baked in; the others decide per call. */
    @Override
    public PreparedProduct<double[]> prepareDoubles(GemmShape s) {
        return small != null && SmallGemm.fits(s) ? small.prepareDoubles(s, name) : null;
    }

    @Override
    public PreparedProduct<float[]> prepareFloats(GemmShape s) {
        return small != null && SmallGemm.fits(s) ? small.prepareFloats(s, name) : null;
    }

    @Override
    public void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c, int threads) {
        if (small != null && SmallGemm.fits(s)) {
            small.dgemm(s, alpha, a, b, beta, c);
        } else {
            doubles.gemm(s, SchemeProduct.plain(beta), alpha, a, b, c, threads);
        }
    }

    @Override
    public void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c, int threads) {
        if (small != null && SmallGemm.fits(s)) {
            small.sgemm(s, alpha, a, b, beta, c);
        } else {
            floats.gemm(s, SchemeProduct.plain(beta), alpha, a, b, c, threads);
        }
    }

    @Override
    public void dgemm(GemmShape s, SchemeProduct product, double alpha, double[] a, double[] b, double[] c, int threads) {
        doubles.gemm(s, product, alpha, a, b, c, threads);
    }

    @Override
    public void sgemm(GemmShape s, SchemeProduct product, float alpha, float[] a, float[] b, float[] c, int threads) {
        floats.gemm(s, product, alpha, a, b, c, threads);
    }

    /** The loops, shared by both precisions; X is double[] or float[]. Alpha and beta travel as double. */
    private abstract static class Ops<X> {
        final int mr, nr, lanes, mc, kc, nc, kUnroll, bBase, panelPad, panelGroup, mergeColumns;
        private final TypedArrays<X> arrays;
        private final ThreadLocal<Buffers<X>> buffers = ThreadLocal.withInitial(Buffers::new);

        Ops(HardwareProfile.Blocking blocking, KernelSpec spec, TypedArrays<X> arrays) {
            this.arrays = arrays;
            this.mr = spec.mr();
            this.nr = spec.nr();
            this.lanes = spec.lanes();
            // MC and NC are rounded up to whole register tiles so only the matrix's own edge has partial tiles.
            this.mc = roundUp(blocking.mc(), mr);
            this.kc = blocking.kc();
            this.nc = roundUp(blocking.nc(), nr);
            this.kUnroll = spec.kUnroll();
            this.panelGroup = blocking.panelGroup();
            this.mergeColumns = roundUp(blocking.mergeColumns(), panelGroup * nr);
            this.bBase = (CACHE_LINE_BYTES - ARRAY_HEADER_BYTES) / arrays.elementBytes();
            this.panelPad = CACHE_LINE_BYTES / arrays.elementBytes();
        }

        /**
         * Packs A(ic.., pc..), summed over the product's A terms, as MR-row micro-panels of depth kp, zero
         * past mb rows and kb steps; {@code row} (MR * kb long) holds the rows' sums. A micro-panel is
         * written PACK_STEPS k steps at a time, all its rows, so the interleaved stores stay in L1 (a whole
         * panel is 56 KB at kc 1024; whole-row passes took 81 ms of a 4096 product's packing, chunks 60).
         * Where A's rows are contiguous, each row's sum runs first over the whole depth, reading its 2-4
         * source rows in long runs the prefetcher follows; per chunk, 7 rows' sums read 21-28 runs of 1 KB by
         * turns (the A sums of two Strassen levels at 4096 took 216 ms that way, 187 in whole rows). A plain
         * copy gained nothing from it. A padded product's rows past an edge of a term's block form in the row
         * too ({@link #clippedSum}).
         */
        final void packA(GemmShape s, SchemeProduct f, X a, int ic, int mb, int pc, int kb, int kp, X ap, X row) {
            SchemeProduct.Clip clip = f.clipsA(ic, mb, pc, kb) ? f.clip() : null;
            boolean sum = !isCopy(f.aOffsets(), f.aCoefficients()), wholeRows = sum && s.aColStride() == 1
                    || clip != null;
            for (int ir = 0; ir < mb; ir += mr) {
                int rows = Math.min(mr, mb - ir);
                for (int r = 0; r < rows && wholeRows; r++) {
                    if (clip != null) {
                        clippedSum(a, s.a(ic + ir + r, pc), s.aColStride(), f.aOffsets(), f.aCoefficients(), f.aPattern(),
                                f.sums(), clip.aRows(), clip.aCols(), ic + ir + r, pc, row, r * kb, kb);
                    } else {
                        sum(a, s.a(ic + ir + r, pc), 1, f.aOffsets(), f.aCoefficients(), f.aPattern(), f.sums(), row,
                                r * kb, kb);
                    }
                }
                for (int p0 = 0; p0 < kb; p0 += PACK_STEPS) {
                    int steps = Math.min(PACK_STEPS, kb - p0);
                    for (int r = 0; r < rows; r++) {
                        int dst = ir * kp + p0 * mr + r;
                        if (wholeRows) {
                            arrays.copy(row, r * kb + p0, 1, ap, dst, mr, steps);
                            continue;
                        }
                        int src = s.a(ic + ir + r, pc + p0);
                        if (sum) { // formed in the row first, where the additions run on unit strides, then placed
                            sum(a, src, s.aColStride(), f.aOffsets(), f.aCoefficients(), f.aPattern(), f.sums(), row, 0,
                                    steps);
                            arrays.copy(row, 0, 1, ap, dst, mr, steps);
                        } else {
                            gather(a, src, s.aColStride(), f.aOffsets(), f.aCoefficients(), ap, dst, mr, steps);
                        }
                    }
                }
                for (int r = 0; r < mr; r++) {
                    int dst = ir * kp + r;
                    if (r >= rows) {
                        arrays.zero(ap, dst, mr, kp);
                    } else {
                        arrays.zero(ap, dst + kb * mr, mr, kp - kb);
                    }
                }
            }
        }

        /**
         * Packs the micro-panels [jrFrom, jrTo) (multiples of NR, see {@link #column}) of B(pc.., jc..), summed
         * over the product's B terms, depth kp, zero past nb columns and kb steps, at {@link #panel}; {@code row}
         * (SUM_ROWS * (jrTo - jrFrom) long) holds the rows' sums. PACK_ROWS rows at a time, each panel
         * taking all of them in one run: a row at a time wrote one NR-run into each of 43 panels in turn
         * (111 ms of a 4096 product's packing; 63 ms in blocks of 8 rows). Sums take SUM_ROWS: their
         * sources are read whole rows at a time, before the cut, so only the buffer grows (the B sums of
         * two Strassen levels at 4096 took 8-13% less time in blocks of 16-32 rows than of 8; copies, which
         * read a source run per row and panel, lost 25% in blocks of 32).
         */
        final void packB(GemmShape s, SchemeProduct f, X b, int pc, int kb, int kp, int jc, int nb, int jrFrom, int jrTo,
                         X bp, X row) {
            int from = column(jrFrom, nb), width = column(jrTo, nb) - from;
            SchemeProduct.Clip clip = f.clipsB(pc, kb, jc + from, width) ? f.clip() : null;
            boolean sum = !isCopy(f.bOffsets(), f.bCoefficients()) || clip != null;
            for (int jr = jrFrom; jr < jrTo; jr += nr) {
                int panelWidth = panelWidth(column(jr + nr, nb) - column(jr, nb));
                arrays.zero(bp, panel(jr, kp) + kb * panelWidth, 1, (kp - kb) * panelWidth);
            }
            int blockRows = sum ? SUM_ROWS : PACK_ROWS;
            for (int p0 = 0; p0 < kb; p0 += blockRows) {
                int rows = Math.min(blockRows, kb - p0);
                if (sum) { // sums over whole rows, on unit strides, then cut into the panels
                    for (int p = 0; p < rows; p++) {
                        if (clip != null) {
                            clippedSum(b, s.b(pc + p0 + p, jc + from), s.bColStride(), f.bOffsets(), f.bCoefficients(),
                                    f.bPattern(), f.sums(), clip.bRows(), clip.bCols(), pc + p0 + p, jc + from, row,
                                    p * width, width);
                        } else {
                            sum(b, s.b(pc + p0 + p, jc + from), s.bColStride(), f.bOffsets(), f.bCoefficients(),
                                    f.bPattern(), f.sums(), row, p * width, width);
                        }
                    }
                }
                for (int jr = jrFrom; jr < jrTo; jr += nr) {
                    int at = column(jr, nb), cols = column(jr + nr, nb) - at, panelWidth = panelWidth(cols);
                    for (int p = 0; p < rows; p++) {
                        int dst = panel(jr, kp) + (p0 + p) * panelWidth;
                        if (sum) {
                            arrays.copy(row, p * width + at - from, 1, bp, dst, 1, cols);
                        } else {
                            gather(b, s.b(pc + p0 + p, jc + at), s.bColStride(), f.bOffsets(), f.bCoefficients(), bp,
                                    dst, 1, cols);
                        }
                        if (cols < panelWidth) {
                            arrays.zero(bp, dst + cols, 1, panelWidth - cols);
                        }
                    }
                }
            }
        }

        /**
         * The first column of micro-panel jr (a multiple of NR) of a block nb columns wide: jr, except where
         * the last panel would be at most one vector wide: then the last two split their columns into whole
         * vectors, as evenly as that goes (48 + 16 in float becomes 32 + 32), so neither runs the one-vector
         * kernel, whose 7 sums cannot keep both FMA pipes busy. A 4096 product's leaves of 1024 (21 x 48 + 16)
         * spent 2.5% of their kernel time in that kernel, for 1.6% of the columns (perf, float, one thread).
         * nb for jr past the last panel.
         */
        final int column(int jr, int nb) {
            int last = (nb - 1) / nr * nr, rest = nb - last;
            if (jr >= nb) {
                return nb;
            }
            return jr != last || last == 0 || rest > lanes || nr <= 2 * lanes ? jr
                    : last - nr + roundUp((nr + rest + 1) / 2, lanes);
        }

        /**
         * Where the packed micro-panel jr starts: panels lie kp * NR apart plus one cache line,
         * since at kp * NR * 8 = 192 KB apart every panel's run of a row fell in the same L1 set (packing
         * B 10% slower).
         */
        final int panel(int jr, int kp) {
            return bBase + jr / nr * (kp * nr + panelPad);
        }

        /**
         * How wide a micro-panel of {@code cols} columns is packed and computed: NR, or for the last panel of
         * a narrower B, whole vectors only, run by the kernel that many vectors wide. The full tile there did
         * up to 3x the work (float at n = 200: 8 columns in a 48-wide tile); against it, one JVM, 1 thread:
         * 100^3 1.07x (float) and 1.08x (double), 200^3 1.06x and 1.04x, two Strassen levels on 4096 in float
         * (leaves of 1024 = 21 x 48 + 16) 1.02x. Each lane's sums are the same, so are the bits.
         */
        final int panelWidth(int cols) {
            return cols >= nr ? nr : (cols + lanes - 1) / lanes * lanes;
        }

        /**
         * row[rowIndex + j] = sum_t coefficients[t] * x[si + offsets[t] + j * srcStride] for j < count: by the
         * generated code of that pattern where the source is unit-stride and one was generated, else by
         * {@link #gather} (the same bits either way). The generated code's vectors start where the first
         * term's source is cache-line aligned (see {@link #CACHE_LINE_BYTES}), after whole vectors from si that
         * cover the elements before it: a vector that straddles two lines costs two loads, and a 4-term sum
         * of 4 KB rows streamed 44 GB/s aligned against 34 (a microbenchmark; generatedSum 7.2% of a
         * two-level float product's samples against 10.1%). Writing the overlap twice leaves the same values.
         */
        private void sum(X x, int si, int srcStride, int[] offsets, double[] coefficients, int pattern,
                         GeneratedSums sums, X row, int rowIndex, int count) {
            if (srcStride == 1 && pattern >= 0) {
                int head = Math.floorMod(bBase - si - offsets[0], panelPad), covered = roundUp(head, lanes);
                if (head == 0 || count < covered + 2 * lanes) {
                    generatedSum(sums, pattern, x, si, offsets, row, rowIndex, count);
                } else {
                    generatedSum(sums, pattern, x, si, offsets, row, rowIndex, covered);
                    generatedSum(sums, pattern, x, si + head, offsets, row, rowIndex + head, count - head);
                }
            } else {
                gather(x, si, srcStride, offsets, coefficients, row, rowIndex, 1, count);
            }
        }

        /**
         * {@link #sum} of the elements [from, from + count) of row {@code index} of padded blocks, where term t
         * has only the rows and columns {@code rows[t]} and {@code cols[t]} inside its matrix: those past
         * them count as zero and are not read. The columns every term has take {@link #sum}; the rest, term
         * by term.
         */
        private void clippedSum(X x, int si, int srcStride, int[] offsets, double[] coefficients, int pattern,
                                GeneratedSums sums, int[] rows, int[] cols, int index, int from, X row, int rowIndex,
                                int count) {
            int common = count;
            for (int t = 0; t < offsets.length; t++) {
                common = Math.min(common, SchemeProduct.Clip.inside(rows, cols, t, index, from, count));
            }
            if (common > 0) {
                sum(x, si, srcStride, offsets, coefficients, pattern, sums, row, rowIndex, common);
            }
            if (common == count) {
                return;
            }
            arrays.zero(row, rowIndex + common, 1, count - common);
            for (int t = 0; t < offsets.length; t++) {
                int inside = SchemeProduct.Clip.inside(rows, cols, t, index, from, count);
                if (inside > common) {
                    arrays.axpy(x, si + offsets[t] + common * srcStride, srcStride, row, rowIndex + common, 1,
                            inside - common, coefficients[t], false);
                }
            }
        }

        /** row[rowIndex .. rowIndex + count) = pattern {@code pattern} of the generated sums over x from si. */
        abstract void generatedSum(GeneratedSums sums, int pattern, X x, int si, int[] offsets, X row, int rowIndex,
                                   int count);

        /**
         * dst[di + j * dstStride] = sum_t coefficients[t] * x[si + offsets[t] + j * srcStride] for j < count;
         * a plain copy for a single term of 1.
         */
        private void gather(X x, int si, int srcStride, int[] offsets, double[] coefficients, X dst, int di,
                            int dstStride, int count) {
            if (isCopy(offsets, coefficients)) {
                arrays.copy(x, si + offsets[0], srcStride, dst, di, dstStride, count);
                return;
            }
            for (int t = 0; t < offsets.length; t++) {
                arrays.axpy(x, si + offsets[t], srcStride, dst, di, dstStride, count, coefficients[t], t == 0);
            }
        }

        /** Whether a sum of these terms is a plain copy: one term, coefficient 1. */
        private static boolean isCopy(int[] offsets, double[] coefficients) {
            return offsets.length == 1 && coefficients[0] == 1;
        }

        /** The register tile of the kernel {@code vectors} vectors wide (NR / lanes for a full panel) into tile. */
        abstract void compute(int vectors, int kp, X ap, int apIndex, X bp, int bpIndex, X tile);

        abstract void merge(X tile, X c, int cIndex, int ldc, double alpha, double beta);

        /**
         * The five loops on {@code threads} threads: per (jc, pc) block the team packs B together (each a
         * share of its micro-panels) into the caller's buffer, then takes units of work from a shared
         * counter, so a slower thread simply takes fewer. A unit is a row block of A (at most MC rows, in
         * whole rounds of the team), which its thread packs itself; where A has fewer row blocks than the
         * team has threads, a unit is a row block and a share of B's micro-panels, so a thin A (64 rows
         * against thousands of columns) still keeps every thread busy.
         */
        final void gemm(GemmShape s, SchemeProduct f, double alpha, X a, X b, X c, int threads) {
            int kpMax = roundUp(Math.min(kc + FOLDED_DEPTH, s.k()), kUnroll);
            Buffers<X> callers = buffers.get();
            X bp = callers.b = ensure(callers.b, panel(Math.min(nc, roundUp(s.n(), nr)), kpMax));
            int team = Math.max(1, threads);
            // Row blocks of at most MC rows whose sizes differ by at most one register tile, so no thread is
            // left with a short last block while another still works through a full one (2048 rows in blocks
            // of 98 gave one thread 11 blocks, the other 10).
            int tileRows = (s.m() + mr - 1) / mr;
            int rowBlocks = (s.m() + mc - 1) / mc;
            int columnShares = rowBlocks >= team ? 1 : team;
            int blocks = columnShares == 1 ? Math.min(roundUp(rowBlocks, team), tileRows) : rowBlocks;
            int mcCall = (tileRows + blocks - 1) / blocks * mr;
            for (int jc = 0; jc < s.n(); jc += nc) {
                int nb = Math.min(nc, s.n() - jc);
                int panels = (nb + nr - 1) / nr;
                for (int pc = 0; pc < s.k(); pc += passDepth(kc, s.k(), pc)) {
                    int kb = passDepth(kc, s.k(), pc);
                    // The kernel steps kUnroll at a time; zeros pad the panels (0 * 0 adds nothing).
                    int kp = roundUp(kb, kUnroll);
                    int jcBlock = jc, pcBlock = pc;
                    WorkerPool.run(team, t -> {
                        Buffers<X> own = buffers.get();
                        X row = rowBuffer(own, nb, kpMax);
                        packB(s, f, b, pcBlock, kb, kp, jcBlock, nb, WorkerPool.shareStart(t, team, panels) * nr,
                                Math.min(nb, WorkerPool.shareStart(t + 1, team, panels) * nr), bp, row);
                    });
                    RowBlocks units = new RowBlocks(s, f, alpha, a, c, bp, kpMax, mcCall, jc, nb, pc, kb, kp, blocks,
                            columnShares);
                    if (team == 1 && f.helpers() != null) { // idle threads may take some
                        f.helpers().offer(units);
                        try {
                            units.work();
                        } finally {
                            f.helpers().withdraw(units);
                            units.awaitHelpers();
                        }
                        units.rethrowHelpersFailure();
                    } else {
                        WorkerPool.run(team, t -> units.work());
                    }
                }
            }
        }

        /**
         * The units of one packed (jc, pc) block of B: row blocks of A, or a row block and a share of B's
         * micro-panels each (see {@link #gemm}), taken from a counter by every thread that works on them:
         * the team, or a product's own thread and the {@link IdleThreads} it offers them to. Each
         * thread packs A into its own buffers; a tile's sums do not depend on which thread computes it.
         */
        private final class RowBlocks implements IdleThreads.Offer {
            private final GemmShape s;
            private final SchemeProduct f;
            private final double alpha;
            private final X a, c, bp;
            private final int kpMax, mcCall, jc, nb, pc, kb, kp, blocks, columnShares, units, panels, tileRows;
            private final AtomicInteger next = new AtomicInteger();
            private int working;
            private RuntimeException failure;

            RowBlocks(GemmShape s, SchemeProduct f, double alpha, X a, X c, X bp, int kpMax, int mcCall, int jc,
                      int nb, int pc, int kb, int kp, int blocks, int columnShares) {
                this.s = s;
                this.f = f;
                this.alpha = alpha;
                this.a = a;
                this.c = c;
                this.bp = bp;
                this.kpMax = kpMax;
                this.mcCall = mcCall;
                this.jc = jc;
                this.nb = nb;
                this.pc = pc;
                this.kb = kb;
                this.kp = kp;
                this.blocks = blocks;
                this.columnShares = columnShares;
                this.units = blocks * columnShares;
                this.panels = (nb + nr - 1) / nr;
                this.tileRows = (s.m() + mr - 1) / mr;
            }

            @Override
            public boolean exhausted() {
                return next.get() >= units;
            }

            @Override
            public void work() {
                synchronized (this) {
                    working++;
                }
                try {
                    Buffers<X> own = buffers.get();
                    X ap = own.a = ensure(own.a, kpMax * Math.min(mcCall, roundUp(s.m(), mr)));
                    X tile = own.tile = ensure(own.tile, mr * nr);
                    X row = rowBuffer(own, nb, kpMax);
                    int packed = -1; // the row block now in ap
                    for (int unit = next.getAndIncrement(); unit < units; unit = next.getAndIncrement()) {
                        int block = unit / columnShares, share = unit % columnShares;
                        int jrFrom = WorkerPool.shareStart(share, columnShares, panels) * nr;
                        int jrTo = Math.min(nb, WorkerPool.shareStart(share + 1, columnShares, panels) * nr);
                        if (jrFrom >= jrTo) {
                            continue; // fewer micro-panels than shares
                        }
                        int ic = WorkerPool.shareStart(block, blocks, tileRows) * mr;
                        int mb = Math.min(WorkerPool.shareStart(block + 1, blocks, tileRows) * mr, s.m()) - ic;
                        if (block != packed) {
                            packA(s, f, a, ic, mb, pc, kb, kp, ap, row);
                            packed = block;
                        }
                        macroKernel(s, f, ic, mb, jc, nb, jrFrom, jrTo, kp, ap, bp, tile, alpha, pc == 0, c);
                    }
                } catch (RuntimeException e) {
                    synchronized (this) {
                        failure = e;
                    }
                    throw e;
                } finally {
                    synchronized (this) {
                        working--;
                        notifyAll();
                    }
                }
            }

            /**
             * Waits until no helper is still at work on these units (the offer withdrawn, none starts), so C is
             * complete, or left alone, and B's buffer free.
             */
            synchronized void awaitHelpers() {
                boolean interrupted = false;
                while (working > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // C is still being written: the wait must go on
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }

            /** After {@link #awaitHelpers}: a unit a helper failed on is missing from C. */
            synchronized void rethrowHelpersFailure() {
                if (failure != null) {
                    throw new IllegalStateException("a thread helping with this product failed", failure);
                }
            }
        }

        /**
         * The NR and MR loops over one packed MC x KC block of A and the micro-panels [jrFrom, jrTo) of the
         * packed KC x NC block of B, nb columns wide (each panel at its {@link #column}); where each tile goes
         * to several C blocks (a fast scheme's product), panelGroup panels at a time, across them row of tiles
         * by row, and, with mergeColumns set,
         * collected that many columns at a time in a buffer that is then merged into each C block row by
         * row (see {@link HardwareProfile.Blocking}). Each tile goes to every C block of the product, with
         * its beta on the first KC block ({@code first}). Neither the order nor the buffer changes a bit:
         * the buffer holds the tile as computed and its merge does the tile merge's operations.
         */
        private void macroKernel(GemmShape s, SchemeProduct f, int ic, int mb, int jc, int nb, int jrFrom, int jrTo,
                                 int kp, X ap, X bp, X tile, double alpha, boolean first, X c) {
            boolean several = f.cOffsets().length > 1, buffered = several && mergeColumns > 0;
            int groupColumns = (several ? panelGroup : 1) * nr;
            int chunkColumns = buffered ? mergeColumns : jrTo - jrFrom;
            X product = null;
            if (buffered) {
                Buffers<X> own = buffers.get();
                product = own.product = ensure(own.product, roundUp(mb, mr) * mergeColumns);
            }
            for (int chunk = jrFrom; chunk < jrTo; chunk += chunkColumns) {
                int chunkEnd = Math.min(jrTo, chunk + chunkColumns);
                int start = column(chunk, nb), columns = column(chunkEnd, nb) - start, ld = roundUp(columns, nr);
                for (int group = chunk; group < chunkEnd; group += groupColumns) {
                    int groupEnd = Math.min(chunkEnd, group + groupColumns);
                    for (int ir = 0; ir < mb; ir += mr) {
                        for (int jr = group; jr < groupEnd; jr += nr) {
                            int at = column(jr, nb), cols = column(jr + nr, nb) - at, width = panelWidth(cols);
                            compute(width / lanes, kp, ap, ir * kp, bp, panel(jr, kp), tile);
                            if (buffered && width == nr) {
                                merge(tile, product, ir * ld + at - start, ld, 1, 0);
                            } else if (buffered) {
                                arrays.merge(tile, 0, width, mr, width, product, ir * ld + at - start, ld, 1, 0);
                            } else {
                                mergeIntoC(s, f, tile, width, Math.min(mr, mb - ir), cols, ic + ir, jc + at, alpha,
                                        first, c);
                            }
                        }
                    }
                }
                if (buffered) {
                    mergeIntoC(s, f, product, ld, mb, columns, ic, jc + start, alpha, first, c);
                }
            }
        }

        /**
         * A rows x cols block of finished products (from index 0, row stride {@code stride}) into every C
         * block of the product at (i, j), with its weight, and its beta on the first KC block; full tiles
         * by the generated kernel's merge. Padded C blocks take only their rows and columns inside C.
         */
        private void mergeIntoC(GemmShape s, SchemeProduct f, X from, int stride, int rows, int cols, int i, int j,
                                double alpha, boolean first, X c) {
            int[] cOffsets = f.cOffsets();
            SchemeProduct.Clip clip = f.clip();
            int cIndex = s.c(i, j);
            for (int d = 0; d < cOffsets.length; d++) {
                int rowsIn = clip == null ? rows : Math.min(rows, clip.cRows()[d] - i);
                int colsIn = clip == null ? cols : Math.min(cols, clip.cCols()[d] - j);
                if (rowsIn <= 0 || colsIn <= 0) {
                    continue;
                }
                double weight = alpha * f.cWeights()[d], beta = first ? f.cBetas()[d] : 1;
                if (rowsIn == mr && colsIn == nr && stride == nr) {
                    merge(from, c, cIndex + cOffsets[d], s.ldc(), weight, beta);
                } else {
                    arrays.merge(from, 0, stride, rowsIn, colsIn, c, cIndex + cOffsets[d], s.ldc(), weight, beta);
                }
            }
        }

        /**
         * The thread's buffer for sums in packing, long enough for packA's rows and packB's rows at once, so
         * the two phases of a block share one buffer rather than reallocating it by turns.
         */
        private X rowBuffer(Buffers<X> own, int nb, int kpMax) {
            return own.row = ensure(own.row, Math.max(mr * kpMax, SUM_ROWS * nb));
        }

        private X ensure(X buffer, int length) {
            return buffer != null && arrays.length(buffer) >= length ? buffer : arrays.allocate(length);
        }
    }

    private static final class Buffers<X> {
        X a, b, tile, row, product;
    }

    /**
     * Packed B starts this far into its buffer so that its panels are cache-line aligned and each full
     * vector load reads one line, not two (measured 3-10% at n = 2048). A buffer this large is a G1
     * humongous object, which starts a heap region; its elements start after the 16-byte array header
     * (JDK 25's default layout). Where either assumption fails the panels are merely as aligned as
     * before.
     */
    private static final int CACHE_LINE_BYTES = 64, ARRAY_HEADER_BYTES = 16;

    /**
     * Depth a KC pass takes on rather than leave a last pass this shallow, which would cost a whole pass over
     * C: classical float on one thread at 4096 x k x 4096 ran 0.987x per flop at k = 4097 and 0.986x at
     * 4112 against k = 4096 (one JVM, 7 rounds), and 0.998x and 0.997x folded. The blocks grow by at most
     * 1.6% at KC 1024.
     */
    static final int FOLDED_DEPTH = 16;

    /**
     * How deep the KC pass from depth pc of a depth-k product is: KC, or all that is left if that is at most
     * KC + FOLDED_DEPTH.
     */
    static int passDepth(int kc, int k, int pc) {
        return k - pc <= kc + FOLDED_DEPTH ? k - pc : kc;
    }

    /** K steps of an A micro-panel, and rows of B (copied or summed), packed at a time (see packA and packB). */
    private static final int PACK_STEPS = 128, PACK_ROWS = 8, SUM_ROWS = 16;

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private static final class DoubleOps extends Ops<double[]> {
        /** kernels[v]: the tile v vectors wide (index 0 unused); kernels[nrVectors] is the profile's. */
        private final DoubleMicroKernel[] kernels;
        private final DoubleMicroKernel kernel;

        DoubleOps(HardwareProfile.Blocking blocking, KernelSpec spec) {
            super(blocking, spec, TypedArrays.DOUBLES);
            this.kernels = new DoubleMicroKernel[spec.nrVectors() + 1];
            for (int v = 1; v <= spec.nrVectors(); v++) {
                kernels[v] = KernelCache.shared().doubleMicroKernel(spec.withNrVectors(v));
            }
            this.kernel = kernels[spec.nrVectors()];
        }

        @Override
        void generatedSum(GeneratedSums sums, int pattern, double[] x, int si, int[] offsets, double[] row, int rowIndex,
                          int count) {
            sums.doubles().sum(pattern, x, si, offsets, row, rowIndex, count);
        }

        @Override
        void compute(int vectors, int kp, double[] ap, int apIndex, double[] bp, int bpIndex, double[] tile) {
            if (vectors == kernels.length - 1) { // the profile's kernel on a call site of its own, so it stays inlined
                kernel.compute(kp, ap, apIndex, bp, bpIndex, tile);
            } else {
                kernels[vectors].compute(kp, ap, apIndex, bp, bpIndex, tile);
            }
        }

        @Override
        void merge(double[] tile, double[] c, int cIndex, int ldc, double alpha, double beta) {
            kernel.merge(tile, c, cIndex, ldc, alpha, beta);
        }
    }

    private static final class FloatOps extends Ops<float[]> {
        /** kernels[v]: the tile v vectors wide (index 0 unused); kernels[nrVectors] is the profile's. */
        private final FloatMicroKernel[] kernels;
        private final FloatMicroKernel kernel;

        FloatOps(HardwareProfile.Blocking blocking, KernelSpec spec) {
            super(blocking, spec, TypedArrays.FLOATS);
            this.kernels = new FloatMicroKernel[spec.nrVectors() + 1];
            for (int v = 1; v <= spec.nrVectors(); v++) {
                kernels[v] = KernelCache.shared().floatMicroKernel(spec.withNrVectors(v));
            }
            this.kernel = kernels[spec.nrVectors()];
        }

        @Override
        void generatedSum(GeneratedSums sums, int pattern, float[] x, int si, int[] offsets, float[] row, int rowIndex,
                          int count) {
            sums.floats().sum(pattern, x, si, offsets, row, rowIndex, count);
        }

        @Override
        void compute(int vectors, int kp, float[] ap, int apIndex, float[] bp, int bpIndex, float[] tile) {
            if (vectors == kernels.length - 1) { // the profile's kernel on a call site of its own, so it stays inlined
                kernel.compute(kp, ap, apIndex, bp, bpIndex, tile);
            } else {
                kernels[vectors].compute(kp, ap, apIndex, bp, bpIndex, tile);
            }
        }

        @Override
        void merge(float[] tile, float[] c, int cIndex, int ldc, double alpha, double beta) {
            kernel.merge(tile, c, cIndex, ldc, (float) alpha, (float) beta);
        }
    }
}
