package dev.jfmm.cli;

import dev.jfmm.Accuracy;
import dev.jfmm.Gemm;
import dev.jfmm.Jfmm;
import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.tune.ShapeMeasurement;
import dev.jfmm.kernel.Precision;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jfmm multiply}: one shape, timed, with its error against the reference. */
@Command(name = "multiply", mixinStandardHelpOptions = true,
        description = "Multiply random m x k and k x n matrices a few times; print the median GFLOP/s "
                + "and the max error against the plain-Java reference. Without --scheme, jfmm chooses: classical, or "
                + "a fast scheme from the hardware profile where --accuracy admits one; the backend line says what ran "
                + "and why.")
final class MultiplyCommand implements Callable<Integer> {

    @Option(names = "--m", defaultValue = "512", description = "Rows of A and C (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--n", defaultValue = "512", description = "Columns of B and C (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--k", defaultValue = "512", description = "Columns of A, rows of B (default: ${DEFAULT-VALUE}).")
    int k;

    @Mixin
    PrecisionOption precisionOption;

    @Option(names = "--threads", description = "Threads to use (default: all processors).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs after warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scheme", paramLabel = "FILE|NAME|classical",
            description = "Run this fast scheme: a scheme file, a catalog name (see jfmm schemes, .fmm optional) "
                    + "or classical (default: the choice jfmm makes within --accuracy).")
    String scheme;

    @Option(names = "--accuracy", paramLabel = "classical|growth:X", converter = AccuracyConverter.class,
            description = "Let jfmm choose a fast scheme from the hardware profile whose error growth is at most X "
                    + "(growth:X), or never (classical) (default: -D" + Accuracy.PROPERTY + ", else classical). "
                    + "Not with --scheme.")
    Accuracy accuracy;

    @Option(names = "--levels", defaultValue = "1",
            description = "Recursion levels of --scheme, 1.." + FastGemm.MAX_LEVELS + " (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "How --scheme forms its sums and reaches C: write-once, streaming or pairwise "
                    + "(temporaries; -cse after each forms shared sums once), fused (in packing and the tile "
                    + "store), or fused-basis (fused, into C in the basis that makes W sparsest, then decoded) "
                    + "(default: fused where the SIMD backend runs).")
    String strategy;

    @Option(names = "--parallel", paramLabel = "MODE",
            description = "How the fused strategy spends the threads on the products of --scheme: dfs (one after "
                    + "another on all threads), bfs (several at once, one thread each, each taking the next product "
                    + "whose C blocks are free) or hybrid (bfs, but a product that must run alone runs on all threads; "
                    + "on more threads than products can run at once, rounds of products one per thread and the rest "
                    + "on all threads) (default: hybrid for fused, else dfs). The results are the same bits.")
    String parallel;

    @Option(names = "--cutoff", paramLabel = "N",
            description = "Run a level of --scheme only where its blocks are at least N in every dimension "
                    + "(default: " + FastGemm.DEFAULT_CUTOFF + "; 1 runs it on any shape the grid fits).")
    Integer cutoff;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (scheme != null && accuracy != null) {
            throw new ParameterException(spec.commandLine(),
                    "--accuracy and --scheme exclude each other: --scheme runs its scheme whatever the policy");
        }
        Gemm gemm = Jfmm.withThreads(requireThreads(threads != null ? threads : Jfmm.threads()));
        if (scheme != null && !scheme.equals("classical")) {
            FastGemm.Strategy how = strategy != null ? FastGemm.Strategy.ofCliName(strategy)
                    : FastGemm.defaultStrategy(Dispatcher.get());
            FastGemm fast = FastGemm.of(Catalog.fileOrName(scheme), levels, how, Dispatcher.get())
                    .withCutoff(cutoff != null ? cutoff : FastGemm.DEFAULT_CUTOFF);
            gemm = gemm.with(parallel != null ? fast.withParallelism(FastGemm.Parallelism.ofCliName(parallel)) : fast);
        } else if (levels != 1 || strategy != null || cutoff != null || parallel != null) {
            throw new IllegalArgumentException((levels != 1 ? "--levels" : strategy != null ? "--strategy"
                    : cutoff != null ? "--cutoff" : "--parallel") + " needs --scheme FILE|NAME");
        } else if (scheme != null || accuracy != null) { // --scheme classical asks for classical whatever the policy
            gemm = gemm.withAccuracy(scheme != null ? Accuracy.CLASSICAL : accuracy);
        }
        print(spec.commandLine().getOut(), gemm, m, n, k, precisionOption.precision, runs, seed);
        return 0;
    }

    /** Measures one shape and prints three lines; shared with {@code jfmm demo}. */
    static void print(PrintWriter out, int m, int n, int k, Precision precision, int threads, int runs, long seed) {
        print(out, Jfmm.withThreads(requireThreads(threads)), m, n, k, precision, runs, seed);
    }

    private static int requireThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads = " + threads + " must be at least 1");
        }
        return threads;
    }

    /**
     * Measures one shape on {@code gemm} and prints four lines. With a fast scheme the error is held to
     * the classical bound times the scheme's coefficient growth ({@link Gemm#growth}), a yardstick
     * rather than a proven componentwise bound.
     */
    private static void print(PrintWriter out, Gemm gemm, int m, int n, int k, Precision precision,
                              int runs, long seed) {
        int threads = gemm.threads();
        double growth = gemm.growth(m, n, k, precision == Precision.FLOAT);
        ShapeMeasurement.Result r = ShapeMeasurement.measure(gemm, m, n, k, precision, runs, seed);
        String p = precision.name().toLowerCase(Locale.ROOT);
        out.printf(Locale.ROOT, "%d x %d x %d %s, %d thread%s, backend %s%n",
                m, n, k, p, threads, threads == 1 ? "" : "s", r.backend());
        out.printf(Locale.ROOT, "  jfmm       %8.2f GFLOP/s  median of %d runs (%.3f ms each)%n",
                r.gflops(), r.runs(), r.medianSeconds() * 1e3);
        out.printf(Locale.ROOT, "  reference  %8.2f GFLOP/s  plain triple loop, 1 thread, sampled rows  -> jfmm is %.1fx%n",
                r.referenceGflops(), r.gflops() / r.referenceGflops());
        if (growth == 1) {
            out.printf(Locale.ROOT, "  max error  %.2e x |A||B| (classical bound k*eps = %.2e) %s%n",
                    r.maxError(), r.errorBound(), r.maxError() <= r.errorBound() ? "ok" : "ABOVE BOUND");
        } else {
            double bound = r.errorBound() * growth;
            out.printf(Locale.ROOT, "  max error  %.2e x |A||B| (k*eps = %.2e times scheme growth %.3g = %.2e) %s%n",
                    r.maxError(), r.errorBound(), growth, bound, r.maxError() <= bound ? "ok" : "ABOVE BOUND");
        }
    }

    static final class AccuracyConverter implements picocli.CommandLine.ITypeConverter<Accuracy> {
        @Override
        public Accuracy convert(String value) {
            try {
                return Accuracy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
