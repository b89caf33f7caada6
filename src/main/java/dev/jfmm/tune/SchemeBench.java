package dev.jfmm.tune;

import dev.jfmm.Gemm;
import dev.jfmm.Jfmm;
import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.AdditionCount;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Schemes side by side on one shape: for each (scheme, levels), its additions, growth, measured error and
 * speed next to the classical kernel's, on the same {@link StandardInputs}, so the fastest can be seen
 * with the reasons it won. Speed is compared in pairs, classical then scheme, and the pairs of all
 * configurations are interleaved in rounds (each round times every configuration once, in an order that
 * rotates): the median of the per-pair time ratios is robust to the load drifting, and configurations
 * are compared over the same stretch of time, round by round, not one after another.
 */
public final class SchemeBench {

    /** The classical row's name. */
    public static final String CLASSICAL = "classical";

    /** A scheme to run, under the name the user knows it by. */
    public record Candidate(String name, Scheme scheme) {
    }

    /**
     * What to measure: shape, precision, threads, timed pairs, strategies and parallelisms (each
     * configuration runs under each pair, in order; empty: the default) and cutoff.
     */
    public record Setup(int m, int n, int k, Precision precision, int threads, int runs,
                        List<FastGemm.Strategy> strategies, List<FastGemm.Parallelism> parallelisms, int cutoff) {
        public Setup {
            strategies = List.copyOf(strategies);
            parallelisms = List.copyOf(parallelisms);
        }
    }

    /**
     * One configuration's results.
     *
     * @param scheme         the scheme's name, or {@link #CLASSICAL}
     * @param levels         levels asked for (0 for classical)
     * @param strategy       the strategy's command-line name (null for classical)
     * @param parallelism    how threads are spent on the products, its command-line name (null for classical)
     * @param rank           the scheme's rank per level (null for classical)
     * @param additions      additions per level, straightforward (null for classical)
     * @param additionsCse   additions per level after common-subexpression elimination (null for classical)
     * @param growth         {@link FastGemm#growth()} (1 for classical)
     * @param maxError       max componentwise error against the reference, relative to |A| |B|
     * @param errorRatio     maxError over the classical one (null when that is 0)
     * @param gflops         2 m n k over the median time, in 1e9 per second
     * @param speedup        median over pairs of classical time / this time (1 for classical)
     * @param roundsFastest  in how many rounds this configuration's pair ratio was the highest of all
     *                       (null for classical): how clearly the fastest row leads
     * @param backend        what ran (Jfmm.lastBackend after the last run)
     * @param fastest        whether this row has the highest speedup
     */
    public record Row(String scheme, int levels, String strategy, String parallelism, Integer rank, Integer additions,
                      Integer additionsCse, double growth, double maxError, Double errorRatio, double gflops,
                      double speedup, Integer roundsFastest, String backend, boolean fastest) {
        Row withFastest(boolean value) {
            return new Row(scheme, levels, strategy, parallelism, rank, additions, additionsCse, growth, maxError,
                    errorRatio, gflops, speedup, roundsFastest, backend, value);
        }
    }

    private SchemeBench() {
    }

    /** The catalog's Z/Q schemes whose format divides m x k times k x n (for A m x k, B k x n). */
    public static List<Candidate> dividing(int m, int n, int k) {
        List<Candidate> out = new ArrayList<>();
        for (Catalog.Entry e : Catalog.load()) {
            if (e.scheme().field() != Field.GF2 && divides(e.scheme().format(), 1, m, n, k)) {
                out.add(new Candidate(e.file(), e.scheme()));
            }
        }
        return out;
    }

    /** Whether {@code levels} levels of {@code format} divide the m x n x k product without a fringe. */
    public static boolean divides(Format format, int levels, int m, int n, int k) {
        long fm = 1, fk = 1, fn = 1;
        for (int l = 0; l < levels; l++) {
            fm *= format.n();
            fk *= format.m();
            fn *= format.p();
        }
        return m % fm == 0 && k % fk == 0 && n % fn == 0;
    }

