package dev.jfmm.cli;

import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.search.Search;
import dev.jfmm.search.SearchField;
import dev.jfmm.search.SearchSymmetry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jfmm search NxMxP}: flip-graph decomposition search; parse, run the library, print. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search for a matrix-multiplication scheme of low rank: random walks in the flip graph "
                + "over GF(2) from the classical algorithm, each new rank lifted to Z (Hensel lifting) and "
                + "verified exactly before it is written; or, with --field ZT, walks over Z with coefficients in "
                + "{-1, 0, 1}, which need no lifting. The same seed and thread count give the same "
                + "schemes. The best scheme so far is always in the output file; Ctrl-C writes it and the "
                + "search state, and --resume continues from there.")
final class SearchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NxMxP", description = "The format, e.g. 3x3x3.")
    String format;

    @Option(names = "--rank", paramLabel = "R", description = "Target rank: stop there (default: as low as the time allows).")
    int rank;

    @Option(names = "--field", paramLabel = "Z|ZT|GF2", defaultValue = "Z",
            description = "Z (walk over GF2, lift every result to integer coefficients), ZT (walk over Z with "
                    + "coefficients in {-1, 0, 1}) or GF2 (default: ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--time", paramLabel = "T", defaultValue = "5m",
            description = "Time limit: 30s, 5m, 2h or seconds (default: ${DEFAULT-VALUE}).")
    String time;

    @Option(names = "--flips", paramLabel = "N", description = "Stop after N flips in all (checked between rounds).")
    long flips;

    @Option(names = "--threads", paramLabel = "N", description = "Walkers, one thread each (default: all processors).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plateau", paramLabel = "N", defaultValue = "" + Search.PLATEAU,
            description = "Flips without a new lowest rank before a plus transition raises the rank (default: ${DEFAULT-VALUE}).")
    long plateau;

    @Option(names = "--breadth", paramLabel = "N", defaultValue = "0",
            description = "Descend breadth first: walk from the pool to the next rank down until N distinct schemes "
                    + "of it are found (or N times the flips the first took), then on from them (Kauers and Moosbauer's "
                    + "pool search). 0 (default) walks on from each new rank at once.")
    int breadth;

    @Option(names = "--walk-length", paramLabel = "N", defaultValue = "" + Search.WALK_LENGTH,
            description = "With --breadth: flips a walk from the pool may take before the next starts (default: ${DEFAULT-VALUE}).")
    long walkLength;

    @Option(names = "--symmetry", paramLabel = "transpose|none", defaultValue = "none",
            description = "transpose: walk over GF2 schemes of an n x m x n format that are invariant under "
                    + "a*b*c -> b^T*a^T*c^T only (a smaller flip graph; 4x4x4 reaches rank 47), each walker starting "
                    + "afresh from the classical algorithm (or --from) every " + Search.RESTART + " flips "
                    + "(default: ${DEFAULT-VALUE}).")
    String symmetry;

    @Option(names = "--reset", paramLabel = "N", defaultValue = "0",
            description = "Each walker walks its own walk, and one that has not gone below its lowest rank in N flips "
                    + "starts again from one of the search's last " + Search.RECENT + " new lowest schemes, drawn at "
                    + "random (Perminov's resets; walks settle in basins). 0, the default: walkers go on from the pool "
                    + "of the lowest rank.")
    long reset;

    @Option(names = "--start-over", description = "When the pool has stayed at its lowest rank as long as it took to "
            + "get there (and at least 2^32 flips), give it up and start again from the classical algorithm (or --from) "
            + "with fresh walks, keeping the best scheme found (searches settle in basins). Off by default.")
    boolean startOver;

    @Option(names = "--from", paramLabel = "FILE", description = "Start from this scheme instead of the classical algorithm.")
    Path from;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE",
            description = "Where the best scheme goes (default: search_NxMxP_FIELD.fmm); the state goes beside it.")
    Path out;

    @Option(names = "--resume", description = "Continue the search whose state is beside --out.")
    boolean resume;

    @Option(names = "--polish", description = "Once at --rank, walk on until the time is up to minimise the "
            + "additions (after common-subexpression elimination) the scheme costs, or what --polish-for says.")
    boolean polish;

    @Option(names = "--polish-for", paramLabel = "GOAL", description = "What --polish minimises (and implies it): "
            + "additions (after CSE; what the strategies with temporaries pay, the default) or nonzeros (of U, V "
            + "and W; what the fused strategy pays: each is a block read while packing or a C block merged into).")
    String polishFor;

    @Option(names = "--json", description = "Print one JSON summary line at the end instead of the text summary.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (plateau < 1) {
            throw new ParameterException(spec.commandLine(), "--plateau " + plateau + " must be at least 1 flip");
        }
        if (breadth < 0) {
            throw new ParameterException(spec.commandLine(), "--breadth " + breadth + " must be 0 or more schemes");
        }
        if (reset < 0) {
            throw new ParameterException(spec.commandLine(), "--reset " + reset + " must be 0 or more flips");
        }
        if (walkLength < 1) {
            throw new ParameterException(spec.commandLine(), "--walk-length " + walkLength + " must be at least 1 flip");
        }
        Format f = Format.parse(format);
        SearchField searchField = SearchField.parse(field);
        SearchSymmetry searchSymmetry = SearchSymmetry.parse(symmetry);
        Path file = out != null ? out : Path.of("search_" + f + "_" + searchField + ".fmm");
        Scheme start = from == null ? null : SchemeFiles.read(from);
        int walkers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        String command = SchemeCommand.Output.commandWithout(spec, List.of("-o", "--out", "--output"),
                List.of("--json", "--resume"));
        Search.PolishGoal goal = polishFor == null ? Search.PolishGoal.ADDITIONS : Search.PolishGoal.parse(polishFor);
        Search.Config config = new Search.Config(f, searchField, rank, duration(time), flips, walkers, seed, start,
                polish || polishFor != null, file, resume, command, plateau, breadth, walkLength, searchSymmetry, reset,
                startOver ? Search.START_OVER : 0, goal);
        ProgressPrinter printer = new ProgressPrinter(spec.commandLine().getErr(), System.console() != null
                && System.console().isTerminal());
        Search search = new Search(config, printer);
        Search.Result r = search.run();
        printer.done();
        Scheme s = r.scheme();
        PrintWriter o = spec.commandLine().getOut();
        double fps = r.seconds() > 0 ? r.flips() / r.seconds() : 0;
        if (json) {
            o.printf(Locale.ROOT, "{\"format\":\"%s\",\"rank\":%d,\"field\":\"%s\",\"search_field\":\"%s\","
                    + "\"symmetry\":\"%s\",\"reset\":%d,\"start_over\":%b,\"starts\":%d,\"walk_rank\":%d,\"nonzeros\":%d,"
                    + "\"additions\":%d,\"additions_cse\":%d,\"seconds\":%.3f,\"flips\":%d,\"flips_per_second\":%.0f,"
                    + "\"threads\":%d,\"seed\":%d,\"target_reached\":%b,\"stopped_by\":\"%s\",\"file\":\"%s\"}%n",
                    f, s.rank(), s.field(), searchField, searchSymmetry.cliName(), search.reset(), search.startsOver(),
                    search.starts(), r.walkRank(), s.nonzeros(),
                    s.additions().straightforward(), s.additions().afterCse(), r.seconds(), r.flips(), fps, walkers, seed,
                    r.targetReached(), r.stoppedBy(), file.toString().replace("\\", "\\\\").replace("\"", "\\\""));
        } else {
            o.printf(Locale.ROOT, "%s: %s, verified; %d nonzeros, %d additions (%d after CSE)%n", file, s, s.nonzeros(),
                    s.additions().straightforward(), s.additions().afterCse());
            o.printf(Locale.ROOT, "stopped by %s after %.1f s: %d flips, %.2f M flips/s on %d thread(s)%s%n", r.stoppedBy(),
                    r.seconds(), r.flips(), fps / 1e6, walkers,
                    r.walkRank() < s.rank() ? "; rank " + r.walkRank() + " reached over GF(2) did not lift" : "");
        }
        o.flush();
        return 0;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    /** 30s, 5m, 2h, 1.5h or plain seconds. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is no duration; write e.g. 30s, 5m or 2h");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = v * switch (unit) {
            case "ms" -> 1;
            case "s" -> 1e3;
            case "m", "min" -> 60e3;
            default -> 3600e3;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** A progress bar on a terminal (one line, redrawn), plain lines every ten seconds otherwise; notes always. */
    static final class ProgressPrinter implements Search.Listener {
        private final PrintWriter err;
        private final boolean terminal;
        private long lastPrint;
        private boolean barShown;

        ProgressPrinter(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public synchronized void progress(Search.Progress p) {
            long now = System.nanoTime();
            if (now - lastPrint < (terminal ? 200_000_000L : 10_000_000_000L)) {
                return;
            }
            lastPrint = now;
            String line = String.format(Locale.ROOT,
                    "rank %d (best verified %d, %d nonzeros, %d adds)  %.1f M flips/s  %s%s",
                    p.walkRank(), p.bestRank(), p.nonzeros(), p.additions(), p.flipsPerSecond() / 1e6, clock(p.seconds()),
                    p.limitSeconds() > 0 ? " / " + clock(p.limitSeconds()) : "");
            if (terminal) {
                String bar = bar(p);
                err.print("\r" + bar + line + "   ");
                barShown = true;
            } else {
                err.println("search: " + line);
            }
            err.flush();
        }

        private static String bar(Search.Progress p) {
            if (p.limitSeconds() <= 0) {
                return "";
            }
            int width = 20;
            int filled = (int) Math.min(width, Math.round(width * p.seconds() / p.limitSeconds()));
            return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] ";
        }

        private static String clock(double seconds) {
            long s = (long) seconds;
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }

        @Override
        public synchronized void note(String line) {
            if (barShown) {
                err.print("\r\033[K");
                barShown = false;
            }
            err.println("search: " + line);
            err.flush();
            lastPrint = 0;
        }

        synchronized void done() {
            if (barShown) {
                err.println();
                barShown = false;
            }
            err.flush();
        }
    }
}
