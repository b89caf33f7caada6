package dev.jfmm.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.Gemm;
import dev.jfmm.Jfmm;
import dev.jfmm.Layout;
import dev.jfmm.Transpose;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.OutputBasis;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SharedSchemes;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The fast-scheme recursion against the plain triple loop ({@link ReferenceGemm}), on random strided
 * views (A and B plain or transposed, offsets, padded leading dimensions): every Z/Q catalog scheme and
 * a sample of published ones at one level, Strassen/Winograd and mixes at two, sizes that divide the
 * block grid, sizes that do not (every fringe), sizes below it, both precisions, alpha/beta, and
 * Inf/NaN inputs. The error bound scales with |A||B|, k and the scheme's coefficient growth.
 */
class FastGemmTest {

    private static final Dispatcher CLASSICAL = Dispatcher.get();

    /** Published schemes: rectangular, Q-field (1/2 and 1/8 coefficients), AlphaTensor's <4,4,4;49>. */
    private static final List<String> SHARED = List.of(
            "alphatensor/alphatensor_4x4x4_r49_Z.txt",
            "alphaevolve/alphaevolve_2x4x5_r32_Q.txt",
            "sedoglavic_catalogue/sedoglavic_3x3x6_r40_Q.txt",
            "alphatensor/alphatensor_2x3x4_r20_Z.txt",
            "kemper_a1880/kemper_2x3x2_r11_Z_z3.txt",
            "alphaevolve/alphaevolve_3x3x3_r23_Z.txt");

    static Scheme catalog(String file) {
        return Catalog.load().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow().scheme();
    }

    @TestFactory
    Stream<DynamicTest> everyCatalogSchemeOverZOrQAtOneLevel() {
        return Catalog.load().stream().filter(e -> e.scheme().field() != Field.GF2)
                .map(e -> DynamicTest.dynamicTest(e.file(), () -> checkOneLevel(e.scheme(), e.file().hashCode())));
    }

    @TestFactory
    Stream<DynamicTest> publishedSchemesAtOneLevel() {
        SharedSchemes.root();
        return SHARED.stream().map(f -> DynamicTest.dynamicTest(f, () -> checkOneLevel(SharedSchemes.read(f), f.hashCode())));
    }

    /** Divisible, with every fringe, and below the grid; double and float; views at random; each strategy. */
    private static void checkOneLevel(Scheme s, long seed) {
        for (FastGemm.Strategy strategy : FastGemm.Strategy.values()) {
            FastGemm fast = FastGemm.of(s, 1, strategy, CLASSICAL).withCutoff(1);
            SplittableRandom random = new SplittableRandom(seed);
            int n = s.format().n(), m = s.format().m(), p = s.format().p();
            Product.random(random, n * 5, p * 4, m * 6, false).check(fast, 1.5, 0.5, true);
            Product.random(random, n * 4 + n - 1, p * 3 + 1, m * 5 + m / 2 + 1, false).check(fast, 1, 0, true);
            Product.random(random, n * 3 + 1, p * 5 + p - 1, m * 3 + m - 1, true).check(fast, -0.5, 2, true);
            Product.random(random, Math.max(1, n - 1), p + 2, m, false).check(fast, 1, 1, n == 1);
        }
    }

    /** Every strategy of the scheme at that many levels. */
    private static List<FastGemm> strategies(Scheme s, int levels) {
        return Stream.of(FastGemm.Strategy.values()).map(x -> FastGemm.of(s, levels, x, CLASSICAL).withCutoff(1)).toList();
    }

    @Test
    void fusedNeedsThePackedBackend() {
        Dispatcher scalar = new Dispatcher(ScalarGemm.INSTANCE, CLASSICAL.profile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastGemm.of(catalog("strassen_2x2x2_r7_Z.fmm"), 1, FastGemm.Strategy.FUSED, scalar));
        assertTrue(e.getMessage().contains("packed SIMD backend"), e.getMessage());
        assertTrue(FastGemm.of(catalog("strassen_2x2x2_r7_Z.fmm"), 2, FastGemm.Strategy.FUSED, CLASSICAL).name()
                .startsWith("fast(2x2x2;7,2x2x2;7 fused)+"));
    }

