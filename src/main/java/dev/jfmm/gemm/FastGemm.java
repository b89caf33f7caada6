package dev.jfmm.gemm;

import dev.jfmm.io.CliNames;
import dev.jfmm.scheme.CommonSubexpressions;
import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.OutputBasis;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeAlgebra;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * C = alpha * A * B + beta * C through one or more levels of a fast scheme &lt;n,m,p;R&gt;, with the
 * classical backend at the leaves. Level by level, A is split into n x m blocks, B into m x p and C into
 * n x p; product r forms S_r = sum U[i*m+j][r] A_ij and T_r = sum V[j*p+k][r] B_jk, computes
 * M_r = S_r T_r (with the next level, or the classical {@link Dispatcher} at the last), and each C block
 * gets C_ik = alpha * sum W[i*p+k][r] M_r + beta * C_ik. The coefficients are read from the scheme:
 * schemes are data, nothing here knows Strassen.
 *
 * <p>Additions: zero coefficients are skipped, 1 and -1 add or subtract without a multiply, and a sum
 * with a single term is no copy at all but a view of A or B (a {@link GemmShape} with the block's
 * offset), its coefficient folded into the leaf product's alpha. Sums of several terms go to
 * temporaries kept per thread and per level, held softly and reused across calls (see {@link Strategy}
 * for how each strategy forms them).
 *
 * <p>Any size: at every level the largest part whose dimensions divide by the block grid goes through
 * the scheme, and the fringe (the last rows, columns and depth) through the classical backend on views
 * of the same arrays (dynamic peeling), so the result is exact up to rounding for every shape, layout,
 * transpose and offset the public API turns into a {@code GemmShape}. The fused strategy pads instead
 * where that is cheaper ({@link Fringe}): its blocks round up and reach past the edges, read as zeros
 * in packing and left alone by the merges, so every product runs at full size. A level runs only where its blocks
 * are at least {@link #cutoff()} in every dimension (see {@link #DEFAULT_CUTOFF}); a shape smaller than the grid
 * runs classically.
 *
 * <p>BLAS semantics: beta == 0 never reads C (every C element is written once, by the combine or by a
 * fringe product); A and B are scanned first, and if either holds Inf or NaN the whole product runs
 * classically, since a linear combination such as Inf - Inf would turn a finite answer into NaN. Where
 * fused-basis decodes C from blocks that tile the product exactly, the decoding checks the values instead
 * (an Inf or NaN of A or B reaches some block through every sum and product that holds it, as neither
 * adding nor multiplying by a nonzero makes it finite again; beta is 0 there, so C may be written twice):
 * on any Inf or NaN, the whole product runs classically, which also catches a finite input whose sums
 * overflow. What ran is reported by {@link #lastRun()}.
 *
 * <p>Threads: the recursion runs on the calling thread and hands its thread count to the classical
 * backend for every leaf product (DFS), so the result does not depend on the thread count when the
 * classical backend's does not. The fused strategy also runs several products at once, one thread each
 * (BFS, or hybrid, its default; see {@link Parallelism} and {@link #defaultParallelism}), each C block
 * getting its products in one fixed order ({@link ProductSchedule}), so those give the same bits.
 */
public final class FastGemm implements ParallelGemmBackend {

    /**
     * How the sums are formed and the products reach C (after Benson and Ballard, "A framework for
     * practical parallel fast matrix multiplication", PPoPP 2015). At every level, a sum of one term is
     * never copied: it is a view of A, B or a product, its coefficient folded into alpha.
     * <ul>
     *   <li>{@code WRITE_ONCE}: S_r and T_r go to one temporary each, formed row by row from all their
     *       terms (a row of the sum stays in L1 while every term adds into it, so it is written to memory
     *       once); all R products M_r are kept; then each C block is formed once from its products, a few
     *       rows at a time (R temporaries of the C block's size).</li>
     *   <li>{@code STREAMING}: the sums as in write-once; each M_r, as soon as it is computed, is added into
     *       every C block it feeds (the first contribution to a C block applies beta, so beta == 0 never
     *       reads C; a product feeding a single C block is computed straight into it). One M temporary
     *       instead of R. The A and B side is not streamed (that would keep all R S_r and T_r alive to read
     *       each block of A and B once): the sums are formed per product, as in write-once.</li>
     *   <li>{@code PAIRWISE}: every sum is a chain of two-operand passes over whole blocks (S = c_1 A_1;
     *       S += c_2 A_2; ...), and each C block gets its products one pass each (C = beta C + alpha w_1 M_1;
     *       C += alpha w_2 M_2; ...): the simplest form, a baseline.</li>
     *   <li>{@code *_CSE}: the same, after greedy common-subexpression elimination
     *       ({@link CommonSubexpressions#eliminate}): the sums of two blocks that several S_r (or T_r) share
     *       are formed once per level into temporaries and reused, and (write-once and pairwise) the sums of
     *       two products that several C blocks share likewise. Streaming eliminates only in U and V: its
     *       products are gone by the time a second C block could reuse their sum.</li>
     *   <li>{@code FUSED}: the levels are multiplied out into one scheme (their tensor product), and each of
     *       its products is one packed GEMM that sums its A and B blocks while packing and adds its tile
     *       into every C block that takes it ({@link SchemeProduct}): no temporaries and no extra passes
     *       over memory, at the price of more packing and merging. Needs the packed SIMD backend.</li>
     *   <li>{@code FUSED_BASIS}: fused, with the products added into C in the basis where W has the fewest
     *       nonzeros ({@link OutputBasis}), and C decoded after them in one pass, where the blocks tile C
     *       exactly and beta is 0 (elsewhere, as fused). Each nonzero of W is a merge of a product into a C block: two
     *       Strassen levels make 100 instead of 144, one 10 instead of 12. The error bound ({@link #growth})
     *       counts the decoding (14 per Strassen level against 6), though measured errors hardly change
     *       (README). Decoding also takes over the scan for Inf and NaN input where it reads every block.</li>
     * </ul>
     * The default is {@link #defaultStrategy}.
     */
    public enum Strategy {
        WRITE_ONCE, WRITE_ONCE_CSE, STREAMING, STREAMING_CSE, PAIRWISE, PAIRWISE_CSE, FUSED, FUSED_BASIS;

        /** The command-line name: "write-once", "write-once-cse", ..., "fused". */
        public String cliName() {
            return CliNames.of(this);
        }

        /** Whether the sums are fused into the leaves' packing (FUSED or FUSED_BASIS). */
        public boolean fused() {
            return this == FUSED || this == FUSED_BASIS;
        }

        /** Whether common subexpressions of the sums are formed once and reused. */
        public boolean cse() {
            return name().endsWith("_CSE");
        }

        /** Every command-line name, comma-separated, for help and error texts. */
        public static String cliNames() {
            return CliNames.joined(values());
        }

        /**
         * The strategy of that command-line name.
         *
         * @throws IllegalArgumentException for any other name, listing the names
         */
        public static Strategy ofCliName(String name) {
            return CliNames.parse(values(), "strategy", name);
        }
    }

    /**
     * FUSED where the leaves can fuse (the packed SIMD backend), else WRITE_ONCE. On the 2-core AVX-512
     * Xeon (Strassen, n = 4096, double, 1 thread, every strategy paired against classical in one JVM, see
     * the README), fused was at or near the top at one level (1.045-1.153x) and, in the run with all of
     * them, the only one not behind classical at two (1.008x, the others 0.85-0.98x); no strategy beat it
     * consistently from run to run beyond the load's noise, and it needs no temporaries.
     */
    public static Strategy defaultStrategy(Dispatcher leaves) {
        return leaves.fuses() ? Strategy.FUSED : Strategy.WRITE_ONCE;
    }

    /**
     * How the fused strategy spends its threads on the products (after Benson and Ballard's DFS, BFS and
     * hybrid). Every C block gets its products in the same order whatever the mode ({@code Plan.order}),
     * so every mode and thread count gives the same bits.
     * <ul>
     *   <li>{@code DFS}: one product after another, each on all threads (inside the packed GEMM).</li>
     *   <li>{@code BFS}: several products at once, one thread each, each thread taking the next product
     *       whose C blocks no unfinished earlier product reaches ({@link ProductSchedule}); a thread that
     *       finds none helps a running product with its row blocks ({@link IdleThreads}).</li>
     *   <li>{@code HYBRID}: up to as many threads as the narrowest round of products that reach disjoint C
     *       blocks has products ({@code Plan.rounds}; 2 for two Strassen levels, whose rounds have 1, 2 or 4),
     *       BFS, except that a product that is the only one free to start while none runs (a scheme's
     *       first, which every other product shares a C block with) runs on all threads. With more
     *       threads, which BFS would leave idle, round by round: as many of a round's products one per
     *       thread as the threads divide, the rest one after another on all threads.</li>
     * </ul>
     * The other strategies run DFS (their temporaries are per thread and level).
     */
    public enum Parallelism {
        DFS, BFS, HYBRID;

        /** The command-line name: "dfs", "bfs" or "hybrid". */
        public String cliName() {
            return CliNames.of(this);
        }

        /** Every command-line name, comma-separated, for help and error texts. */
        public static String cliNames() {
            return CliNames.joined(values());
        }

        /**
         * The mode of that command-line name.
         *
         * @throws IllegalArgumentException for any other name, listing the names
         */
        public static Parallelism ofCliName(String name) {
            return CliNames.parse(values(), "parallelism", name);
        }
    }

    /**
     * HYBRID for the fused strategy, DFS for the others (the only mode they run). On the 2-vCPU AMD EPYC
     * (2026-12-03, after the narrow last panels; `jfmm bench --threads 2 --parallel dfs,hybrid`, 9 rounds of
     * pairs, speed-up over classical) hybrid was ahead of dfs in every cell: two Strassen levels at 4096
     * 1.202x and 1.146x against 1.103x and 1.075x in double, 1.102x and 1.145x against 1.047x and 1.034x in
     * float; one level at 2048 1.089x against 1.026x in double, 1.004x against 0.966x in float. Why was not
     * isolated (the classical kernel alone gained 2% running two one-thread products of 1024 at once rather
     * than one on two threads). That hybrid ran in rounds; without them ({@link ProductSchedule}) it was
     * faster again, the medians of 15 paired rounds 1.012x and 1.026x (float) and 1.021x (double) at 4096.
     * On one thread the modes are the same.
     */
    public static Parallelism defaultParallelism(Strategy strategy) {
        return strategy.fused() ? Parallelism.HYBRID : Parallelism.DFS;
    }

    /** Recursion levels accepted: each level divides the blocks by the grid; past 4 they are tiny. */
    public static final int MAX_LEVELS = 4;

    /**
     * A level runs only where its blocks are at least this large in every dimension; below, the
     * classical kernel does better. On the 2-core AVX-512 Xeon, one level of Strassen (fused) was level
     * with classical at n = 1536 (blocks of 768) and 3072 and a few percent ahead at 2048 and 4096
     * (blocks of 1024 and 2048); two levels lost 11-16% at 2048 (blocks of 512).
     */
    public static final int DEFAULT_CUTOFF = 1024;

    /** Columns of every C block's row copied at a time when C changes basis: 16 blocks' stay in L2. */
    private static final int BASIS_COLUMNS = 1024;

    /** Elements of C combined per pass of the write-once combine: a few rows, sized to stay in L1. */
    private static final int COMBINE_ELEMENTS = 2048;

    private static final ThreadLocal<Workspace<double[]>> DOUBLE_WORKSPACE =
            ThreadLocal.withInitial(() -> new Workspace<>(TypedArrays.DOUBLES));
    private static final ThreadLocal<Workspace<float[]>> FLOAT_WORKSPACE =
            ThreadLocal.withInitial(() -> new Workspace<>(TypedArrays.FLOATS));

    private final List<Scheme> perLevel;
    private final List<Plan> plans;
    private final int cutoff;
    /** How the fused strategy treats the rows, columns and depth its block grid does not divide. */
    private final Fringe fringe;
    /**
     * With FUSED, the first 1, 2, ... levels multiplied out into one scheme each (the deepest that fits
     * a shape runs, as the recursion stops where a shape gets too small); empty otherwise.
     */
    private final List<Plan> flat;
    /**
     * The flattened plans with C in the basis that makes their W sparsest ({@link OutputBasis#sparsest}, per
     * level, multiplied out): the same plan where that basis is C's own.
     */
    private final List<Plan> flatInBasis;
    /** Whether the products go into C in {@link #flatInBasis}'s basis where blocks tile C exactly (FUSED_BASIS). */
    private final boolean outputBasis;
    /** Per flattened plan, its A and B sums as generated code; empty for the interpretive sums (and WRITE_ONCE). */
    private final List<GeneratedSums> sums;
    private final Strategy strategy;
    private final Parallelism parallelism;
    private final Dispatcher classical;
    private final String name;
    private final Engine<double[]> doubles;
    private final Engine<float[]> floats;
    private final ThreadLocal<String> lastRun;

    /**
     * A backend running {@code scheme} for {@code levels} levels, the classical {@code leaves} below.
     *
     * @throws IllegalArgumentException when the scheme does not verify, is over GF2, or levels is out of range
     */
    public static FastGemm of(Scheme scheme, int levels, Dispatcher leaves) {
        return of(scheme, levels, defaultStrategy(leaves), leaves);
    }

    /**
     * As {@link #of(Scheme, int, Dispatcher)}, with the given strategy.
     *
     * @throws IllegalArgumentException also when the strategy is FUSED and the leaves cannot fuse
     */
    public static FastGemm of(Scheme scheme, int levels, Strategy strategy, Dispatcher leaves) {
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels = " + levels + " is out of range (1.." + MAX_LEVELS + ")");
        }
        return new FastGemm(Collections.nCopies(levels, scheme), strategy, DEFAULT_CUTOFF, leaves);
    }

    /**
     * A backend running {@code perLevel.get(0)} at the outer level, the next one inside each of its
     * products, and so on; the classical {@code leaves} below the last.
     *
     * @throws IllegalArgumentException when a scheme does not verify or is over GF2, or there are no
     *                                  or too many levels
     */
    public FastGemm(List<Scheme> perLevel, Strategy strategy, int cutoff, Dispatcher leaves) {
        this(perLevel, compile(perLevel, strategy, leaves), strategy, defaultParallelism(strategy), cutoff,
                Fringe.CHEAPER, leaves);
    }

    /** Every level's plan and, with FUSED, the flattened ones (see {@link #flat}) and their generated sums. */
    private record Compiled(List<Plan> plans, List<Plan> flat, List<Plan> flatInBasis, List<GeneratedSums> sums) {
    }

    /** The plans, after checking that every level's scheme can multiply real matrices and the leaves can run the strategy. */
    private static Compiled compile(List<Scheme> perLevel, Strategy strategy, Dispatcher leaves) {
        if (perLevel.isEmpty() || perLevel.size() > MAX_LEVELS) {
            throw new IllegalArgumentException(perLevel.size() + " levels is out of range (1.." + MAX_LEVELS + ")");
        }
        if (strategy.fused() && !leaves.fuses()) {
            throw new IllegalArgumentException("the fused strategy needs the packed SIMD backend, not "
                    + leaves.backend().name());
        }
        List<Plan> built = new ArrayList<>();
        for (Scheme s : perLevel) {
            if (s.field() == Field.GF2) {
                throw new IllegalArgumentException(s + " holds only modulo 2; a scheme over Z or Q is needed "
                        + "to multiply real matrices");
            }
            Verification v = Verifier.verify(s);
            if (!v.valid()) {
                throw new IllegalArgumentException(s + " does not verify (" + v.summary() + ")");
            }
            built.add(new Plan(s, strategy.cse()));
        }
        List<Plan> flattened = new ArrayList<>();
        List<Plan> inBasis = new ArrayList<>();
        List<GeneratedSums> sums = new ArrayList<>();
        if (strategy.fused()) {
            boolean changesBasis = strategy == Strategy.FUSED_BASIS;
            Scheme prefix = perLevel.get(0);
            OutputBasis basis = changesBasis ? OutputBasis.sparsest(prefix) : null;
            flattened.add(built.get(0));
            inBasis.add(changesBasis && !basis.isIdentity() ? new Plan(prefix, false, basis) : built.get(0));
            for (Scheme next : perLevel.subList(1, perLevel.size())) {
                prefix = SchemeAlgebra.product(prefix, next);
                Plan plain = new Plan(prefix, false);
                flattened.add(plain);
                if (changesBasis) {
                    basis = basis.times(OutputBasis.sparsest(next));
                }
                inBasis.add(changesBasis && !basis.isIdentity() ? new Plan(prefix, false, basis) : plain);
            }
            for (Plan p : flattened) {
                sums.add(GeneratedSums.of(p.uCoef, p.vCoef, leaves.vectorBits()));
            }
        }
        return new Compiled(List.copyOf(built), List.copyOf(flattened), List.copyOf(inBasis), List.copyOf(sums));
    }

    private FastGemm(List<Scheme> perLevel, Compiled compiled, Strategy strategy, Parallelism parallelism, int cutoff,
                     Fringe fringe, Dispatcher leaves) {
        if (cutoff < 1) {
            throw new IllegalArgumentException("cutoff = " + cutoff + " must be at least 1");
        }
        if (parallelism != Parallelism.DFS && !strategy.fused()) {
            throw new IllegalArgumentException("only the fused strategy runs products in parallel ("
                    + parallelism.cliName() + "); " + strategy.cliName() + " runs them one after another (dfs)");
        }
        this.perLevel = List.copyOf(perLevel);
        this.plans = compiled.plans();
        this.flat = compiled.flat();
        this.flatInBasis = compiled.flatInBasis();
        this.outputBasis = strategy == Strategy.FUSED_BASIS;
        this.sums = compiled.sums();
        this.cutoff = cutoff;
        this.fringe = fringe;
        this.strategy = strategy;
        this.parallelism = parallelism;
        this.classical = leaves;
        this.name = "fast(" + perLevel.stream().map(s -> s.format() + ";" + s.rank()).collect(Collectors.joining(","))
                + (strategy == Strategy.WRITE_ONCE ? "" : " " + strategy.cliName())
                + (parallelism == defaultParallelism(strategy) ? "" : " " + parallelism.cliName()) + ")+"
                + leaves.backend().name();
        this.doubles = new Engine<>(TypedArrays.DOUBLES, DOUBLE_WORKSPACE, leaves.profile().gemm().doubles().kc(),
                leaves::dgemm, leaves::dgemm);
        this.floats = new Engine<>(TypedArrays.FLOATS, FLOAT_WORKSPACE, leaves.profile().gemm().floats().kc(),
                (s, alpha, a, b, beta, c, threads) -> leaves.sgemm(s, (float) alpha, a, b, (float) beta, c, threads),
                (s, product, alpha, a, b, c, threads) -> leaves.sgemm(s, product, (float) alpha, a, b, c, threads));
        this.lastRun = ThreadLocal.withInitial(() -> name);
    }

    /**
     * "fast(2x2x2;7,2x2x2;7)+simd-512bit": the schemes per level, outermost first (the strategy after them
     * unless it is write-once, e.g. "fast(2x2x2;7 fused)", then the parallelism unless it is the default's),
     * and the leaf backend.
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * What the last call on this thread ran: {@link #name()} when the scheme ran, else the classical
     * backend's name and why (Inf or NaN input, blocks under the cutoff, or a shape smaller than the
     * block grid).
     */
    @Override
    public String lastRun() {
        return lastRun.get();
    }

    public int levels() {
        return plans.size();
    }

    /**
     * The same schemes, strategy and leaves, with levels running only where their blocks are at least
     * {@code cutoff} in every dimension (the schemes are not verified again).
     */
    public FastGemm withCutoff(int cutoff) {
        return new FastGemm(perLevel, compiled(), strategy, parallelism, cutoff, fringe, classical);
    }

    /**
     * The same schemes, strategy, cutoff and leaves, spending threads on the products as {@code parallelism}
     * says; the results are the same bits.
     *
     * @throws IllegalArgumentException for BFS or HYBRID with a strategy other than FUSED
     */
    public FastGemm withParallelism(Parallelism parallelism) {
        return new FastGemm(perLevel, compiled(), strategy, parallelism, cutoff, fringe, classical);
    }

    public Parallelism parallelism() {
        return parallelism;
    }

    /**
     * Where the fused strategy's block grid does not divide a shape: {@code PEEL} runs the last rows, columns
     * and depth classically (dynamic peeling), {@code PAD} rounds the blocks up so they reach past the
     * edges, which packing reads as zeros and the merges leave alone, and {@code CHEAPER} pads the rows and
     * columns, and the depth unless that adds a depth pass (KC, see {@link BlisGemm#passDepth}) to every
     * product, where it peels the depth. The other strategies always peel.
     *
     * <p>Measured (AMD EPYC, one JVM, two Strassen levels, speed-up over classical, medians of 5-7 rounds,
     * cheaper / peeled): float on one thread 1.090x / 1.036x at 4095, 1.069x / 1.024x at 4093, 1.062x /
     * 1.007x at 3075, 1.111x / 1.064x at 4097 (4096: 1.121x); double on two threads 1.051x / 1.014x at 4095
     * and 1.105x / 1.029x at 3001 x 4005 x 5003 (m x k x n). At 4097 the depth was peeled then, as padded
     * blocks 1025 deep took a second KC pass of depth 1 (padding it gave 1.017x); since such a pass folds
     * into the one before, 4097 pads it too: 1.119x against 1.085x peeled. One level at 2047 in double:
     * 0.994x / 0.999x.
     */
    enum Fringe { PEEL, PAD, CHEAPER }

    /** The same, with the fringe treated as {@code fringe} says (tests and measurements). */
    FastGemm withFringe(Fringe fringe) {
        return new FastGemm(perLevel, compiled(), strategy, parallelism, cutoff, fringe, classical);
    }

    private Compiled compiled() {
        return new Compiled(plans, flat, flatInBasis, sums);
    }

    /**
     * Per flattened plan (empty unless fused), its products in rounds whose members reach disjoint C blocks
     * ({@code Plan.rounds}); with fused-basis, those of the plan in its basis (where blocks tile C).
     */
    List<int[][]> productRounds() {
        return flatInBasis.stream().map(p -> p.rounds).toList();
    }

    /** Per flattened plan, its generated sums (empty with the interpretive sums or WRITE_ONCE). */
    List<GeneratedSums> generatedSums() {
        return sums;
    }

    /**
     * The same, with the fused sums read from the coefficient arrays term by term instead of run as
     * generated code: for tests and measurements comparing the two (they give the same bits).
     */
    FastGemm withInterpretiveSums() {
        return new FastGemm(perLevel, new Compiled(plans, flat, flatInBasis, List.of()), strategy, parallelism, cutoff,
                fringe, classical);
    }

    public int cutoff() {
        return cutoff;
    }

    public Strategy strategy() {
        return strategy;
    }

    /**
     * How much larger than classical the scheme's intermediate sums can grow, over all levels: the product
     * per level of max over C blocks of sum_r |w| * ||u_r||_1 * ||v_r||_1, divided by m (which is what
     * the classical scheme has). 1 for the classical algorithm; error bounds scale with it.
     */
    public double growth() {
        if (outputBasis) {
            return flatInBasis.get(flatInBasis.size() - 1).growth; // the levels' bases multiplied out
        }
        double g = 1;
        for (Plan p : plans) {
            g *= p.growth;
        }
        return g;
    }

    @Override
    public void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c, int threads) {
        lastRun.set(doubles.gemm(s, alpha, a, b, beta, c, threads));
    }

    @Override
    public void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c, int threads) {
        lastRun.set(floats.gemm(s, alpha, a, b, beta, c, threads));
    }

    /** The classical product, in either precision (alpha and beta as double, rounded for float). */
    private interface Leaf<X> {
        String run(GemmShape s, double alpha, X a, X b, double beta, X c, int threads);
    }

    /** One product with its sums fused in, in either precision. */
    private interface FusedLeaf<X> {
        void run(GemmShape s, SchemeProduct product, double alpha, X a, X b, X c, int threads);
    }

    /** A product's left or right operand: a view of A or B (scaled) or a temporary (scale 1). */
    private record Operand<X>(X array, int index, int rowStride, int colStride, double scale) {
    }

    /** The recursion, written once for X = double[] or float[]. */
    private final class Engine<X> {
        private final TypedArrays<X> arrays;
        private final ThreadLocal<Workspace<X>> workspace;
        private final Leaf<X> leaf;
        private final FusedLeaf<X> fusedLeaf;
        /** The leaves' KC: a product's depth is packed this much at a time. */
        private final int depthBlock;

        Engine(TypedArrays<X> arrays, ThreadLocal<Workspace<X>> workspace, int depthBlock, Leaf<X> leaf,
               FusedLeaf<X> fusedLeaf) {
            this.arrays = arrays;
            this.depthBlock = depthBlock;
            this.workspace = workspace;
            this.leaf = leaf;
            this.fusedLeaf = fusedLeaf;
        }

        /** The whole product; returns what ran. */
        String gemm(GemmShape s, double alpha, X a, X b, double beta, X c, int threads) {
            if (!fits(plans.get(0), s)) {
                return leaf.run(s, alpha, a, b, beta, c, threads) + (plans.get(0).fits(s, 1)
                        ? " (blocks would be under the cutoff of " + cutoff + ")"
                        : " (smaller than the " + plans.get(0).grid() + " block grid)");
            }
            int deepest = flat.isEmpty() ? -1 : deepestFitting(s);
            Plan fusedPlan = deepest < 0 ? null : fusedPlan(deepest, s, beta);
            // Decoding reads every value the products left in C, and an Inf or NaN anywhere in A or B reaches
            // one of them where the blocks tile s exactly; so that check replaces the scan of A and B.
            boolean checkedByDecoding = fusedPlan != null && fusedPlan.decode != null && tilesExactly(fusedPlan, s);
            if (!checkedByDecoding && !allFinite(s, a, b, threads)) {
                return leaf.run(s, alpha, a, b, beta, c, threads) + " (Inf or NaN input)";
            }
            if (fusedPlan == null) {
                recurse(0, s, alpha, a, b, beta, c, threads);
            } else if (!fused(deepest, fusedPlan, s, alpha, a, b, beta, c, threads) && checkedByDecoding) {
                // Beta is 0, so C is free to be written again.
                String why = allFinite(s, a, b, threads) ? " (Inf or NaN in the scheme's sums: overflow)"
                        : " (Inf or NaN input)";
                return leaf.run(s, alpha, a, b, beta, c, threads) + why;
            }
            return name;
        }

        /** The deepest flattened plan that fits s (level 0 fits: checked by gemm). */
        private int deepestFitting(GemmShape s) {
            int deepest = flat.size() - 1;
            while (!fits(flat.get(deepest), s)) {
                deepest--;
            }
            return deepest;
        }

        /**
         * The flattened plan {@code deepest} as the fused strategy runs it on s: in its output basis with
         * fused-basis where the blocks tile C and beta is 0, since decoding needs every block whole, and C's own
         * values (beta != 0) would mix across blocks in the basis: an Inf or NaN of C would spread to the blocks
         * decoded from it.
         */
        private Plan fusedPlan(int deepest, GemmShape s, double beta) {
            Plan plan = flat.get(deepest);
            GemmShape block = fusedBlock(plan, s);
            return outputBasis && beta == 0 && block.m() * plan.n <= s.m() && block.n() * plan.p <= s.n()
                    ? flatInBasis.get(deepest) : plan;
        }

        /** Whether plan's blocks cover s exactly: no fringe peeled, no padding. */
        private boolean tilesExactly(Plan plan, GemmShape s) {
            GemmShape block = fusedBlock(plan, s);
            return block.m() * plan.n == s.m() && block.n() * plan.p == s.n() && block.k() * plan.m == s.k();
        }

        /**
         * Whether A and B hold only finite values: a scan of both, as fast as memory, so each thread takes a
         * share of their rows (a 4096 product in float on two threads spent 4 ms in it on one).
         */
        private boolean allFinite(GemmShape s, X a, X b, int threads) {
            int team = Math.max(1, threads);
            AtomicBoolean finite = new AtomicBoolean(true);
            WorkerPool.run(team, t -> {
                int a0 = WorkerPool.shareStart(t, team, s.m()), a1 = WorkerPool.shareStart(t + 1, team, s.m());
                int b0 = WorkerPool.shareStart(t, team, s.k()), b1 = WorkerPool.shareStart(t + 1, team, s.k());
                if (!arrays.allFinite(a, s.a(a0, 0), s.aRowStride(), s.aColStride(), a1 - a0, s.k())
                        || !arrays.allFinite(b, s.b(b0, 0), s.bRowStride(), s.bColStride(), b1 - b0, s.n())) {
                    finite.set(false);
                }
            });
            return finite.get();
        }

        /** Level {@code level} on shape s: the divisible core through the scheme, the fringe classically. */
        private void recurse(int level, GemmShape s, double alpha, X a, X b, double beta, X c, int threads) {
            if (level == plans.size() || !plans.get(level).fits(s, cutoff)) {
                leaf.run(s, alpha, a, b, beta, c, threads);
                return;
            }
            Plan plan = plans.get(level);
            int mb = s.m() / plan.n, kb = s.k() / plan.m, nb = s.n() / plan.p;
            int m0 = mb * plan.n, k0 = kb * plan.m, n0 = nb * plan.p;
            level(level, plan, s.block(0, m0, 0, n0, 0, k0), mb, kb, nb, alpha, a, b, beta, c, threads);
            peel(s, m0, n0, k0, alpha, a, b, beta, c, threads);
        }

        /**
         * The fused strategy on shape s with flattened plan {@code deepest}, as {@code plan} (from
         * {@link #fusedPlan}): each product is one packed GEMM on a block-sized view, its sums and scatter given
         * as offsets from block (0, 0); a C block's first product applies beta, the later ones add. Blocks the
         * grid does not divide are padded or their fringe peeled, as {@link #fringe} says; a peeled fringe runs
         * classically after them. Returns false where decoding found an Inf or NaN in C's blocks.
         */
        private boolean fused(int deepest, Plan plan, GemmShape s, double alpha, X a, X b, double beta, X c,
                              int threads) {
            GeneratedSums generated = sums.isEmpty() ? null : sums.get(deepest);
            GemmShape block = fusedBlock(plan, s);
            int mb = block.m(), kb = block.k(), nb = block.n();
            boolean padded = mb * plan.n > s.m() || nb * plan.p > s.n() || kb * plan.m > s.k();
            boolean[] written = new boolean[plan.n * plan.p];
            int[] order = plan.order();
            SchemeProduct[] products = new SchemeProduct[order.length];
            for (int i = 0; i < order.length; i++) {
                int r = order[i];
                int[] cBlocks = plan.wBlock[r];
                int[] cOffsets = new int[cBlocks.length];
                double[] betas = new double[cBlocks.length];
                for (int d = 0; d < cBlocks.length; d++) {
                    cOffsets[d] = blockIndex(cBlocks[d], plan.p, mb, nb, 0, s.ldc(), 1);
                    betas[d] = written[cBlocks[d]] ? 1 : beta;
                    written[cBlocks[d]] = true;
                }
                products[i] = new SchemeProduct(
                        offsets(plan.uBlock[r], plan.m, mb, kb, s.aRowStride(), s.aColStride()), plan.uCoef[r],
                        offsets(plan.vBlock[r], plan.p, kb, nb, s.bRowStride(), s.bColStride()), plan.vCoef[r],
                        cOffsets, plan.wCoefByProduct[r], betas, generated,
                        generated == null ? -1 : generated.aPattern()[r],
                        generated == null ? -1 : generated.bPattern()[r]);
                if (padded) {
                    products[i] = products[i].clippedTo(new SchemeProduct.Clip(
                            extents(plan.uBlock[r], plan.m, true, s.m(), mb),
                            extents(plan.uBlock[r], plan.m, false, s.k(), kb),
                            extents(plan.vBlock[r], plan.p, true, s.k(), kb),
                            extents(plan.vBlock[r], plan.p, false, s.n(), nb),
                            extents(cBlocks, plan.p, true, s.m(), mb), extents(cBlocks, plan.p, false, s.n(), nb)));
                }
            }
            int team = Math.max(1, threads);
            if (parallelism == Parallelism.DFS || team == 1) {
                for (SchemeProduct product : products) {
                    fusedLeaf.run(block, product, alpha, a, b, c, threads);
                }
            } else if (parallelism == Parallelism.BFS || team <= plan.narrowestRound()) {
                IntConsumer onAllThreads = i -> fusedLeaf.run(block, products[i], alpha, a, b, c, threads);
                ProductSchedule schedule = new ProductSchedule(plan.cBlocksInOrder());
                schedule.run(Math.min(team, products.length),
                        i -> fusedLeaf.run(block, products[i].helpedBy(schedule), alpha, a, b, c, 1),
                        parallelism == Parallelism.HYBRID ? onAllThreads : null);
            } else {
                int first = 0;
                for (int[] round : plan.rounds) {
                    runRound(block, products, first, round.length, alpha, a, b, c, team);
                    first += round.length;
                }
            }
            for (int ik = 0; ik < written.length; ik++) {
                int i0 = ik / plan.p * mb, j0 = ik % plan.p * nb;
                if (!written[ik] && i0 < s.m() && j0 < s.n()) { // no product reaches it: beta * C (alpha 0 scales)
                    leaf.run(s.block(i0, Math.min(mb, s.m() - i0), j0, Math.min(nb, s.n() - j0), 0,
                            Math.min(kb * plan.m, s.k())), 0, a, b, beta, c, threads);
                }
            }
            boolean finite = plan.decode == null || decode(plan.decode, plan.p, block, c, threads);
            peel(s, Math.min(mb * plan.n, s.m()), Math.min(nb * plan.p, s.n()), Math.min(kb * plan.m, s.k()), alpha, a,
                    b, beta, c, threads);
            return finite;
        }

        /**
         * C's blocks of block's size on a grid {@code gridCols} wide taken back from the plan's basis, in
         * place: block o becomes sum_d Y^-1[o][d] block d. A row of every block it reads at a time, copied
         * first, so each is read once and only the blocks whose row of Y^-1 is not the identity's are written.
         * Returns whether every value in the blocks before decoding was finite, checked on the copies (in
         * cache) and on the rows of blocks no decoding reads: a pass that replaces the scan of A and B,
         * whose Inf or NaN would show there (5 ms of a 4096 product in float on one thread).
         */
        private boolean decode(Decoding decoding, int gridCols, GemmShape block, X c, int threads) {
            double[][] matrix = decoding.inverse();
            int[] changed = decoding.changed(), read = decoding.read(), unread = decoding.unread();
            int blocks = matrix.length, mb = block.m(), nb = block.n(), ldc = block.ldc();
            int width = Math.min(nb, BASIS_COLUMNS), team = Math.max(1, Math.min(threads, mb));
            AtomicBoolean finite = new AtomicBoolean(true);
            WorkerPool.run(team, t -> {
                X rows = workspace.get().get(0, Workspace.BASIS, blocks * width);
                boolean seen = true;
                for (int x = WorkerPool.shareStart(t, team, mb); x < WorkerPool.shareStart(t + 1, team, mb); x++) {
                    for (int j = 0; j < nb; j += width) {
                        int cols = Math.min(width, nb - j), at = block.cOffset() + x * ldc + j;
                        for (int d : read) {
                            arrays.copy(c, at + blockIndex(d, gridCols, mb, nb, 0, ldc, 1), 1, rows, d * width, 1,
                                    cols);
                            seen &= arrays.finite(rows, d * width, 1, cols);
                        }
                        for (int d : unread) {
                            seen &= arrays.finite(c, at + blockIndex(d, gridCols, mb, nb, 0, ldc, 1), 1, cols);
                        }
                        for (int o : changed) {
                            boolean first = true;
                            for (int d = 0; d < blocks; d++) {
                                if (matrix[o][d] != 0) {
                                    arrays.addScaled(rows, d * width, 0, 1, 1, cols, c,
                                            at + blockIndex(o, gridCols, mb, nb, 0, ldc, 1), ldc, matrix[o][d], first);
                                    first = false;
                                }
                            }
                        }
                    }
                }
                if (!seen) {
                    finite.set(false);
                }
            });
            return finite.get();
        }

        /**
         * Whether s runs plan's grid: its blocks at least {@link #cutoff} in every dimension, as the fused
         * strategy pads them where it does (a 4095 product's padded blocks of 1024 count as 1024), and s no
         * smaller than the grid.
         */
        private boolean fits(Plan plan, GemmShape s) {
            if (flat.isEmpty() || !plan.fits(s, 1)) {
                return plan.fits(s, cutoff);
            }
            GemmShape block = fusedBlock(plan, s);
            return block.m() >= cutoff && block.n() >= cutoff && block.k() >= cutoff;
        }

        /**
         * The view of block (0, 0) of s on plan's grid that the fused strategy's products run on: padded or
         * peeled as {@link #fringe} says. Padded blocks reach past the matrices' edges, so the view is built
         * without GemmShape's bounds check.
         */
        private GemmShape fusedBlock(Plan plan, GemmShape s) {
            boolean padSides = fringe != Fringe.PEEL;
            return new GemmShape(blockSize(s.m(), plan.n, padSides), blockSize(s.n(), plan.p, padSides),
                    blockSize(s.k(), plan.m, padsDepth(s.k(), plan.m)), s.aOffset(), s.aRowStride(), s.aColStride(),
                    s.bOffset(), s.bRowStride(), s.bColStride(), s.cOffset(), s.ldc());
        }

        /** Whether {@link #fringe} pads a depth of {@code depth} split into {@code parts} (see {@link Fringe}). */
        private boolean padsDepth(int depth, int parts) {
            int peeled = blockSize(depth, parts, false), padded = blockSize(depth, parts, true);
            return fringe == Fringe.PAD || fringe == Fringe.CHEAPER && passes(padded) == passes(peeled);
        }

        /** How many KC passes the leaves make over a product of this depth ({@link BlisGemm#passDepth}). */
        private int passes(int depth) {
            int passes = 0;
            for (int pc = 0; pc < depth; pc += BlisGemm.passDepth(depthBlock, depth, pc)) {
                passes++;
            }
            return passes;
        }

        /** A block of a dimension split into {@code parts}: the floor (peeled fringe) or the ceiling (padded). */
        private static int blockSize(int size, int parts, boolean padded) {
            return padded ? (size + parts - 1) / parts : size / parts;
        }

        /**
         * How many rows (or columns) of each of these blocks of a grid {@code gridCols} wide lie inside a
         * dimension of {@code size}, in padded blocks of {@code block}.
         */
        private static int[] extents(int[] blocks, int gridCols, boolean rows, int size, int block) {
            int[] extents = new int[blocks.length];
            for (int t = 0; t < blocks.length; t++) {
                int start = (rows ? blocks[t] / gridCols : blocks[t] % gridCols) * block;
                extents[t] = Math.max(0, Math.min(block, size - start));
            }
            return extents;
        }

        /**
         * One round of fused products, products[first .. first + count), whose C blocks are disjoint: as many
         * as the team divides at once, one thread each, the rest one after another on all threads.
         */
        private void runRound(GemmShape block, SchemeProduct[] products, int first, int count, double alpha, X a,
                              X b, X c, int team) {
            int alone = count / team * team;
            AtomicInteger next = new AtomicInteger(first);
            WorkerPool.run(Math.min(team, alone), t -> {
                for (int i = next.getAndIncrement(); i < first + alone; i = next.getAndIncrement()) {
                    fusedLeaf.run(block, products[i], alpha, a, b, c, 1);
                }
            });
            for (int i = first + alone; i < first + count; i++) {
                fusedLeaf.run(block, products[i], alpha, a, b, c, team);
            }
        }

        /**
         * Dynamic peeling: the fringe of s beyond its m0 x n0 x k0 core, through the classical backend on
         * views of the same arrays. The depth fringe adds onto the core (beta 1); the column and row
         * fringes are whole products of their own.
         */
        private void peel(GemmShape s, int m0, int n0, int k0, double alpha, X a, X b, double beta, X c, int threads) {
            if (k0 < s.k()) {
                leaf.run(s.block(0, m0, 0, n0, k0, s.k() - k0), alpha, a, b, 1, c, threads);
            }
            if (n0 < s.n()) {
                leaf.run(s.block(0, m0, n0, s.n() - n0, 0, s.k()), alpha, a, b, beta, c, threads);
            }
            if (m0 < s.m()) {
                leaf.run(s.block(m0, s.m() - m0, 0, s.n(), 0, s.k()), alpha, a, b, beta, c, threads);
            }
        }

        /**
         * One level on a core whose dimensions divide, with the strategy's sums and combine: the named
         * sums of A's and B's blocks first (with CSE), then each product, reaching C as the strategy says.
         */
        private void level(int level, Plan plan, GemmShape s, int mb, int kb, int nb,
                           double alpha, X a, X b, double beta, X c, int threads) {
            Workspace<X> ws = workspace.get();
            int blockSize = mb * nb;
            Blocks<X> aBlocks = new Blocks<>(a, s.aOffset(), s.aRowStride(), s.aColStride(), plan.m, mb, kb,
                    plan.uSums.variables(), ws.get(level, Workspace.A_NAMED, plan.uSums.named() * mb * kb));
            Blocks<X> bBlocks = new Blocks<>(b, s.bOffset(), s.bRowStride(), s.bColStride(), plan.p, kb, nb,
                    plan.vSums.variables(), ws.get(level, Workspace.B_NAMED, plan.vSums.named() * kb * nb));
            formNamed(plan.uSums, aBlocks);
            formNamed(plan.vSums, bBlocks);
            X leftSum = ws.get(level, Workspace.S, mb * kb);
            X rightSum = ws.get(level, Workspace.T, kb * nb);
            boolean streaming = strategy == Strategy.STREAMING || strategy == Strategy.STREAMING_CSE;
            X products = ws.get(level, Workspace.M, streaming ? blockSize
                    : Math.multiplyExact(plan.rank + plan.wSums.named(), blockSize));
            boolean[] written = new boolean[plan.n * plan.p];
            for (int r = 0; r < plan.rank; r++) {
                Operand<X> left = sum(aBlocks, plan.uSums.vars()[r], plan.uSums.coef()[r], leftSum);
                Operand<X> right = sum(bBlocks, plan.vSums.vars()[r], plan.vSums.coef()[r], rightSum);
                double scale = left == null || right == null ? 0 : left.scale() * right.scale();
                if (!streaming) {
                    if (scale == 0) {
                        arrays.zero(products, r * blockSize, 1, blockSize); // an empty sum: M_r = 0
                    } else {
                        recurse(level + 1, productShape(left, right, mb, nb, kb, r * blockSize, nb), scale,
                                left.array(), right.array(), 0, products, threads);
                    }
                    continue;
                }
                int[] targets = plan.wBlock[r];
                if (scale == 0 || targets.length == 0) {
                    continue; // M_r = 0, or unused: it adds nothing
                }
                if (targets.length == 1) { // straight into its C block
                    int ik = targets[0];
                    recurse(level + 1, productShape(left, right, mb, nb, kb, s.c(ik / plan.p * mb, ik % plan.p * nb),
                            s.ldc()), alpha * plan.wCoefByProduct[r][0] * scale, left.array(), right.array(),
                            written[ik] ? 1 : beta, c, threads);
                    written[ik] = true;
                    continue;
                }
                recurse(level + 1, productShape(left, right, mb, nb, kb, 0, nb), scale, left.array(), right.array(),
                        0, products, threads);
                for (int d = 0; d < targets.length; d++) {
                    int ik = targets[d];
                    arrays.merge(products, 0, nb, mb, nb, c, s.c(ik / plan.p * mb, ik % plan.p * nb), s.ldc(),
                            alpha * plan.wCoefByProduct[r][d], written[ik] ? 1 : beta);
                    written[ik] = true;
                }
            }
            if (streaming) {
                for (int ik = 0; ik < written.length; ik++) {
                    if (!written[ik]) { // no product reaches this C block: it is beta * C (alpha 0 only scales)
                        leaf.run(s.block(ik / plan.p * mb, mb, ik % plan.p * nb, nb, 0, kb * plan.m), 0, a, b, beta,
                                c, threads);
                    }
                }
                return;
            }
            Blocks<X> kept = new Blocks<>(null, 0, 0, 0, 1, mb, nb, 0, products); // M_r is "named" r
            formNamed(plan.wSums, kept);
            for (int i = 0; i < plan.n; i++) {
                for (int k = 0; k < plan.p; k++) {
                    combine(level, plan.wSums.vars()[i * plan.p + k], plan.wSums.coef()[i * plan.p + k], products, blockSize,
                            mb, nb, s.block(i * mb, mb, k * nb, nb, 0, kb), alpha, a, b, beta, c, threads);
                }
            }
        }

        /**
         * C block = alpha * sum_t w[t] M_terms[t] + beta * C block: write-once a few rows at a time through
         * an L1-sized buffer, pairwise one pass over C per product. {@code cBlock} is the block's shape.
         */
        private void combine(int level, int[] terms, double[] w, X products, int blockSize, int mb, int nb,
                             GemmShape cBlock, double alpha, X a, X b, double beta, X c, int threads) {
            int cIndex = cBlock.cOffset(), ldc = cBlock.ldc();
            if (terms.length == 0) { // no product reaches this C block: it is beta * C (alpha 0 only scales)
                leaf.run(cBlock, 0, a, b, beta, c, threads);
            } else if (terms.length == 1 || strategy == Strategy.PAIRWISE || strategy == Strategy.PAIRWISE_CSE) {
                for (int t = 0; t < terms.length; t++) {
                    arrays.merge(products, terms[t] * blockSize, nb, mb, nb, c, cIndex, ldc, alpha * w[t],
                            t == 0 ? beta : 1);
                }
            } else {
                int chunkRows = Math.max(1, Math.min(mb, COMBINE_ELEMENTS / nb));
                X acc = workspace.get().get(level, Workspace.ACC, chunkRows * nb);
                for (int r0 = 0; r0 < mb; r0 += chunkRows) {
                    int rows = Math.min(chunkRows, mb - r0);
                    for (int t = 0; t < terms.length; t++) {
                        arrays.addScaled(products, terms[t] * blockSize + r0 * nb, nb, 1, rows, nb,
                                acc, 0, nb, w[t], t == 0);
                    }
                    arrays.merge(acc, 0, nb, rows, nb, c, cIndex + r0 * ldc, ldc, alpha, beta);
                }
            }
        }

        /** Each named sum of f (CSE), formed once into its place in {@code blocks.named}. */
        private void formNamed(Forms f, Blocks<X> blocks) {
            int size = blocks.rows() * blocks.cols();
            for (int t = 0; t < f.named(); t++) {
                form(blocks, new int[] {f.first()[t], f.second()[t]}, new double[] {1, f.ratio()[t]},
                        blocks.named(), (f.variables() + t - blocks.variables()) * size);
            }
        }

        /**
         * sum_t coef[t] * X_vars[t] as an operand: null for an empty sum, a view for one term, else the sum
         * written to buf (rows x cols, row-major).
         */
        private Operand<X> sum(Blocks<X> blocks, int[] vars, double[] coef, X buf) {
            if (vars.length == 0) {
                return null;
            }
            if (vars.length == 1) {
                int v = vars[0];
                return new Operand<>(blocks.array(v), blocks.index(v), blocks.rowStride(v), blocks.colStride(v), coef[0]);
            }
            form(blocks, vars, coef, buf, 0);
            return new Operand<>(buf, 0, blocks.cols(), 1, 1);
        }

        /** dst (rows x cols, row-major at dstIndex) = sum_t coef[t] * X_vars[t], as the strategy forms sums. */
        private void form(Blocks<X> blocks, int[] vars, double[] coef, X dst, int dstIndex) {
            int rows = blocks.rows(), cols = blocks.cols();
            boolean pairwise = strategy == Strategy.PAIRWISE || strategy == Strategy.PAIRWISE_CSE;
            int passes = pairwise ? 1 : rows; // pairwise: each term over the whole block; else row by row
            int height = pairwise ? rows : 1;
            for (int r = 0; r < passes; r++) {
                for (int t = 0; t < vars.length; t++) {
                    int v = vars[t];
                    arrays.addScaled(blocks.array(v), blocks.index(v) + r * blocks.rowStride(v), blocks.rowStride(v),
                            blocks.colStride(v), height, cols, dst, dstIndex + r * cols, cols, coef[t], t == 0);
                }
            }
        }
    }

    /** The product of two operands into the rows x cols block at cOffset (leading dimension ldc). */
    private static <X> GemmShape productShape(Operand<X> left, Operand<X> right, int rows, int cols, int depth,
                                              int cOffset, int ldc) {
        return new GemmShape(rows, cols, depth, left.index(), left.rowStride(), left.colStride(),
                right.index(), right.rowStride(), right.colStride(), cOffset, ldc);
    }

    /**
     * The variables a level's sums read: variable v &lt; {@code variables} is block v of x (block b is
     * (b / gridCols, b % gridCols) of rows x cols each), and v &gt;= variables is the named sum (or, for the
     * products, the product) at (v - variables) * rows * cols in {@code named}, rows x cols row-major.
     */
    private record Blocks<X>(X x, int offset, int rowStride, int colStride, int gridCols, int rows, int cols,
                             int variables, X named) {
        X array(int v) {
            return v < variables ? x : named;
        }

        int index(int v) {
            return v < variables ? blockIndex(v, gridCols, rows, cols, offset, rowStride, colStride)
                    : (v - variables) * rows * cols;
        }

        int rowStride(int v) {
            return v < variables ? rowStride : cols;
        }

        int colStride(int v) {
            return v < variables ? colStride : 1;
        }
    }

    /** The offsets of the given blocks from block 0 (see {@link #blockIndex}). */
    private static int[] offsets(int[] blocks, int gridCols, int rows, int cols, int rowStride, int colStride) {
        int[] offsets = new int[blocks.length];
        for (int t = 0; t < blocks.length; t++) {
            offsets[t] = blockIndex(blocks[t], gridCols, rows, cols, 0, rowStride, colStride);
        }
        return offsets;
    }

    private static int blockIndex(int block, int gridCols, int rows, int cols, int offset, int rowStride, int colStride) {
        return offset + block / gridCols * rows * rowStride + block % gridCols * cols * colStride;
    }

    /** One scheme's coefficients as the recursion reads them: nonzeros only, as doubles. */
    private static final class Plan {
        final int n, m, p, rank;
        /** Per product r: the A blocks (i*m+j) of S_r and their coefficients. */
        final int[][] uBlock;
        final double[][] uCoef;
        /** Per product r: the B blocks (j*p+k) of T_r and their coefficients. */
        final int[][] vBlock;
        final double[][] vCoef;
        /** Per C block (i*p+k): the products it sums and their coefficients (for the growth). */
        final int[][] wProduct;
        final double[][] wCoef;
        /** Per product r: the C blocks (i*p+k) it goes to and their coefficients. */
        final int[][] wBlock;
        final double[][] wCoefByProduct;
        final double growth;
        /**
         * The products that add something (M_r not 0, and used), in rounds whose members reach disjoint C
         * blocks, in the order {@link ProductSchedule#rounds} chooses from a first guess (each product in the
         * first round it does not share a C block with). One round after another is the order every C block
         * gets its products in ({@link #order()}). Hybrid on more threads than {@link #narrowestRound()} runs
         * them round by round.
         */
        final int[][] rounds;
        /** The rounds one after another: the order every mode keeps per C block. */
        private final int[] order;
        /** The sums as the recursion forms them: U's and V's columns, W's rows; with CSE, after elimination. */
        final Forms uSums, vSums, wSums;
        /** Where W is in another basis of C ({@link OutputBasis}), how C is taken back; null in C's own basis. */
        final Decoding decode;

        /** The plan of s; with {@code cse}, its sums after common-subexpression elimination. */
        Plan(Scheme s, boolean cse) {
            this(s, cse, null);
        }

        /**
         * The plan of s with its products added into C in {@code basis} (null: C's own); the growth counts the
         * decoding. The CSE forms of W ({@code wSums}) stay those of C's own basis: only the fused strategy
         * reads the basis.
         */
        Plan(Scheme s, boolean cse, OutputBasis basis) {
            n = s.format().n();
            m = s.format().m();
            p = s.format().p();
            rank = s.rank();
            Rational[][] u = s.factor(Factor.U), v = s.factor(Factor.V), w = s.factor(Factor.W);
            decode = basis == null ? null : Decoding.of(doubles(basis.inverse()));
            if (basis != null) {
                w = basis.transform(w);
            }
            uBlock = new int[rank][];
            uCoef = new double[rank][];
            vBlock = new int[rank][];
            vCoef = new double[rank][];
            wBlock = new int[rank][];
            wCoefByProduct = new double[rank][];
            for (int r = 0; r < rank; r++) {
                column(u, r, uBlock, uCoef);
                column(v, r, vBlock, vCoef);
                column(w, r, wBlock, wCoefByProduct);
            }
            wProduct = new int[w.length][];
            wCoef = new double[w.length][];
            double[] sums = new double[w.length];
            for (int c = 0; c < w.length; c++) {
                Rational[] row = w[c];
                wProduct[c] = nonzeros(rank, r -> row[r]);
                wCoef[c] = values(wProduct[c], r -> row[r]);
                for (int t = 0; t < wProduct[c].length; t++) {
                    int r = wProduct[c][t];
                    sums[c] += Math.abs(wCoef[c][t]) * norm1(uCoef[r]) * norm1(vCoef[r]);
                }
            }
            double gamma = 0;
            for (int c = 0; c < w.length; c++) { // a decoded C block sums |Y^-1| times its basis entries' sums
                double sum = decode == null ? sums[c] : 0;
                for (int d = 0; decode != null && d < w.length; d++) {
                    sum += Math.abs(decode.inverse()[c][d]) * sums[d];
                }
                gamma = Math.max(gamma, sum);
            }
            growth = gamma / m;
            rounds = ProductSchedule.rounds(Arrays.stream(firstFitRounds(uBlock, vBlock, wBlock, n * p))
                    .flatMapToInt(Arrays::stream).toArray(), wBlock);
            order = Arrays.stream(rounds).flatMapToInt(Arrays::stream).toArray();
            uSums = Forms.of(cse ? CommonSubexpressions.eliminate(s, Factor.U) : CommonSubexpressions.none(s, Factor.U));
            vSums = Forms.of(cse ? CommonSubexpressions.eliminate(s, Factor.V) : CommonSubexpressions.none(s, Factor.V));
            wSums = Forms.of(cse ? CommonSubexpressions.eliminate(s, Factor.W) : CommonSubexpressions.none(s, Factor.W));
        }

        /** The products that add something, in the order every C block gets them. */
        int[] order() {
            return order.clone();
        }

        /**
         * The fewest products of any round of two or more (Integer.MAX_VALUE where every round has one): up
         * to that many threads, one product each, never lack a product to take for long.
         */
        int narrowestRound() {
            return Arrays.stream(rounds).mapToInt(r -> r.length).filter(n -> n > 1).min().orElse(Integer.MAX_VALUE);
        }

        /** Per product in {@link #order()}, the C blocks it reaches. */
        int[][] cBlocksInOrder() {
            return Arrays.stream(order).mapToObj(r -> wBlock[r]).toArray(int[][]::new);
        }

        private static int[][] firstFitRounds(int[][] uBlock, int[][] vBlock, int[][] wBlock, int cBlocks) {
            List<List<Integer>> rounds = new ArrayList<>();
            List<boolean[]> reached = new ArrayList<>();
            for (int r = 0; r < wBlock.length; r++) {
                if (uBlock[r].length == 0 || vBlock[r].length == 0 || wBlock[r].length == 0) {
                    continue; // M_r = 0, or unused: it adds nothing
                }
                int g = 0;
                while (g < rounds.size() && reachesAny(wBlock[r], reached.get(g))) {
                    g++;
                }
                if (g == rounds.size()) {
                    rounds.add(new ArrayList<>());
                    reached.add(new boolean[cBlocks]);
                }
                rounds.get(g).add(r);
                for (int ik : wBlock[r]) {
                    reached.get(g)[ik] = true;
                }
            }
            return rounds.stream().map(x -> x.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }

        private static boolean reachesAny(int[] blocks, boolean[] reached) {
            for (int ik : blocks) {
                if (reached[ik]) {
                    return true;
                }
            }
            return false;
        }

        /** Whether s splits into this grid of blocks at least {@code cutoff} in every dimension. */
        boolean fits(GemmShape s, int cutoff) {
            return s.m() / n >= cutoff && s.k() / m >= cutoff && s.n() / p >= cutoff;
        }

        String grid() {
            return n + "x" + m + "x" + p;
        }

        private interface Entry {
            Rational at(int index);
        }

        /** Column r of factor f, as its nonzero rows (blocks[r]) and their values (coefficients[r]). */
        private static void column(Rational[][] f, int r, int[][] blocks, double[][] coefficients) {
            blocks[r] = nonzeros(f.length, i -> f[i][r]);
            coefficients[r] = values(blocks[r], i -> f[i][r]);
        }

        private static int[] nonzeros(int count, Entry e) {
            return IntStream.range(0, count).filter(i -> !e.at(i).isZero()).toArray();
        }

        private static double[] values(int[] indices, Entry e) {
            return Arrays.stream(indices).mapToDouble(i -> e.at(i).doubleValue()).toArray();
        }

        private static double[][] doubles(Rational[][] x) {
            return Arrays.stream(x).map(row -> Arrays.stream(row).mapToDouble(Rational::doubleValue).toArray())
                    .toArray(double[][]::new);
        }

        private static double norm1(double[] x) {
            double sum = 0;
            for (double v : x) {
                sum += Math.abs(v);
            }
            return sum;
        }
    }

    /**
     * How C is taken back from an output basis: Y^-1 (C = Y^-1 C'), the blocks whose row of it is not the
     * identity's (written), the blocks those rows read, and the others.
     */
    private record Decoding(double[][] inverse, int[] changed, int[] read, int[] unread) {
        static Decoding of(double[][] inverse) {
            int blocks = inverse.length;
            int[] changed = IntStream.range(0, blocks).filter(o -> IntStream.range(0, blocks)
                    .anyMatch(d -> inverse[o][d] != (o == d ? 1 : 0))).toArray();
            int[] read = IntStream.range(0, blocks).filter(d -> Arrays.stream(changed)
                    .anyMatch(o -> inverse[o][d] != 0)).toArray();
            int[] unread = IntStream.range(0, blocks).filter(d -> Arrays.binarySearch(read, d) < 0).toArray();
            return new Decoding(inverse, changed, read, unread);
        }
    }

    /**
     * One factor's sums as arrays: named sum t (variable {@code variables + t}) is x_first[t] + ratio[t] *
     * x_second[t]; form f is sum_j coef[f][j] * x_vars[f][j].
     */
    private record Forms(int variables, int[] first, int[] second, double[] ratio, int[][] vars, double[][] coef) {
        static Forms of(CommonSubexpressions e) {
            List<CommonSubexpressions.Named> named = e.named();
            int[][] vars = new int[e.forms().size()][];
            double[][] coef = new double[vars.length][];
            for (int f = 0; f < vars.length; f++) {
                Map<Integer, Rational> form = e.forms().get(f);
                vars[f] = form.keySet().stream().mapToInt(Integer::intValue).toArray();
                coef[f] = form.values().stream().mapToDouble(Rational::doubleValue).toArray();
            }
            return new Forms(e.variables(), named.stream().mapToInt(CommonSubexpressions.Named::first).toArray(),
                    named.stream().mapToInt(CommonSubexpressions.Named::second).toArray(),
                    named.stream().mapToDouble(x -> x.ratio().doubleValue()).toArray(), vars, coef);
        }

        int named() {
            return first.length;
        }
    }

    /**
     * Temporaries per recursion level (S_r, T_r, the products M_r, a combine buffer, the named sums of A's
     * and B's blocks), kept per thread and held softly: a repeated call of the same size finds them and
     * allocates nothing, and the collector may take them back when memory runs short rather than a large
     * product's hundreds of MB staying alive for as long as the thread.
     */
    private static final class Workspace<X> {
        static final int S = 0, T = 1, M = 2, ACC = 3, A_NAMED = 4, B_NAMED = 5, BASIS = 6;
        private static final int SLOTS = 7;

        private final TypedArrays<X> arrays;
        private List<List<SoftReference<X>>> levels = new ArrayList<>();

        Workspace(TypedArrays<X> arrays) {
            this.arrays = arrays;
        }

        /** The level's buffer in that slot, at least {@code length} long. */
        X get(int level, int slot, int length) {
            while (level >= levels.size()) {
                levels.add(new ArrayList<>(Collections.nCopies(SLOTS, new SoftReference<X>(null))));
            }
            X x = levels.get(level).get(slot).get();
            if (x == null || arrays.length(x) < length) {
                x = arrays.allocate(length);
                levels.get(level).set(slot, new SoftReference<>(x));
            }
            return x;
        }
    }
}
