package dev.jfmm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jfmm.Jfmm;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.io.AtomicFiles;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.tune.SchemeBench;
import dev.jfmm.tune.SchemeErrors;
import dev.jfmm.tune.StandardInputs;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jfmm bench}: schemes side by side on one shape, with their additions, growth, error and speed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run fast schemes and the classical kernel on one shape and print a row per scheme and level "
                + "count: rank, additions (straightforward and after common-subexpression elimination), growth, "
                + "max error against the reference (and its ratio to classical), median GFLOP/s (2mnk/t) and the "
                + "speed-up over classical, timed in pairs interleaved with it (median of the per-pair ratios), "
                + "and in how many rounds each row was the fastest. Each round times a pair for every row, in an "
                + "order that rotates, so the rows are compared over the same stretch of time. The fastest row "
                + "is marked. Progress goes to stderr.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--size", paramLabel = "N", description = "m = n = k = N; not with --m/--n/--k.")
    Integer size;

    @Option(names = "--m", description = "Rows of A and C (default: 1024).")
    Integer m;

    @Option(names = "--n", description = "Columns of B and C (default: 1024).")
    Integer n;

    @Option(names = "--k", description = "Columns of A, rows of B (default: 1024).")
    Integer k;

    @Mixin
    PrecisionOption precisionOption;

    @Option(names = "--threads", description = "Threads to use (default: all processors).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "5",
            description = "Rounds after warm-up, each timing one pair (classical, scheme) per row "
                    + "(default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--schemes", split = ",", paramLabel = "FILE|NAME",
            description = "Schemes to run, comma-separated: files or catalog names (default: the Z/Q catalog schemes "
                    + "whose format, to the power of the levels, divides the shape). Classical always runs.")
    List<String> schemes;

    @Option(names = "--levels", split = ",", defaultValue = "1,2",
            description = "Level counts to run each scheme at, comma-separated, 1.." + FastGemm.MAX_LEVELS
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--strategy", paramLabel = "NAME[,NAME...]", split = ",",
            description = "How the schemes form their sums and reach C, one row each: write-once, streaming or "
                    + "pairwise (temporaries; -cse after each forms shared sums once), fused (in packing and the "
                    + "tile store), or fused-basis (fused, into C in the basis that makes W sparsest, then decoded) "
                    + "(default: fused where the SIMD backend runs and the levels multiply out to "
                    + "formats up to 32, else write-once; the strategy column says which).")
    List<String> strategy;

    @Option(names = "--parallel", paramLabel = "MODE[,MODE...]", split = ",",
            description = "How the fused strategy spends the threads on the products, one row each: dfs (one product "
                    + "after another on all threads), bfs (several at once, one thread each, each taking the next "
                    + "product whose C blocks are free) or hybrid (bfs, but a product that must run alone runs on all "
                    + "threads; on more threads than products can run at once, rounds of products one per thread and "
                    + "the rest on all threads) (default: hybrid for fused, else dfs). The results are the same bits.")
    List<String> parallel;

    @Option(names = "--cutoff", paramLabel = "N", defaultValue = "1",
            description = "Run a level only where its blocks are at least N in every dimension (default: "
                    + "${DEFAULT-VALUE}, every level asked for runs; " + FastGemm.DEFAULT_CUTOFF
                    + " is what the library does).")
    int cutoff;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows to FILE as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    /** What --json writes. */
    record Report(int m, int n, int k, String precision, int threads, int runs, int cutoff, long seed,
                  List<SchemeBench.Row> rows) {
    }

    @Override
    public Integer call() {
        SchemeBench.Setup setup = setup();
        List<SchemeBench.Configuration> configurations;
        try {
            configurations = schemes == null
                    ? SchemeBench.configure(SchemeBench.dividing(setup.m(), setup.n(), setup.k()), levels, setup, true)
                    : SchemeBench.configure(candidates(), levels, setup, false);
        } catch (IllegalArgumentException e) {
            throw usage(Main.oneLine(e));
        }
        PrintWriter err = spec.commandLine().getErr();
        if (configurations.isEmpty() && schemes == null) {
            err.println("jfmm bench: no scheme to run on " + setup.m() + " x " + setup.n() + " x " + setup.k()
                    + " (no catalog scheme divides it; name some with --schemes); classical only");
        }
        List<SchemeBench.Row> rows = SchemeBench.run(configurations, setup, line -> err.println("jfmm bench: " + line));
        print(spec.commandLine().getOut(), setup, rows);
        if (json != null) {
            AtomicFiles.writeString(json, toJson(new Report(setup.m(), setup.n(), setup.k(),
                    setup.precision().name().toLowerCase(Locale.ROOT), setup.threads(), setup.runs(), setup.cutoff(),
                    StandardInputs.SEED, rows)));
        }
        return 0;
    }

    /** The options checked and gathered; a bad one is a usage error. */
    private SchemeBench.Setup setup() {
        if (size != null && (m != null || n != null || k != null)) {
            throw usage("give --size or --m/--n/--k, not both");
        }
        int dm = size != null ? size : m != null ? m : 1024;
        int dn = size != null ? size : n != null ? n : 1024;
        int dk = size != null ? size : k != null ? k : 1024;
        if (dm < 1 || dn < 1 || dk < 1) {
            throw usage("the shape must be at least 1 in every dimension; got " + dm + " x " + dn + " x " + dk);
        }
        int t = threads != null ? threads : Jfmm.threads();
        if (t < 1) {
            throw usage("--threads = " + t + " must be at least 1");
        }
        if (runs < 1) {
            throw usage("--runs = " + runs + " must be at least 1");
        }
        if (cutoff < 1) {
            throw usage("--cutoff = " + cutoff + " must be at least 1");
        }
        for (int l : levels) {
            if (l < 1 || l > FastGemm.MAX_LEVELS) {
                throw usage("--levels: " + l + " is out of range (1.." + FastGemm.MAX_LEVELS + ")");
            }
        }
        return new SchemeBench.Setup(dm, dn, dk, precisionOption.precision, t, runs,
                byCliNames("--strategy", strategy, FastGemm.Strategy::ofCliName),
                byCliNames("--parallel", parallel, FastGemm.Parallelism::ofCliName), cutoff);
    }

    /** The values an option's names stand for (none when it is absent); an unknown name is a usage error. */
    private <E> List<E> byCliNames(String option, List<String> names, Function<String, E> ofCliName) {
        List<E> out = new ArrayList<>();
        try {
            for (String name : names == null ? List.<String>of() : names) {
                out.add(ofCliName.apply(name));
            }
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
        return out;
    }

    private List<SchemeBench.Candidate> candidates() {
        List<SchemeBench.Candidate> out = new ArrayList<>();
        for (String name : schemes) {
            if (!name.equals(SchemeBench.CLASSICAL)) { // classical always runs
                out.add(new SchemeBench.Candidate(name, Catalog.fileOrName(name)));
            }
        }
        return out;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void print(PrintWriter out, SchemeBench.Setup setup, List<SchemeBench.Row> rows) {
        int width = rows.stream().mapToInt(r -> r.scheme().length()).max().orElse(9);
        out.printf(Locale.ROOT, "%d x %d x %d %s, %d thread%s, %d round%s of timed pairs, cutoff %d%n", setup.m(),
                setup.n(), setup.k(), setup.precision().name().toLowerCase(Locale.ROOT), setup.threads(),
                setup.threads() == 1 ? "" : "s", setup.runs(), setup.runs() == 1 ? "" : "s", setup.cutoff());
        String format = "%-" + width + "s %6s %-14s %-8s %5s %6s %6s %8s %10s %9s %8s %9s %7s %s%n";
        out.printf(Locale.ROOT, format, "scheme", "levels", "strategy", "parallel", "rank", "adds", "cse", "growth",
                "max error", "err/class", "GFLOP/s", "vs class", "best in", "");
        for (SchemeBench.Row r : rows) {
            boolean classical = r.levels() == 0;
            String note = (r.fastest() ? "<- fastest" : "")
                    + (!classical && !r.backend().startsWith("fast(") ? " (ran " + r.backend() + ")" : "");
            out.printf(Locale.ROOT, format, r.scheme(), classical ? "-" : Integer.toString(r.levels()),
                    classical ? "-" : r.strategy(), classical ? "-" : r.parallelism(), dash(r.rank()),
                    dash(r.additions()), dash(r.additionsCse()),
                    SchemeErrors.growth(r.growth()), SchemeErrors.error(r.maxError()), SchemeErrors.ratio(r.errorRatio()),
                    String.format(Locale.ROOT, "%.2f", r.gflops()), String.format(Locale.ROOT, "%.3fx", r.speedup()),
                    classical ? "-" : r.roundsFastest() + "/" + setup.runs(), note.strip());
        }
        out.flush();
    }

    private static String dash(Integer value) {
        return value == null ? "-" : value.toString();
    }

    private static String toJson(Report report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
