package dev.jfmm.search;

import dev.jfmm.io.CliNames;
import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeAlgebra;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * A decomposition search: flip-graph walks over GF(2) (or, with {@link SearchField#ZT}, over Z with
 * coefficients in {-1, 0, 1}, where nothing needs lifting) from the classical algorithm (or a given
 * scheme) down in rank, each new rank lifted to Z when asked for, and optionally, at the target rank,
 * a walk on that minimises the additions or the nonzeros the scheme costs ({@link PolishGoal}).
 *
 * <p>The search runs in rounds. In each, every walker (one per thread) starts from a scheme drawn
 * from the pool of the lowest rank found so far and walks a fixed budget of flips with its own seeded
 * generator; then the walkers' results are merged in walker order. Nothing depends on which thread
 * finishes first, so a seed and a walker count always give the same schemes; only where a time
 * limit ends the search depends on the clock. Limits are checked between rounds. With resets
 * ({@code --reset}), each walker carries its own walk from round to round instead, and a walk that stalls
 * starts again from one of the search's latest new lowest schemes. A symmetric search
 * ({@link SearchSymmetry#TRANSPOSE}) walks over transpose-invariant schemes, each walker carrying its own
 * walk and starting afresh from the start scheme every {@link #RESTART} flips.
 *
 * <p>Every scheme written is verified exactly with {@link Verifier} first. The best one so far is
 * written as soon as it is found, the pool (the search state) every ten seconds and at the end, both
 * atomically, and a shutdown hook writes both when the process is interrupted; {@code resume}
 * continues from the state file exactly where the search stood.
 */
public final class Search {

    /**
     * What polishing minimises at the target rank; the other count breaks ties. Which pays depends on
     * how the scheme runs ({@code FastGemm.Strategy}).
     */
    public enum PolishGoal {
        /** Additions after common-subexpression elimination: what the strategies with temporaries pay. */
        ADDITIONS,
        /**
         * Nonzeros of U, V and W: what the fused strategy pays, since each is a block it reads while
         * packing a sum or a C block it merges a product into.
         */
        NONZEROS;

        /** The command-line name: "additions" or "nonzeros". */
        public String cliName() {
            return CliNames.of(this);
        }

        /**
         * The goal of that command-line name.
         *
         * @throws IllegalArgumentException for any other name, listing the names
         */
        public static PolishGoal parse(String name) {
            return CliNames.parse(values(), "polish goal", name);
        }
    }

    /**
     * What to search for.
     *
     * @param field what the walks go over and the field of the schemes written
     * @param rank the target rank; 0 to go as low as the time allows
     * @param time wall-clock limit of this run; null for none
     * @param maxFlips stop after this many flips in all (checked between rounds); 0 for no limit
     * @param threads walkers, one thread each
     * @param from start here instead of the classical algorithm; null for classical
     * @param polish once the target rank is reached, walk on to minimise the polish goal until a limit
     * @param out the .fmm file the best scheme goes to; its state file is beside it
     * @param resume continue from the state file beside {@code out}
     * @param command the command line, recorded in the scheme's comments
     * @param plateau flips without a new lowest rank before a plus transition; 0 for {@link #PLATEAU}
     * @param breadth 0 to walk on from each new lowest rank at once; else descend breadth first: collect this
     *     many distinct schemes of the next rank (or as many as this many times the flips the first took) before walking
     *     on from them
     * @param walkLength in breadth-first descent, the flips a walk from the pool may take; 0 for {@link #WALK_LENGTH}
     * @param symmetry the schemes walked over: all, or (GF(2), n x m x n) those invariant under the transpose
     *     symmetry, each walker restarting from the start scheme every {@link #RESTART} flips
     * @param reset 0 for walks from the pool; else each walker walks its own walk, and one that has not gone
     *     below its lowest rank in this many flips starts again from one of the last {@link #RECENT} new
     *     lowest schemes of the search
     * @param startOver 0 never; else (walks from the pool only) give the pool up and start again from the start scheme
     *     when it has stayed at its lowest rank as long as it took to get there and at least this many flips
     *     ({@link Epoch}; {@link #START_OVER} for {@code --start-over})
     * @param polishGoal what polishing minimises (see {@link PolishGoal})
     */
    public record Config(Format format, SearchField field, int rank, Duration time, long maxFlips, int threads, long seed,
            Scheme from, boolean polish, Path out, boolean resume, String command, long plateau, int breadth,
            long walkLength, SearchSymmetry symmetry, long reset, long startOver, PolishGoal polishGoal) {

        public Config {
            Objects.requireNonNull(polishGoal, "polishGoal");
        }

        /** Polishing, if asked for, for additions. */
        public Config(Format format, SearchField field, int rank, Duration time, long maxFlips, int threads, long seed,
                Scheme from, boolean polish, Path out, boolean resume, String command, long plateau, int breadth,
                long walkLength, SearchSymmetry symmetry, long reset, long startOver) {
            this(format, field, rank, time, maxFlips, threads, seed, from, polish, out, resume, command, plateau, breadth,
                    walkLength, symmetry, reset, startOver, PolishGoal.ADDITIONS);
        }

        /** Never starting over. */
        public Config(Format format, SearchField field, int rank, Duration time, long maxFlips, int threads, long seed,
                Scheme from, boolean polish, Path out, boolean resume, String command, long plateau, int breadth,
                long walkLength, SearchSymmetry symmetry, long reset) {
            this(format, field, rank, time, maxFlips, threads, seed, from, polish, out, resume, command, plateau, breadth,
                    walkLength, symmetry, reset, 0);
        }

        /** Walks from the pool, or symmetric ones (no --reset). */
        public Config(Format format, SearchField field, int rank, Duration time, long maxFlips, int threads, long seed,
                Scheme from, boolean polish, Path out, boolean resume, String command, long plateau, int breadth,
                long walkLength, SearchSymmetry symmetry) {
            this(format, field, rank, time, maxFlips, threads, seed, from, polish, out, resume, command, plateau, breadth,
                    walkLength, symmetry, 0);
        }

        /** Depth-first (no --breadth), all schemes. */
        public Config(Format format, SearchField field, int rank, Duration time, long maxFlips, int threads, long seed,
                Scheme from, boolean polish, Path out, boolean resume, String command, long plateau) {
            this(format, field, rank, time, maxFlips, threads, seed, from, polish, out, resume, command, plateau, 0, 0);
        }

        /** All schemes (no --symmetry). */
        public Config(Format format, SearchField field, int rank, Duration time, long maxFlips, int threads, long seed,
                Scheme from, boolean polish, Path out, boolean resume, String command, long plateau, int breadth,
                long walkLength) {
            this(format, field, rank, time, maxFlips, threads, seed, from, polish, out, resume, command, plateau, breadth,
                    walkLength, SearchSymmetry.NONE);
        }
    }

    /**
     * Where a search stands after a round.
     *
     * @param walkRank the lowest rank found over GF(2)
     * @param bestRank the rank of the best verified scheme (over the requested field)
     * @param additions its additions after common-subexpression elimination
     * @param seconds wall-clock time searched, resumed runs included
     * @param flipsPerSecond flips per second in all threads, this run
     */
    public record Progress(int walkRank, int bestRank, int nonzeros, int additions, long flips, double seconds,
            double flipsPerSecond, int threads, double limitSeconds) {}

    /** Receives progress after every round and one-line notes on events. */
    public interface Listener {
        void progress(Progress p);

        void note(String line);
    }

    /**
     * The outcome.
     *
     * @param scheme the best verified scheme, as written to the output file
     * @param walkRank the lowest rank found over GF(2) (below the scheme's when that did not lift)
     * @param stoppedBy "rank reached", "time", "flips" or "interrupted"
     */
    public record Result(Scheme scheme, int walkRank, boolean targetReached, long flips, double seconds,
            int rounds, String stoppedBy) {}

    private static final int POOL = 64;
    private static final long FIRST_ROUND = 1 << 12;
    /**
     * Rounds double up to this many flips per walker while the search descends. Large formats need long
     * unbroken walks: with 4 M flips a round (each round restarts from the pool), 4x4x4 stalled at rank
     * 52 and 3x4x5 at 48; with 2^28 they went on to 49 and 47 (README, "Measured"). One round is also
     * how far past --time a search may run (tens of seconds at this length).
     */
    private static final long LONGEST_ROUND = 1L << 28;
    /**
     * Rounds stay this short where what helps is many distinct schemes to lift rather than a long walk:
     * at the target rank (a signs-only lift, polishing; it also keeps the {@link #SIGNS_GRACE} rounds to
     * minutes) and while the lowest GF(2) rank has not lifted yet (3x4x4 over Z, seed 1: with long
     * rounds its rank-38 schemes had not lifted after 160 s).
     */
    private static final long LONGEST_ROUND_AT_TARGET = 1L << 22;
    private static final long CHECKPOINT_MILLIS = 10_000;
    private static final int LIFTS_PER_ROUND = 4;
    private static final int SIGN_ATTEMPTS = 8;
    /** Rounds a search at its target rank goes on looking for a lift with signs only. */
    private static final int SIGNS_GRACE = 20;
    /** The default plateau length: measured against 50,000 on 3x4x5 (README), neither was ahead on both seeds. */
    public static final long PLATEAU = 5_000;
    /** The default walk length in breadth-first descent, Kauers and Moosbauer's path limit. */
    public static final long WALK_LENGTH = 1 << 20;
    /** Breadth rounds end after this many flips per walker (so limits and checkpoints come every second or two). */
    private static final long LONGEST_BREADTH_ROUND = 1L << 24;
    /**
     * A symmetric walk starts afresh after this many flips (about 40 s at 3.4 M flips/s): 4x4x4 over GF(2),
     * fresh walks every 40 s reached rank 47 in the fifth walk, 191 s, where single walks had settled at
     * 51-54 for minutes (README, "Transpose-symmetric walk").
     */
    public static final long RESTART = 1L << 27;
    /** Rounds of walkers' own walks end after this many flips per walker (a few seconds), a divisor of {@link #RESTART}. */
    private static final long LONGEST_TRACK_ROUND = 1L << 24;
    /**
     * {@code --start-over}: the fewest flips at the lowest rank before a search starts over, about eight minutes on
     * one thread. 2^30 gave up 3x4x5 seed 9 at rank 48 after 1.6 G flips there (368 s), where the search without
     * starting over went on to 47 at 434 s (README, "Starting over").
     */
    public static final long START_OVER = 1L << 32;
    /** Walks reset to one of this many latest new lowest schemes (Perminov's default). */
    public static final int RECENT = 10;
    /** Polishing alternates per walker and round between low-nonzero walks and unbiased ones sampled uniformly. */
    private static final Walker.Params POLISH = new Walker.Params(0, false, 2_000, 1, 1.0, 8, false);

    /**
     * A verified scheme and what it costs; {@code version} counts improvements. Better is: lower rank,
     * then coefficients in {-1, 0, 1} only, then the polish goal's count, then the other.
     */
    private record Best(Scheme scheme, boolean signs, int additions, int nonzeros, long version) {
        static Best of(Scheme s, long version) {
            return new Best(s, signsOnly(s), s.additions().afterCse(), s.nonzeros(), version);
        }

        boolean beatenBy(Best o, PolishGoal goal) {
            if (o.scheme.rank() != scheme.rank()) {
                return o.scheme.rank() < scheme.rank();
            }
            if (o.signs != signs) {
                return o.signs;
            }
            return goal == PolishGoal.NONZEROS
                    ? o.nonzeros < nonzeros || o.nonzeros == nonzeros && o.additions < additions
                    : o.additions < additions || o.additions == additions && o.nonzeros < nonzeros;
        }

        private static boolean signsOnly(Scheme s) {
            for (Factor f : Factor.values()) {
                for (Rational[] row : s.factor(f)) {
                    for (Rational c : row) {
                        if (!c.isZero() && !c.equals(Rational.ONE) && !c.equals(Rational.MINUS_ONE)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
    }

    private final Config config;
    private final Listener listener;
    private final String startName;
    private final int walkers;
    private final List<BitScheme> pool = new ArrayList<>();
    private int poolRank;
    private int round;
    private long flips;
    private final long millisBefore;
    private long startNanos;
    private long flipsBefore;
    private volatile Best best;
    private volatile Checkpoint state;
    private volatile boolean stopRequested;
    private long bestWritten = -1;
    private long lastStateWrite;
    private boolean liftFailureNoted;
    /** The pool rank at which walkers' refusals were last noted (once per rank). */
    private int refusedNoted = -1;
    private int graceUntil = -1;
    private final long plateau;
    private final int breadth;
    private final long walkLength;
    /** Breadth-first descent: distinct schemes found below the pool's rank, all of one rank. */
    private final LowestRank next = new LowestRank();
    /** Flips walked from the current pool's rank, and after how many of them the first of {@link #next} came (-1: none yet). */
    private long levelFlips;
    private long firstFoundAt = -1;
    /** The lowest rank at which schemes left out of {@link #next} for not lifting were noted. */
    private int unliftedNoted = Integer.MAX_VALUE;
    private final SearchSymmetry symmetry;
    /**
     * Symmetric: where every walk starts (else null). With resets: the stall length (else 0) and the latest new
     * lowest schemes, oldest first. Either way, each walker's walk.
     */
    private final BitScheme restartFrom;
    private final long reset;
    private final List<BitScheme> recent = new ArrayList<>();
    private final List<Walker.Track> tracks = new ArrayList<>();
    /** Searches that start over: the current start; else null. */
    private Epoch epoch;

    public Search(Config config, Listener listener) {
        this.config = config;
        this.listener = listener;
        BitScheme.checkFormat(config.format(), config.field().ternary());
        if (config.threads() < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (config.plateau() < 0) {
            throw new IllegalArgumentException("the plateau must be a positive number of flips");
        }
        if (config.breadth() < 0 || config.walkLength() < 0) {
            throw new IllegalArgumentException("the breadth and the walk length must be positive");
        }
        if (config.polish() && config.rank() <= 0) {
            throw new IllegalArgumentException("polishing needs a target rank (--rank)");
        }
        if (config.reset() < 0) {
            throw new IllegalArgumentException("the reset length must be a positive number of flips");
        }
        if ((config.symmetry() != SearchSymmetry.NONE || config.reset() > 0) && config.breadth() > 0) {
            throw new IllegalArgumentException("--symmetry and --reset walk depth first; they do not combine with "
                    + "--breadth");
        }
        if (config.symmetry() != SearchSymmetry.NONE && config.reset() > 0) {
            throw new IllegalArgumentException("--symmetry restarts its walks on its own; it does not combine with "
                    + "--reset");
        }
        if (config.startOver() < 0) {
            throw new IllegalArgumentException("the least stall before starting over must be a positive number of flips");
        }
        if (config.startOver() > 0 && (config.symmetry() != SearchSymmetry.NONE || config.reset() > 0 || config.breadth() > 0)) {
            throw new IllegalArgumentException("--start-over gives up the pool of walks from it; it does not combine with "
                    + "--symmetry, --reset or --breadth");
        }
        if (config.resume()) {
            Checkpoint c = Checkpoint.read(Checkpoint.beside(config.out()));
            if (!c.format().equals(config.format()) || c.field() != config.field()) {
                throw new IllegalArgumentException("the checkpoint beside " + config.out() + " is a search for "
                        + c.format() + " over " + c.field() + ", not " + config.format() + " over " + config.field());
            }
            if (!Files.isRegularFile(config.out())) {
                throw new IllegalArgumentException("cannot resume: " + config.out() + " is missing");
            }
            Scheme written = verified(SchemeFiles.read(config.out()), config.out().toString());
            best = Best.of(written, 0);
            bestWritten = 0;
            walkers = c.walkers();
            round = c.round();
            flips = c.flips();
            millisBefore = c.millis();
            graceUntil = c.graceUntil();
            plateau = c.plateau();
            breadth = c.breadth();
            walkLength = c.walkLength();
            levelFlips = c.levelFlips();
            firstFoundAt = c.firstFoundAt();
            symmetry = c.symmetry();
            restartFrom = c.restartFrom();
            reset = c.reset();
            recent.addAll(c.recent());
            tracks.addAll(c.tracks());
            epoch = c.epoch();
            c.next().forEach(next::add);
            pool.addAll(c.pool());
            poolRank = pool.get(0).rank();
            startName = "a resumed search";
            state = c;
        } else {
            symmetry = config.symmetry();
            symmetry.check(config.format(), config.field());
            Scheme start = config.from() != null ? verified(config.from(), "the start scheme")
                    : SchemeAlgebra.classical(config.format());
            if (!start.format().equals(config.format())) {
                throw new IllegalArgumentException("the start scheme is " + start + ", not of format " + config.format());
            }
            startName = config.from() != null ? start.toString() : "the classical algorithm";
            Field written = config.field().field();
            Scheme initial = start.field() == written ? start
                    : written == Field.GF2 ? SchemeAlgebra.reduce(start)
                    : SchemeAlgebra.classical(config.format());
            best = Best.of(initial, 0);
            walkers = config.threads();
            plateau = config.plateau() > 0 ? config.plateau() : PLATEAU;
            breadth = config.breadth();
            walkLength = config.walkLength() > 0 ? config.walkLength() : WALK_LENGTH;
            millisBefore = 0;
            BitScheme bits = config.field().ternary() ? BitScheme.ternary(start) : BitScheme.of(start);
            pool.add(bits);
            poolRank = bits.rank();
            restartFrom = symmetry == SearchSymmetry.NONE ? null : bits;
            reset = config.reset();
            epoch = config.startOver() > 0 ? Epoch.first(bits, config.startOver()) : null;
            if (reset > 0) {
                recent.add(bits);
                for (int w = 0; w < walkers; w++) {
                    tracks.add(Walker.Track.start(w, bits));
                }
            }
            if (restartFrom != null) {
                if (!SymmetricWalk.invariant(bits)) {
                    throw new IllegalArgumentException("the start scheme " + start + " is not invariant under the "
                            + "transpose symmetry (a term a*b*c needs its mirror b^T*a^T*c^T beside it)");
                }
                for (int w = 0; w < walkers; w++) {
                    tracks.add(Walker.Track.start(w, bits));
                }
            }
        }
    }

    private static Scheme verified(Scheme s, String name) {
        Verification v = Verifier.verify(s);
        if (!v.valid()) {
            throw new IllegalArgumentException(name + " does not verify: " + v.summary());
        }
        return s;
    }

    /** Flips without a lower rank before a walk resets; 0 for none (a resumed search's comes from its checkpoint). */
    public long reset() {
        return reset;
    }

    /** Whether the search starts over when it stalls (a resumed search's comes from its checkpoint). */
    public boolean startsOver() {
        return epoch != null;
    }

    /** How many times the search started, 1 when it never started over. */
    public int starts() {
        return epoch == null ? 1 : epoch.number();
    }

    /** Asks a running search to stop after the current round (the shutdown hook does this too). */
    public void stop() {
        stopRequested = true;
    }

    public Result run() {
        startNanos = System.nanoTime();
        lastStateWrite = startNanos - CHECKPOINT_MILLIS * 1_000_000;
        flipsBefore = flips;
        Thread hook = new Thread(this::interrupted, "jfmm-search-checkpoint");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService threads = Executors.newFixedThreadPool(walkers, r -> {
            Thread t = new Thread(r, "jfmm-walker");
            t.setDaemon(true);
            return t;
        });
        try {
            persist(false);
            String stoppedBy;
            while ((stoppedBy = stopReason()) == null) {
                oneRound(threads);
                persist(false);
                listener.progress(progress());
            }
            persist(true);
            Best b = best;
            int walkRank = epoch == null ? walkRank() : Math.min(walkRank(), epoch.lowestRank());
            return new Result(b.scheme(), walkRank, targetReached(), flips, seconds(), round, stoppedBy);
        } finally {
            threads.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run; it writes the same state.
            }
        }
    }

    private void interrupted() {
        stopRequested = true;
        persist(true);
        listener.note("interrupted: best so far, " + best.scheme() + ", is in " + config.out());
    }

    /**
     * At the target rank with coefficients in {-1, 0, 1}, or with larger ones after {@link #SIGNS_GRACE}
     * more rounds at that rank have found no lift with signs only (it is written meanwhile).
     */
    private boolean targetReached() {
        startGraceIfDue();
        Best b = best;
        return atTargetRank(b) && (b.signs() || round >= graceUntil);
    }

    /** The first round the best scheme is at the target rank without a signs-only lift starts the grace period. */
    private void startGraceIfDue() {
        Best b = best;
        if (atTargetRank(b) && !b.signs() && graceUntil < 0) {
            graceUntil = round + SIGNS_GRACE;
        }
    }

    private boolean atTargetRank(Best b) {
        return config.rank() > 0 && b.scheme().rank() <= config.rank();
    }

    private String stopReason() {
        if (stopRequested) {
            return "interrupted";
        }
        if (targetReached() && !config.polish()) {
            return "rank reached";
        }
        if (config.maxFlips() > 0 && flips >= config.maxFlips()) {
            return "flips";
        }
        if (config.time() != null && System.nanoTime() - startNanos >= config.time().toNanos()) {
            return "time";
        }
        return null;
    }

    private double seconds() {
        return millisBefore / 1e3 + (System.nanoTime() - startNanos) / 1e9;
    }

    private Progress progress() {
        Best b = best;
        double runSeconds = (System.nanoTime() - startNanos) / 1e9;
        long runFlips = flips - flipsBefore;
        return new Progress(walkRank(), b.scheme().rank(), b.nonzeros(), b.additions(), flips, seconds(),
                runSeconds > 0 ? runFlips / runSeconds : 0, walkers,
                config.time() == null ? 0 : config.time().toMillis() / 1e3);
    }

    /** The lowest rank found over GF(2). */
    private int walkRank() {
        return next.isEmpty() ? poolRank : next.rank();
    }

    private void oneRound(ExecutorService threads) {
        boolean polishing = config.polish() && config.rank() > 0 && best.scheme().rank() <= config.rank();
        if (breadth > 0 && !polishing && poolRank > Math.max(0, config.rank())) {
            breadthRound(threads);
            return;
        }
        if ((restartFrom != null || reset > 0) && !polishing) {
            trackRound(threads);
            return;
        }
        boolean lifting = atTargetRank(best) || poolRank < best.scheme().rank();
        long budget = Math.min(lifting ? LONGEST_ROUND_AT_TARGET : LONGEST_ROUND,
                FIRST_ROUND << Math.min(round - (epoch == null ? 0 : epoch.round()), 20));
        Walker.Params base = polishing ? POLISH : new Walker.Params(0, false, plateau, 2, 0, 0, false);
        int target = Math.max(0, config.rank());
        // Over Z a walk refuses new lowest ranks that cannot lift (no solution mod 4): once it builds on
        // one, every lower rank it finds from there is most likely unliftable too.
        Predicate<BitScheme> keep = config.field().lifts() && !polishing ? Lifting::liftsMod4 : null;
        List<Future<Walker.Outcome>> futures = new ArrayList<>();
        for (int w = 0; w < walkers; w++) {
            boolean uniform = polishing && (w + round) % 2 == 1;
            Walker.Params params = new Walker.Params(target, poolRank > target, base.plateau(), base.excess(),
                    uniform ? 0 : base.temperature(), base.samples(), uniform, keep);
            BitScheme start = pool.get(new Rng(Rng.seed(config.seed(), round, w, 0)).below(pool.size()));
            long seed = Rng.seed(config.seed(), round, w, 1);
            futures.add(threads.submit(() -> Walker.round(start, seed, budget, params)));
        }
        List<Walker.Outcome> outcomes = results(futures);
        if (outcomes == null) {
            return;
        }
        noteRefusals(outcomes.stream().mapToInt(Walker.Outcome::refused).sum());
        int rankBefore = poolRank;
        List<BitScheme> fresh = merge(outcomes);
        round++;
        if (poolRank < best.scheme().rank()) {
            liftNewRank(fresh);
        } else if (polishing || !best.signs()) {
            List<BitScheme> candidates = new ArrayList<>(fresh);
            outcomes.forEach(o -> candidates.addAll(o.samples()));
            evaluate(candidates);
        }
        if (epoch != null && !atTargetRank(best)) {
            startOverWhenStalled(rankBefore);
        }
        endRound();
    }

    /** Gives the pool up for a fresh start from the start scheme once it has stalled ({@link Epoch#stalled}). */
    private void startOverWhenStalled(int rankBefore) {
        if (poolRank < rankBefore) {
            epoch = epoch.descended(flips, poolRank);
            return;
        }
        if (!epoch.stalled(flips)) {
            return;
        }
        listener.note(String.format(Locale.ROOT, "rank %d for %d flips (the descent to it took %d): starting over from "
                + "the start scheme (start %d)", poolRank, epoch.stall(flips), epoch.lowestAt() - epoch.flips(),
                epoch.number() + 1));
        epoch = epoch.next(round, flips);
        pool.clear();
        pool.add(epoch.origin());
        poolRank = epoch.origin().rank();
    }

    /**
     * A round of breadth-first descent: every walker walks from the pool to the next rank down as often
     * as its budget allows; the schemes found gather in {@link #next} (the lowest rank only), each new
     * lowest is lifted as it comes, and the pool moves down to them once there are {@code breadth} of
     * them, or once the rank has taken {@code breadth} times the flips that its first find took (what that
     * many finds cost at the first one's rate), so a rank where finds dry up does not hold the search.
     */
    private void breadthRound(ExecutorService threads) {
        long budget = Math.min(LONGEST_BREADTH_ROUND, FIRST_ROUND << Math.min(round, 20));
        Predicate<BitScheme> keep = config.field().lifts() ? Lifting::liftsMod4 : null;
        Walker.Params params = new Walker.Params(0, true, plateau, 2, 0, 0, false, keep);
        List<BitScheme> from = List.copyOf(pool);
        int want = Math.max(1, breadth - next.size());
        List<Future<Walker.Descent>> futures = new ArrayList<>();
        for (int w = 0; w < walkers; w++) {
            long seed = Rng.seed(config.seed(), round, w, 1);
            futures.add(threads.submit(() -> Walker.descend(from, seed, budget, walkLength, want, params)));
        }
        List<Walker.Descent> descents = results(futures);
        if (descents == null) {
            return;
        }
        noteRefusals(descents.stream().mapToInt(Walker.Descent::refused).sum());
        int lowestBefore = walkRank();
        List<BitScheme> found = new ArrayList<>();
        for (Walker.Descent d : descents) {
            flips += d.flips();
            levelFlips += d.flips();
            found.addAll(d.found());
        }
        round++;
        admit(found);
        if (walkRank() < lowestBefore) {
            if (firstFoundAt < 0) {
                firstFoundAt = levelFlips;
            }
            listener.note(String.format(Locale.ROOT, "rank %d over %s after %d flips, %.1f s", walkRank(),
                    config.field().walkDescription(), flips, seconds()));
        }
        if (!next.isEmpty() && (next.size() >= breadth || levelFlips >= (long) breadth * firstFoundAt)) {
            listener.note(String.format(Locale.ROOT, "rank %d: walking on from %d scheme(s), found in %d flips",
                    walkRank(), next.size(), levelFlips));
            pool.clear();
            List<BitScheme> reached = next.schemes();
            pool.addAll(reached.size() > POOL ? reached.subList(reached.size() - POOL, reached.size()) : reached);
            poolRank = walkRank();
            next.clear();
            levelFlips = 0;
            firstFoundAt = -1;
        }
        endRound();
    }

    /**
     * Adds a breadth round's finds to {@link #next}, lowest rank first, offering each new lowest as the best.
     * Over Z only schemes that lift are admitted, at most {@link #LIFTS_PER_ROUND} tried a round: a pool of
     * unliftable schemes walks on to more of them (3x4x5, seed 1, admitting all that lift mod 4: rank 49 over
     * GF(2) in 87 s, the best lift still of rank 54 at 240 s).
     */
    private void admit(List<BitScheme> found) {
        List<BitScheme> candidates = new ArrayList<>(found);
        candidates.sort(Comparator.comparingInt(BitScheme::rank)); // stable: walker order within a rank
        boolean overZ = config.field().lifts();
        int tried = 0;
        int unlifted = Integer.MAX_VALUE;
        for (BitScheme s : candidates) {
            if (!next.wouldKeep(s)) {
                continue;
            }
            if (overZ || s.rank() < best.scheme().rank()) {
                if (overZ && tried == LIFTS_PER_ROUND) {
                    break;
                }
                Scheme realized = realize(s, tried++);
                if (realized == null) {
                    unlifted = Math.min(unlifted, s.rank());
                    continue;
                }
                offer(realized);
            }
            next.add(s);
        }
        if (unlifted < walkRank() && unlifted < unliftedNoted) {
            unliftedNoted = unlifted;
            listener.note("rank " + unlifted + ": scheme(s) over GF(2) that did not lift to Z left out; walking on");
        }
    }

    /**
     * A round of walkers' own walks: every walker walks on along its own track (symmetric: a fresh walk from
     * the start scheme every {@link #RESTART} flips; else a walk from a recent new lowest scheme after
     * {@link #reset} flips without going lower); the lowest schemes reached become the pool, a new lowest
     * rank the best and one of the recent ones.
     */
    private void trackRound(ExecutorService threads) {
        long budget = Math.min(LONGEST_TRACK_ROUND, FIRST_ROUND << Math.min(round, 20));
        boolean symmetric = symmetry != SearchSymmetry.NONE;
        Predicate<BitScheme> keep = config.field().lifts() ? Lifting::liftsMod4 : null;
        Walker.Params params = new Walker.Params(Math.max(0, config.rank()), true, plateau, 2, 0, 0, false, keep);
        List<BitScheme> from = List.copyOf(recent);
        List<Future<Walker.Leg>> futures = new ArrayList<>();
        for (Walker.Track t : tracks) {
            futures.add(threads.submit(() -> symmetric
                    ? Walker.symmetricRound(t, restartFrom, walkers, config.seed(), budget, RESTART, params)
                    : Walker.resettingRound(t, from, walkers, config.seed(), budget, reset, params)));
        }
        List<Walker.Leg> legs = results(futures);
        if (legs == null) {
            return;
        }
        List<Walker.Outcome> outcomes = new ArrayList<>();
        for (int w = 0; w < legs.size(); w++) {
            Walker.Track t = legs.get(w).track();
            tracks.set(w, t);
            outcomes.add(new Walker.Outcome(t.lowest(), null, List.of(), legs.get(w).flips(), 0, t.current(), -1,
                    false));
        }
        int rankBefore = poolRank;
        List<BitScheme> fresh = merge(outcomes);
        if (reset > 0 && poolRank < rankBefore) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.add(fresh.get(0));
        }
        round++;
        if (poolRank < best.scheme().rank()) {
            liftNewRank(fresh);
        }
        endRound();
    }

    /** The walkers' results in walker order; null when interrupted. */
    private <T> List<T> results(List<Future<T>> futures) {
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a walker failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private void noteRefusals(int refused) {
        if (refused > 0 && refusedNoted != poolRank) {
            refusedNoted = poolRank;
            listener.note(String.format(Locale.ROOT, "round %d: %d scheme(s) below rank %d with no lift mod 4 refused",
                    round, refused, poolRank));
        }
    }

    private void endRound() {
        startGraceIfDue(); // in this round, as the next stop check would, so the checkpoint records it
        state = new Checkpoint(config.format(), config.field(), config.seed(), walkers, round, flips,
                Math.round(seconds() * 1e3), graceUntil, plateau, pool, breadth, walkLength, next.schemes(), levelFlips,
                firstFoundAt, symmetry, restartFrom, tracks, reset, recent, epoch);
    }

    /** Updates the pool from a round's outcomes (in walker order); returns the schemes new to it. */
    private List<BitScheme> merge(List<Walker.Outcome> outcomes) {
        int low = poolRank;
        for (Walker.Outcome o : outcomes) {
            flips += o.flips();
            low = Math.min(low, o.lowest().rank());
        }
        List<BitScheme> fresh = new ArrayList<>();
        if (low < poolRank) {
            pool.clear();
            poolRank = low;
            liftFailureNoted = false;
            for (Walker.Outcome o : outcomes) {
                if (o.lowest().rank() == low) {
                    addDistinct(fresh, o.lowest());
                }
            }
            listener.note(String.format(Locale.ROOT, "%srank %d over %s after %d flips, %.1f s",
                    epoch != null && epoch.number() > 1 ? "start " + epoch.number() + ": " : "", low,
                    config.field().walkDescription(), flips, seconds()));
        }
        for (Walker.Outcome o : outcomes) {
            if (o.end() != null && o.end().rank() == poolRank) {
                addDistinct(fresh, o.end());
            }
        }
        for (BitScheme s : fresh) {
            if (pool.size() == POOL) {
                pool.removeFirst();
            }
            pool.add(s);
        }
        return fresh;
    }

    private static void addDistinct(List<BitScheme> list, BitScheme s) {
        BitScheme key = s.sorted();
        for (BitScheme t : list) {
            if (t.sorted().equals(key)) {
                return;
            }
        }
        list.add(s);
    }

    /** The best lift among the first few new lowest-rank schemes becomes the best. */
    private void liftNewRank(List<BitScheme> fresh) {
        int tried = Math.min(fresh.size(), LIFTS_PER_ROUND);
        boolean lifted = false;
        for (int k = 0; k < tried; k++) {
            Scheme z = realize(fresh.get(k), k);
            if (z != null) {
                offer(z);
                lifted = true;
            }
        }
        if (!lifted && !liftFailureNoted && tried > 0) {
            liftFailureNoted = true;
            listener.note("rank " + fresh.get(0).rank() + ": " + tried + " scheme(s) did not lift to Z; walking on");
        }
    }

    /** Polishing: lift the candidates and keep the best for the polish goal. */
    private void evaluate(List<BitScheme> candidates) {
        for (int k = 0; k < candidates.size(); k++) {
            Scheme lifted = realize(candidates.get(k), k);
            if (lifted != null) {
                offer(lifted);
            }
        }
    }

    private void offer(Scheme s) {
        Best b = best;
        Best candidate = Best.of(s, b.version() + 1);
        if (b.beatenBy(candidate, config.polishGoal())) {
            best = candidate;
            if (s.rank() < b.scheme().rank()) {
                listener.note("rank " + s.rank() + " over " + s.field() + ", verified (" + candidate.nonzeros()
                        + " nonzeros, " + candidate.additions() + " additions after CSE"
                        + (candidate.signs() ? "" : ", coefficients beyond -1..1") + ")");
            }
        }
    }

    /** The scheme over the search's field, verified, with its provenance; null when it does not lift. */
    private Scheme realize(BitScheme s, int candidate) {
        List<String> comments = new ArrayList<>();
        comments.add("produced by: " + config.command());
        comments.add("flip-graph search over " + config.field().walkDescription()
                + (symmetry != SearchSymmetry.NONE ? " (transpose-invariant schemes)" : "") + " from " + startName + ", seed "
                + config.seed() + ", " + walkers + " walker(s): found in round " + round + " after " + flips + " flips");
        Scheme out;
        if (!config.field().lifts()) {
            out = s.toScheme(comments);
        } else {
            comments.add("lifted to Z by Hensel lifting (jfmm search)");
            out = Lifting.lift(s, Rng.seed(config.seed(), round, candidate, 2), SIGN_ATTEMPTS, comments);
            if (out == null) {
                return null;
            }
        }
        Verification v = Verifier.verify(out);
        if (!v.valid()) {
            listener.note("internal error: a found scheme does not verify (" + v.summary() + "); skipped");
            return null;
        }
        return out;
    }

    /** Writes the best scheme when it changed, and the state when due (or forced). */
    private synchronized void persist(boolean force) {
        Best b = best;
        if (b.version() > bestWritten) {
            SchemeFiles.write(b.scheme(), config.out());
            bestWritten = b.version();
        }
        Checkpoint c = state;
        long now = System.nanoTime();
        if (c != null && (force || now - lastStateWrite >= CHECKPOINT_MILLIS * 1_000_000)) {
            c.write(config.out());
            lastStateWrite = now;
        }
    }
}