    @Test
    void strassenAndWinogradAtTwoLevelsAnyShape() {
        for (FastGemm fast : Stream.of("strassen_2x2x2_r7_Z.fmm", "winograd_2x2x2_r7_Z.fmm")
                .flatMap(file -> strategies(catalog(file), 2).stream()).toList()) {
            SplittableRandom random = new SplittableRandom(fast.name().hashCode());
            for (int[] mnk : new int[][] {{48, 48, 48}, {53, 61, 47}, {30, 26, 34}, {4, 4, 4}, {5, 3, 7}, {3, 130, 2},
                    {37, 70, 1100}}) {
                for (boolean floats : new boolean[] {false, true}) {
                    boolean fastRan = mnk[0] >= 2 && mnk[1] >= 2 && mnk[2] >= 2;
                    Product.random(random, mnk[0], mnk[1], mnk[2], floats).check(fast, 1.25, 0.75, fastRan);
                }
            }
        }
    }

    /**
     * The fused strategy with its fringe peeled and padded, each forced, on shapes its grid does not divide
     * in one, two or all dimensions (every layout at random, alpha/beta, a NaN-filled C with beta 0), one and
     * two levels, both precisions: against the reference, and C untouched outside its view.
     */
    @Test
    void peeledAndPaddedFringesMatchTheReference() {
        for (String file : List.of("strassen_2x2x2_r7_Z.fmm", "polished_3x3x3_r23_Z.fmm")) {
            for (int levels = 1; levels <= 2; levels++) {
                for (FastGemm.Fringe fringe : FastGemm.Fringe.values()) {
                    FastGemm fast = FastGemm.of(catalog(file), levels, FastGemm.Strategy.FUSED, CLASSICAL).withCutoff(1)
                            .withFringe(fringe);
                    SplittableRandom random = new SplittableRandom(file.hashCode() + 10L * levels + fringe.ordinal());
                    for (int[] mnk : new int[][] {{53, 61, 47}, {29, 36, 31}, {36, 17, 36}, {37, 38, 39}, {36, 36, 36}}) {
                        for (boolean floats : new boolean[] {false, true}) {
                            Product.random(random, mnk[0], mnk[1], mnk[2], floats).check(fast, 1.25, 0.75, true);
                            Product nanC = Product.random(random, mnk[0], mnk[1], mnk[2], floats);
                            java.util.Arrays.fill(nanC.c, Double.NaN);
                            nanC.check(fast, -1, 0, true);
                        }
                    }
                }
            }
        }
    }

    /**
     * The cheaper fringe pads a depth whose padded blocks need no more KC passes than the peeled ones (KC - 1
     * against KC, or KC + 1 folded into one pass), and peels one where padding would add a pass (blocks
     * KC + FOLDED_DEPTH + 1 deep against KC + FOLDED_DEPTH): on rows and columns the grid divides, its bits
     * are those of the forced fringe, which differ from each other.
     */
    @Test
    void theCheaperFringePadsTheDepthUnlessThatAddsAPass() {
        int kc = CLASSICAL.profile().gemm().doubles().kc(), peelFrom = 2 * (kc + BlisGemm.FOLDED_DEPTH) + 1;
        FastGemm strassen = FastGemm.of(catalog("strassen_2x2x2_r7_Z.fmm"), 1, FastGemm.Strategy.FUSED, CLASSICAL)
                .withCutoff(1);
        SplittableRandom random = new SplittableRandom(5);
        for (int depth : new int[] {2 * kc - 1, 2 * kc + 1, peelFrom}) {
            Product product = Product.random(random, 8, 6, depth, false);
            double[] cheaper = product.run(strassen, 1, 0);
            double[] padded = product.run(strassen.withFringe(FastGemm.Fringe.PAD), 1, 0);
            double[] peeled = product.run(strassen.withFringe(FastGemm.Fringe.PEEL), 1, 0);
            assertTrue(!java.util.Arrays.equals(padded, peeled), "padded and peeled gave the same bits");
            assertArrayEquals(depth < peelFrom ? padded : peeled, cheaper, "depth " + depth + ", KC " + kc);
        }
    }

    /**
     * The cutoff counts padded blocks: with a cutoff of 8, 31 x 31 x 31 runs two Strassen levels on padded
     * blocks of 8 (the bits of two levels without a cutoff, not one level's), while peeled blocks of 7
     * would be under it.
     */
    @Test
    void theCutoffCountsPaddedBlocks() {
        FastGemm two = FastGemm.of(catalog("strassen_2x2x2_r7_Z.fmm"), 2, FastGemm.Strategy.FUSED, CLASSICAL);
        Product x = Product.random(new SplittableRandom(17), 31, 31, 31, false);
        double[] expected = x.run(two.withCutoff(1), 1, 0);
        assertTrue(!java.util.Arrays.equals(expected, x.run(FastGemm.of(catalog("strassen_2x2x2_r7_Z.fmm"), 1,
                FastGemm.Strategy.FUSED, CLASSICAL).withCutoff(1), 1, 0)), "one and two levels gave the same bits");
        assertArrayEquals(expected, x.run(two.withCutoff(8), 1, 0));
        assertArrayEquals(expected, x.run(two.withCutoff(8).withFringe(FastGemm.Fringe.PAD), 1, 0));
        assertTrue(!java.util.Arrays.equals(expected, x.run(two.withCutoff(8).withFringe(FastGemm.Fringe.PEEL), 1, 0)),
                "peeled blocks of 7 ran two levels under a cutoff of 8");
    }