    /**
     * The fast backends for each candidate and level count, built (and so checked) before anything is
     * timed: a scheme that does not verify, is over GF2, or cannot run with the strategy fails here. With
     * {@code dividingOnly}, a level count whose blocks do not divide the shape is left out.
     *
     * @throws IllegalArgumentException naming the scheme and levels that cannot run
     */
    public static List<Configuration> configure(List<Candidate> candidates, List<Integer> levels, Setup setup,
                                                boolean dividingOnly) {
        List<Configuration> out = new ArrayList<>();
        for (Candidate c : candidates) {
            for (int l : levels) {
                if (dividingOnly && !divides(c.scheme().format(), l, setup.m(), setup.n(), setup.k())) {
                    continue;
                }
                List<FastGemm.Strategy> strategies = setup.strategies().isEmpty()
                        ? Collections.singletonList(null) : setup.strategies();
                List<FastGemm.Parallelism> parallelisms = setup.parallelisms().isEmpty()
                        ? Collections.singletonList(null) : setup.parallelisms(); // null: the strategy's default
                for (FastGemm.Strategy strategy : strategies) {
                    for (FastGemm.Parallelism parallelism : parallelisms) {
                        try {
                            out.add(new Configuration(c, l,
                                    withParallelism(build(c.scheme(), l, strategy, setup.cutoff()), parallelism)));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(c.name() + " at " + l + " level" + (l == 1 ? "" : "s")
                                    + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static FastGemm withParallelism(FastGemm fast, FastGemm.Parallelism asked) {
        return asked == null ? fast : fast.withParallelism(asked);
    }

    /**
     * The backend with the asked strategy, or else the default one; where the default (fused) cannot
     * multiply the levels out (a format past 32, e.g. two levels of &lt;4,4,6&gt;), write-once, which the row
     * then names.
     */
    private static FastGemm build(Scheme scheme, int levels, FastGemm.Strategy asked, int cutoff) {
        List<Scheme> perLevel = Collections.nCopies(levels, scheme);
        if (asked != null) {
            return new FastGemm(perLevel, asked, cutoff, Dispatcher.get());
        }
        FastGemm.Strategy strategy = FastGemm.defaultStrategy(Dispatcher.get());
        try {
            return new FastGemm(perLevel, strategy, cutoff, Dispatcher.get());
        } catch (IllegalArgumentException e) {
            if (strategy == FastGemm.Strategy.WRITE_ONCE) {
                throw e;
            }
            return new FastGemm(perLevel, FastGemm.Strategy.WRITE_ONCE, cutoff, Dispatcher.get());
        }
    }

    /** One candidate at one level count, its backend built. */
    public record Configuration(Candidate candidate, int levels, FastGemm fast) {
    }

    /**
     * Measures classical and every configuration; the first row is classical. Each configuration is warmed
     * up and its error measured first; then {@code setup.runs()} rounds each time a pair (classical, then
     * the configuration) for every configuration, starting one configuration later each round. Progress
     * lines (one per configuration, then one per round) go to {@code progress}.
     */
    public static List<Row> run(List<Configuration> configurations, Setup setup, Consumer<String> progress) {
        StandardInputs inputs = StandardInputs.of(setup.m(), setup.n(), setup.k(), setup.precision(),
                StandardInputs.SEED, ShapeMeasurement.SAMPLED_ROWS);
        Gemm classicalGemm = Jfmm.withThreads(setup.threads());
        StandardInputs.Product classical = inputs.product(classicalGemm);
        progress.accept("classical: warming up");
        Timing.warmUp(classical);
        String classicalBackend = Jfmm.lastBackend();
        double classicalError = inputs.maxError(classical);
        int count = configurations.size();
        List<StandardInputs.Product> products = new ArrayList<>();
        String[] backends = new String[count];
        double[] errors = new double[count];
        for (int c = 0; c < count; c++) {
            Configuration conf = configurations.get(c);
            progress.accept(String.format(Locale.ROOT, "%s, %d level%s, %s, %s: warming up (%d of %d)",
                    conf.candidate().name(), conf.levels(), conf.levels() == 1 ? "" : "s",
                    conf.fast().strategy().cliName(), conf.fast().parallelism().cliName(), c + 1, count));
            StandardInputs.Product fast = inputs.product(classicalGemm.with(conf.fast()));
            Timing.warmUp(fast);
            backends[c] = Jfmm.lastBackend();
            errors[c] = inputs.maxError(fast);
            products.add(fast);
        }
        double[][] baseline = new double[count][setup.runs()], seconds = new double[count][setup.runs()];
        for (int round = 0; round < setup.runs() && count > 0; round++) {
            progress.accept(String.format(Locale.ROOT, "round %d of %d", round + 1, setup.runs()));
            for (int i = 0; i < count; i++) {
                int c = (i + round) % count; // no configuration always runs right after another
                baseline[c][round] = Timing.seconds(classical);
                seconds[c][round] = Timing.seconds(products.get(c));
            }
        }
        int[] roundsFastest = new int[count];
        for (int round = 0; round < setup.runs() && count > 0; round++) {
            int best = 0;
            for (int c = 1; c < count; c++) {
                if (baseline[c][round] / seconds[c][round] > baseline[best][round] / seconds[best][round]) {
                    best = c;
                }
            }
            roundsFastest[best]++;
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            Configuration conf = configurations.get(c);
            Scheme s = conf.candidate().scheme();
            AdditionCount adds = s.additions();
            rows.add(new Row(conf.candidate().name(), conf.levels(), conf.fast().strategy().cliName(),
                    conf.fast().parallelism().cliName(), s.rank(), adds.straightforward(), adds.afterCse(),
                    conf.fast().growth(), errors[c], SchemeErrors.ratio(errors[c], classicalError),
                    inputs.flops() / Timing.median(seconds[c]) / 1e9,
                    new Timing.Pairs(baseline[c], seconds[c]).medianSpeedup(), roundsFastest[c], backends[c], false));
        }
        double[] classicalSeconds = count > 0 ? Arrays.stream(baseline).flatMapToDouble(Arrays::stream).toArray()
                : IntStream.range(0, setup.runs()).mapToDouble(r -> Timing.seconds(classical)).toArray(); // alone
        double classicalMedian = Timing.median(classicalSeconds);
        rows.add(0, new Row(CLASSICAL, 0, null, null, null, null, null, 1, classicalError,
                SchemeErrors.ratio(classicalError, classicalError), inputs.flops() / classicalMedian / 1e9, 1, null,
                classicalBackend, false));
        int best = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).speedup() > rows.get(best).speedup()) {
                best = i;
            }
        }
        rows.set(best, rows.get(best).withFastest(true));
        return rows;
    }
}