    @Test
    void differentSchemesPerLevelAndAlphaTensorTwice() {
        SharedSchemes.root();
        Scheme alphaTensor = SharedSchemes.read(SHARED.get(0));
        for (FastGemm.Strategy strategy : FastGemm.Strategy.values()) {
            FastGemm mixed = new FastGemm(List.of(catalog("strassen_2x2x2_r7_Z.fmm"), catalog("polished_3x3x3_r23_Z.fmm")),
                    strategy, 1, CLASSICAL);
            SplittableRandom random = new SplittableRandom(3);
            Product.random(random, 36, 40, 38, false).check(mixed, 1, 0, true);
            Product.random(random, 37, 29, 43, true).check(mixed, 1, 0, true);
            FastGemm twice = FastGemm.of(alphaTensor, 2, strategy, CLASSICAL).withCutoff(1);
            Product.random(random, 35, 33, 37, false).check(twice, 1, 0, true);
            Product.random(random, 32, 32, 32, true).check(twice, 1, 0, true);
        }
    }

    /**
     * Fused-basis where the blocks tile C and beta is 0: the products go into C in the sparsest basis of W
     * and C is decoded after them (its bits differ from fused's), within the reference's bound over a
     * NaN-filled C, one and two levels, both precisions; its error stays within twice fused's on a 128 x 128
     * x 128 product. Where the grid leaves fringes, or beta is not 0, it runs as fused: the same bits, so an
     * Inf or NaN of C stays in its own element rather than spreading to the blocks decoded from it.
     */
    @Test
    void fusedBasisDecodesCWhereTheBlocksTileIt() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        for (int levels = 1; levels <= 2; levels++) {
            FastGemm fused = FastGemm.of(strassen, levels, FastGemm.Strategy.FUSED, CLASSICAL).withCutoff(1);
            FastGemm basis = FastGemm.of(strassen, levels, FastGemm.Strategy.FUSED_BASIS, CLASSICAL).withCutoff(1);
            assertEquals(levels == 1 ? 6 : 36, fused.growth(), 0);
            assertEquals(levels == 1 ? 14 : 196, basis.growth(), 0); // C22 = C11 + C12 - C21 - C22' per level
            SplittableRandom random = new SplittableRandom(17 + levels);
            for (boolean floats : new boolean[] {false, true}) {
                Product nanC = Product.random(random, 48, 56, 40, floats);
                java.util.Arrays.fill(nanC.c, Double.NaN);
                nanC.check(basis, 1, 0, true);
                Product x = Product.random(random, 48, 56, 40, floats);
                x.check(basis, -0.75, 0, true);
                assertFalse(java.util.Arrays.equals(x.run(fused, 1, 0), x.run(basis, 1, 0)), "the basis did not run");
                int at = x.shape.cOffset() + 3 * x.shape.ldc() + 5; // in C block (0, 0): others decode from it
                x.c[at] = Double.NaN;
                x.c[at + 7] = Double.POSITIVE_INFINITY;
                x.check(basis, 1, 1.25, true);
                assertArrayEquals(x.run(fused, 1, 1.25), x.run(basis, 1, 1.25));
                Product large = Product.random(random, 128, 128, 128, floats);
                double fusedError = large.maxError(fused), basisError = large.maxError(basis);
                assertTrue(basisError <= 2 * fusedError, basisError + " against fused's " + fusedError);
                Product fringes = Product.random(random, 47, 57, 41, floats);
                assertArrayEquals(fringes.run(fused, 1, 0.5), fringes.run(basis, 1, 0.5));
            }
        }
    }

    /**
     * Where fused-basis decodes C, the decoding's check for Inf and NaN replaces the scan of A and B, so it
     * also catches finite inputs whose sums overflow: A11 + A22 at Strassen's first product is Inf, which fused
     * leaves in C, while fused-basis runs the product again classically and returns classical's finite bits.
     */
    @Test
    void fusedBasisRunsClassicallyWhereItsSumsOverflow() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        FastGemm fused = FastGemm.of(strassen, 1, FastGemm.Strategy.FUSED, CLASSICAL).withCutoff(1);
        FastGemm basis = FastGemm.of(strassen, 1, FastGemm.Strategy.FUSED_BASIS, CLASSICAL).withCutoff(1);
        SplittableRandom random = new SplittableRandom(23);
        for (boolean floats : new boolean[] {false, true}) {
            for (int threads = 1; threads <= 2; threads++) {
                Product x = Product.random(random, 48, 56, 40, floats);
                double large = floats ? 3e38 : 1.7e308; // over half the largest finite value
                x.a[x.shape.a(3, 5)] = large;
                x.a[x.shape.a(24 + 3, 20 + 5)] = large;
                double[] expected = x.run(null, 1, 0, threads);
                assertTrue(Arrays.stream(expected).allMatch(Double::isFinite), "classical overflowed");
                assertFalse(Arrays.stream(x.run(fused, 1, 0, threads)).allMatch(Double::isFinite),
                        "fused's sums did not overflow");
                assertArrayEquals(expected, x.run(basis, 1, 0, threads));
                assertTrue(basis.lastRun().endsWith("(Inf or NaN in the scheme's sums: overflow)"), basis.lastRun());
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNAndAlphaBetaScale() {
        SplittableRandom random = new SplittableRandom(11);
        for (FastGemm fast : strategies(catalog("winograd_2x2x2_r7_Z.fmm"), 2)) {
            for (boolean floats : new boolean[] {false, true}) {
                Product nanC = Product.random(random, 23, 19, 17, floats);
                java.util.Arrays.fill(nanC.c, Double.NaN);
                nanC.check(fast, 2, 0, true);
                Product.random(random, 23, 19, 17, floats).check(fast, -0.75, 1.25, true);
                Product.random(random, 23, 19, 17, floats).check(fast, 1, -1, true);
            }
        }
    }

    /**
     * Inf or NaN in A or B: the classical path, so the NaN/Inf pattern is the classical one; on 1-3 threads,
     * which scan shares of the rows, with the value in A and B, in A's last rows only, or in B's.
     */
    @Test
    void infAndNaNInputsRunClassically() {
        SplittableRandom random = new SplittableRandom(5);
        for (FastGemm fast : strategies(catalog("strassen_2x2x2_r7_Z.fmm"), 1)) {
            for (boolean floats : new boolean[] {false, true}) {
                for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
                    for (int threads = 1; threads <= 3; threads++) {
                        Product x = Product.random(random, 12, 10, 8, floats);
                        if (threads == 1) {
                            x.a[x.shape.a(1, 2)] = bad;
                            x.b[x.shape.b(5, 3)] = Double.POSITIVE_INFINITY;
                            x.b[x.shape.b(2, 7)] = 0; // Inf * 0: NaN in the classical result at (1, 7)
                        } else if (threads == 2) {
                            x.a[x.shape.a(11, 2)] = bad; // only in A's last rows, the second thread's share
                        } else {
                            x.b[x.shape.b(7, 3)] = bad; // only in B's last rows, the third thread's share
                        }
                        double[] expected = x.run(null, 1, 0, threads);
                        double[] actual = x.run(fast, 1, 0, threads);
                        assertTrue(fast.lastRun().endsWith("(Inf or NaN input)"), fast.lastRun());
                        for (int i = 0; i < expected.length; i++) {
                            assertEquals(kind(expected[i]), kind(actual[i]), "element " + i);
                            if (Double.isFinite(expected[i])) {
                                assertEquals(expected[i], actual[i], 0, "element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    private static String kind(double x) {
        return Double.isNaN(x) ? "NaN" : Double.isInfinite(x) ? (x > 0 ? "+Inf" : "-Inf") : "finite";
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        // 400 columns give blocks wide enough to be shared out by columns as well as by rows.
        for (int n : new int[] {140, 400}) {
            Product x = Product.random(new SplittableRandom(8), 150, n, 130, false);
            for (FastGemm fast : strategies(catalog("winograd_2x2x2_r7_Z.fmm"), 1)) {
                GemmShape s = x.shape;
                double[] one = x.c.clone();
                fast.dgemm(s, 1, x.a, x.b, 0.5, one, 1);
                for (int threads : new int[] {2, 3}) {
                    double[] more = x.c.clone();
                    fast.dgemm(s, 1, x.a, x.b, 0.5, more, threads);
                    assertArrayEquals(one, more, fast.name() + " on " + threads + " threads, n = " + n);
                }
            }
        }
    }

    /**
     * The rounds fix the order each C block gets the fused products in: every product that adds something
     * runs exactly once, and no two in a round reach the same C block.
     */
    @Test
    void productRoundsCoverEveryProductOnceAndReachDisjointBlocks() {
        SharedSchemes.root();
        for (Scheme s : List.of(catalog("strassen_2x2x2_r7_Z.fmm"), catalog("search_3x4x5_r47_ZT.fmm"),
                SharedSchemes.read(SHARED.get(0)))) {
            assertRoundsCoverEveryProduct(s, FastGemm.Strategy.FUSED);
            assertRoundsCoverEveryProduct(s, FastGemm.Strategy.FUSED_BASIS);
        }
        assertEquals(List.of(), FastGemm.of(catalog("strassen_2x2x2_r7_Z.fmm"), 2, FastGemm.Strategy.PAIRWISE, CLASSICAL)
                .productRounds());
    }

    /** Two levels of s with that strategy: its rounds per flattened plan, checked against the plan's W. */
    private static void assertRoundsCoverEveryProduct(Scheme s, FastGemm.Strategy strategy) {
        List<int[][]> rounds = FastGemm.of(s, 2, strategy, CLASSICAL).productRounds();
        assertEquals(2, rounds.size());
        OutputBasis basis = OutputBasis.sparsest(s);
        for (int level = 0; level < 2; level++) {
            Scheme flat = level == 0 ? s : dev.jfmm.scheme.SchemeAlgebra.product(s, s);
            Rational[][] u = flat.factor(Factor.U), v = flat.factor(Factor.V), plainW = flat.factor(Factor.W);
            Rational[][] w = strategy == FastGemm.Strategy.FUSED_BASIS // the blocks it adds into are its basis's
                    ? (level == 0 ? basis : basis.times(basis)).transform(plainW) : plainW;
            int[] runs = new int[flat.rank()];
            for (int[] round : rounds.get(level)) {
                boolean[] reached = new boolean[w.length];
                for (int r : round) {
                    runs[r]++;
                    for (int ik = 0; ik < w.length; ik++) {
                        if (!w[ik][r].isZero()) {
                            assertTrue(!reached[ik], s + " level " + level + ": block " + ik + " twice in a round");
                            reached[ik] = true;
                        }
                    }
                }
            }
            for (int r = 0; r < flat.rank(); r++) {
                int product = r;
                boolean adds = Stream.of(u, v, w).allMatch(f -> Stream.of(f).anyMatch(row -> !row[product].isZero()));
                assertEquals(adds ? 1 : 0, runs[r], s + " " + strategy.cliName() + " level " + level + ", product " + r);
            }
        }
    }

    /**
     * Every parallelism and thread count gives the bits of DFS on one thread (which matches the
     * reference): shapes that divide and that leave fringes, padded or peeled, one and two levels, both
     * precisions, both fused strategies (fused-basis decodes C on all threads).
     */
    @Test
    void productsInParallelGiveTheSameBitsAsOneAfterAnother() {
        SharedSchemes.root();
        for (Scheme s : List.of(catalog("strassen_2x2x2_r7_Z.fmm"), catalog("search_3x4x5_r47_ZT.fmm"),
                SharedSchemes.read(SHARED.get(0)))) {
            for (int run = 0; run < 4; run++) {
                int levels = 1 + run % 2;
                FastGemm.Strategy strategy = run < 2 ? FastGemm.Strategy.FUSED : FastGemm.Strategy.FUSED_BASIS;
                FastGemm fused = FastGemm.of(s, levels, strategy, CLASSICAL).withCutoff(1);
                assertEquals(FastGemm.Parallelism.HYBRID, fused.parallelism()); // the fused strategies' default
                FastGemm dfs = fused.withParallelism(FastGemm.Parallelism.DFS);
                int n = s.format().n(), m = s.format().m(), p = s.format().p(), grid = levels == 1 ? 1 : Math.max(n, p);
                SplittableRandom random = new SplittableRandom(levels * 31L + s.rank());
                for (boolean floats : new boolean[] {false, true}) {
                    for (int fringe = 0; fringe <= 2; fringe++) { // none, padded, peeled
                        Product x = Product.random(random, n * grid * 6 + Math.min(fringe, 1) * (n - 1),
                                p * grid * 5 + Math.min(fringe, 1), m * grid * 4 + Math.min(fringe, 1) * 2, floats);
                        FastGemm oneByOne = fringe == 2 ? dfs.withFringe(FastGemm.Fringe.PEEL) : dfs;
                        x.check(oneByOne, 1.25, 0.5, true);
                        double[] expected = x.run(oneByOne, 1.25, 0.5);
                        for (FastGemm.Parallelism mode : FastGemm.Parallelism.values()) {
                            FastGemm fast = oneByOne.withParallelism(mode);
                            assertEquals(mode, fast.parallelism());
                            for (int threads = 1; threads <= 3; threads++) {
                                assertArrayEquals(expected, x.run(fast, 1.25, 0.5, threads),
                                        fast.name() + " on " + threads + " threads, " + x.shape + (floats ? " float" : ""));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyTheFusedStrategyRunsProductsInParallel() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        for (FastGemm.Strategy strategy : FastGemm.Strategy.values()) {
            FastGemm fast = FastGemm.of(strassen, 1, strategy, CLASSICAL);
            FastGemm.Parallelism usual = strategy.fused() ? FastGemm.Parallelism.HYBRID : FastGemm.Parallelism.DFS;
            assertEquals(usual, fast.parallelism());
            assertEquals(fast.name(), fast.withParallelism(usual).name()); // the default is not named
            for (FastGemm.Parallelism mode : FastGemm.Parallelism.values()) {
                if (mode == usual) {
                    continue;
                }
                if (strategy.fused()) {
                    assertTrue(fast.withParallelism(mode).name().startsWith(
                            "fast(2x2x2;7 " + strategy.cliName() + " " + mode.cliName() + ")+"));
                } else {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.withParallelism(mode));
                    assertEquals("only the fused strategy runs products in parallel (" + mode.cliName() + "); "
                            + strategy.cliName() + " runs them one after another (dfs)", e.getMessage());
                }
            }
        }
        assertEquals(FastGemm.Parallelism.HYBRID, FastGemm.Parallelism.ofCliName("hybrid"));
        assertEquals(FastGemm.Parallelism.HYBRID, FastGemm.Parallelism.ofCliName("HYBRID")); // any case, as --symmetry
        assertThrows(IllegalArgumentException.class, () -> FastGemm.Parallelism.ofCliName("hybrid,"));
    }

    /** Through the public API: layouts, transposes, offsets; what ran is observable; the default stays classical. */
    @Test
    void publicApiRunsTheSchemeOnlyWhenAskedForAndSaysSo() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        Gemm fast = Jfmm.withThreads(2).with(FastGemm.of(strassen, 2, CLASSICAL).withCutoff(1));
        Gemm classical = Jfmm.withThreads(1);
        SplittableRandom random = new SplittableRandom(21);
        int m = 41, n = 37, k = 45;
        for (Layout layout : Layout.values()) {
            for (Transpose ta : new Transpose[] {Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE}) {
                for (Transpose tb : new Transpose[] {Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE}) {
                    boolean rowMajor = layout == Layout.ROW_MAJOR;
                    int aRows = ta == Transpose.NO_TRANSPOSE ? m : k, aCols = ta == Transpose.NO_TRANSPOSE ? k : m;
                    int bRows = tb == Transpose.NO_TRANSPOSE ? k : n, bCols = tb == Transpose.NO_TRANSPOSE ? n : k;
                    int lda = (rowMajor ? aCols : aRows) + 2, ldb = (rowMajor ? bCols : bRows) + 1;
                    int ldc = (rowMajor ? n : m) + 3;
                    double[] a = random.doubles(3 + (long) lda * (rowMajor ? aRows : aCols), -1, 1).toArray();
                    double[] b = random.doubles(1 + (long) ldb * (rowMajor ? bRows : bCols), -1, 1).toArray();
                    double[] c = random.doubles(2 + (long) ldc * (rowMajor ? m : n), -1, 1).toArray();
                    double[] expected = c.clone();
                    classical.dgemm(layout, ta, tb, m, n, k, 1.5, a, 3, lda, b, 1, ldb, 0.5, expected, 2, ldc);
                    assertTrue(!Jfmm.lastBackend().startsWith("fast"), Jfmm.lastBackend());
                    fast.dgemm(layout, ta, tb, m, n, k, 1.5, a, 3, lda, b, 1, ldb, 0.5, c, 2, ldc);
                    assertTrue(Jfmm.lastBackend().startsWith("fast(2x2x2;7,2x2x2;7 fused)+"), Jfmm.lastBackend());
                    double bound = 1.5 * 64 * Math.ulp(1.0) * k * FastGemm.of(strassen, 2, CLASSICAL).growth();
                    for (int i = 0; i < c.length; i++) {
                        assertEquals(expected[i], c[i], bound, layout + " " + ta + " " + tb + " element " + i);
                    }
                }
            }
        }
        float[] af = {1, 2}, bf = {5, 6, 7, 8}, cf = {Float.NaN, Float.NaN};
        fast.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 1, 2, 2, 1, af, 0, 2, bf, 0, 2, 0, cf, 0, 2);
        assertArrayEquals(new float[] {19, 22}, cf);
        assertTrue(Jfmm.lastBackend().endsWith("(smaller than the 2x2x2 block grid)"), Jfmm.lastBackend());
    }

    /** Levels run only where their blocks reach the cutoff: the default one keeps small products classical. */
    @Test
    void levelsRunOnlyWhereTheBlocksReachTheCutoff() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        FastGemm byDefault = FastGemm.of(strassen, 1, CLASSICAL);
        assertEquals(FastGemm.DEFAULT_CUTOFF, byDefault.cutoff());
        SplittableRandom random = new SplittableRandom(4);
        Product.random(random, 40, 41, 42, false).check(byDefault, 1, 0, false);
        assertTrue(byDefault.lastRun().endsWith("(blocks would be under the cutoff of " + FastGemm.DEFAULT_CUTOFF + ")"),
                byDefault.lastRun());
        // Cutoff 12: 44 splits once into blocks of 22 (the inner level would give 11 and does not run), 20 not at all.
        for (FastGemm.Strategy strategy : FastGemm.Strategy.values()) {
            FastGemm twoLevels = FastGemm.of(strassen, 2, strategy, CLASSICAL).withCutoff(12);
            Product.random(random, 44, 44, 44, false).check(twoLevels, 1, 0, true);
            Product.random(random, 20, 44, 44, true).check(twoLevels, 1, 0, false);
        }
        assertThrows(IllegalArgumentException.class, () -> byDefault.withCutoff(0));
    }

    /**
     * The temporaries are kept (softly) across calls: a second call of the same size allocates less than
     * one block, where the first allocated all R products (7 blocks of 128 x 128 doubles, 896 KiB). The
     * leaves are the scalar backend, which allocates nothing (the Vector API allocates until compiled). It
     * runs on a thread of its own, whose temporaries no earlier test has grown.
     */
    @Test
    void aRepeatedCallReusesTheTemporaries() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread fresh = new Thread(() -> {
            try {
                repeatedCallsOnThisThread();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        fresh.start();
        fresh.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private static void repeatedCallsOnThisThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        Dispatcher scalar = new Dispatcher(ScalarGemm.INSTANCE, CLASSICAL.profile());
        int n = 256;
        long block = (long) n / 2 * n / 2 * Double.BYTES;
        for (FastGemm.Strategy strategy : List.of(FastGemm.Strategy.WRITE_ONCE, FastGemm.Strategy.WRITE_ONCE_CSE)) {
            FastGemm fast = FastGemm.of(catalog("winograd_2x2x2_r7_Z.fmm"), 1, strategy, scalar).withCutoff(1);
            double[] a = new double[n * n], b = new double[n * n], c = new double[n * n];
            java.util.Arrays.fill(a, 1);
            java.util.Arrays.fill(b, 2);
            GemmShape shape = new GemmShape(n, n, n, 0, n, 1, 0, n, 1, 0, n);
            long before = threads.getCurrentThreadAllocatedBytes();
            fast.dgemm(shape, 1, a, b, 0, c, 1);
            long first = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            fast.dgemm(shape, 1, a, b, 0, c, 1);
            long second = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(2.0 * n, c[n * n - 1]); // every element is sum_k 1 * 2
            assertTrue(first > 7 * block && second < block, strategy + ": first call " + first + " bytes, second " + second);
        }
    }

    @Test
    void refusesSchemesThatCannotMultiplyRealMatrices() {
        assertThrows(IllegalArgumentException.class, () -> FastGemm.of(catalog("strassen_2x2x2_r7_GF2.fmm"), 1, CLASSICAL));
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        Rational[][] u = strassen.factor(Factor.U);
        u[0][0] = u[0][0].add(Rational.ONE);
        Scheme broken = Scheme.of(strassen.format(), Field.Z, u, strassen.factor(Factor.V), strassen.factor(Factor.W), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastGemm.of(broken, 1, CLASSICAL));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FastGemm.of(strassen, 0, CLASSICAL));
        assertThrows(IllegalArgumentException.class, () -> FastGemm.of(strassen, FastGemm.MAX_LEVELS + 1, CLASSICAL));
        assertEquals(1.0, FastGemm.of(catalog("classical_2x2x1_r4_Z.fmm"), 1, CLASSICAL).growth(), 0);
    }

    /**
     * One product C = alpha A B + beta C on a random view: A and B plain or transposed, with offsets and
     * padded leading dimensions, inputs in [-1, 1) (rounded to float first for a float product, so the
     * double oracle sees exactly what sgemm sees).
     */
    private record Product(GemmShape shape, double[] a, double[] b, double[] c, boolean floats) {

        static Product random(SplittableRandom random, int m, int n, int k, boolean floats) {
            boolean ta = random.nextBoolean(), tb = random.nextBoolean();
            int lda = (ta ? m : k) + random.nextInt(3), ldb = (tb ? k : n) + random.nextInt(3), ldc = n + random.nextInt(3);
            int offA = random.nextInt(4), offB = random.nextInt(4), offC = random.nextInt(4);
            GemmShape s = new GemmShape(m, n, k, offA, ta ? 1 : lda, ta ? lda : 1, offB, tb ? 1 : ldb, tb ? ldb : 1, offC, ldc);
            double[] a = values(random, offA + (ta ? k : m) * lda, floats);
            double[] b = values(random, offB + (tb ? n : k) * ldb, floats);
            double[] c = values(random, offC + m * ldc, floats);
            return new Product(s, a, b, c, floats);
        }

        private static double[] values(SplittableRandom random, int length, boolean floats) {
            double[] x = random.doubles(length, -1, 1).toArray();
            for (int i = 0; floats && i < length; i++) {
                x[i] = (float) x[i];
            }
            return x;
        }

        /** C after the product on {@code fast}, or on the classical dispatcher when it is null, as doubles. */
        double[] run(FastGemm fast, double alpha, double beta) {
            return run(fast, alpha, beta, 1);
        }

        /** The same on {@code threads} threads. */
        double[] run(FastGemm fast, double alpha, double beta, int threads) {
            if (!floats) {
                double[] out = c.clone();
                if (fast == null) {
                    CLASSICAL.dgemm(shape, alpha, a, b, beta, out, threads);
                } else {
                    fast.dgemm(shape, alpha, a, b, beta, out, threads);
                }
                return out;
            }
            float[] fa = toFloat(a), fb = toFloat(b), out = toFloat(c);
            if (fast == null) {
                CLASSICAL.sgemm(shape, (float) alpha, fa, fb, (float) beta, out, threads);
            } else {
                fast.sgemm(shape, (float) alpha, fa, fb, (float) beta, out, threads);
            }
            double[] result = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                result[i] = out[i];
            }
            return result;
        }

        /**
         * Runs the product on {@code fast} and checks every element of C against the reference within
         * 8 eps (k + 16) growth |alpha| max|A| max|B| + 2 eps |beta| max|C| (inputs are at most 1), and
         * that nothing outside C's view changed; {@code fastRan}: whether the scheme (not the fallback) ran.
         */
        void check(FastGemm fast, double alpha, double beta, boolean fastRan) {
            double[] actual = run(fast, alpha, beta);
            assertEquals(fastRan, fast.lastRun().equals(fast.name()), fast.lastRun());
            double[] expected = c.clone();
            ReferenceGemm.INSTANCE.dgemm(shape, alpha, a, b, beta, expected);
            double eps = floats ? Math.ulp(1.0f) : Math.ulp(1.0);
            double bound = 8 * eps * (shape.k() + 16) * fast.growth() * Math.abs(alpha) + 2 * eps * Math.abs(beta);
            for (int i = 0; i < expected.length; i++) {
                boolean inC = i >= shape.cOffset() && (i - shape.cOffset()) % shape.ldc() < shape.n();
                double tolerance = inC ? bound : 0;
                boolean bothNaN = Double.isNaN(expected[i]) && Double.isNaN(actual[i]);
                // equal infinities match too
                if (!(expected[i] == actual[i] || Math.abs(expected[i] - actual[i]) <= tolerance) && !bothNaN) {
                    throw new AssertionError(fast.name() + " " + shape + (floats ? " float" : " double") + " alpha=" + alpha
                            + " beta=" + beta + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                            + " within " + tolerance);
                }
            }
        }

        /** The largest difference from the reference of C = A B on {@code fast}. */
        double maxError(FastGemm fast) {
            double[] actual = run(fast, 1, 0), expected = c.clone();
            ReferenceGemm.INSTANCE.dgemm(shape, 1, a, b, 0, expected);
            double max = 0;
            for (int i = 0; i < expected.length; i++) {
                max = Math.max(max, Math.abs(actual[i] - expected[i]));
            }
            return max;
        }

        private static float[] toFloat(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }
    }
}
