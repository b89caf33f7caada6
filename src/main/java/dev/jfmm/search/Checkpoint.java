package dev.jfmm.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jfmm.io.AtomicFiles;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A search's state at the end of a round: enough to continue it with {@code --resume} exactly as if
 * it had not stopped (the walkers' seeds derive from the seed, the round and the walker, so the pool
 * of schemes is the only walk state, besides the round until which a lift with larger coefficients is
 * held back, in a symmetric search or one with resets each walker's walk, and in one that starts over its
 * current start). The best verified scheme lives in the output file beside it. Stored as JSON.
 *
 * @param field      what the search walks over; for {@link SearchField#ZT} the schemes' factors are packed
 *                   ternary ones
 * @param graceUntil the round at which a target-rank scheme that lifts only with coefficients beyond
 *                   {-1, 0, 1} is accepted, or -1 while no such scheme was found
 * @param plateau    the walks' plateau length (--plateau)
 * @param pool       the GF(2) schemes the next round's walkers start from, all of the same rank
 * @param breadth    breadth-first descent's schemes per rank (--breadth), 0 for depth first
 * @param walkLength breadth-first descent's flips per walk
 * @param next       breadth-first descent: the schemes found below the pool's rank so far
 * @param levelFlips breadth-first descent: flips walked from the pool's rank
 * @param firstFoundAt breadth-first descent: after how many of those the first of {@code next} came, or -1
 * @param symmetry   the schemes walked over
 * @param restartFrom symmetric search: the scheme every walk starts from; else null
 * @param tracks     symmetric search or resets: each walker's walk, in walker order; else empty
 * @param reset      flips without a new lowest rank before a walk resets (--reset); 0 for none
 * @param recent     with resets: the search's latest new lowest schemes, oldest first; else empty
 * @param epoch      a search that starts over (--start-over): its current start; else null
 */
record Checkpoint(Format format, SearchField field, long seed, int walkers, int round, long flips, long millis,
        int graceUntil, long plateau, List<BitScheme> pool, int breadth, long walkLength, List<BitScheme> next,
        long levelFlips, long firstFoundAt, SearchSymmetry symmetry, BitScheme restartFrom, List<Walker.Track> tracks,
        long reset, List<BitScheme> recent, Epoch epoch) {

    private static final String KIND = "jfmm search checkpoint";
    private static final int VERSION = 8;
    /** Version 7 had no starting over. */
    private static final int VERSION_WITHOUT_START_OVER = 7;
    /** Version 6 had no resets. */
    private static final int VERSION_WITHOUT_RESETS = 6;
    /** Version 5 had no symmetric search. */
    private static final int VERSION_ALL_SCHEMES = 5;
    /** Version 4 had no ternary walk: its schemes are GF(2) ones. */
    private static final int VERSION_GF2_ONLY = 4;
    /** Version 3 had no breadth-first descent. */
    private static final int VERSION_DEPTH_FIRST = 3;
    /** Version 2 had no plateau either: it was always the default. */
    private static final int VERSION_WITHOUT_PLATEAU = 2;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    Checkpoint {
        pool = List.copyOf(pool);
        next = List.copyOf(next);
        tracks = List.copyOf(tracks);
        recent = List.copyOf(recent);
    }

    /** A search over all schemes. */
    Checkpoint(Format format, SearchField field, long seed, int walkers, int round, long flips, long millis,
            int graceUntil, long plateau, List<BitScheme> pool, int breadth, long walkLength, List<BitScheme> next,
            long levelFlips, long firstFoundAt) {
        this(format, field, seed, walkers, round, flips, millis, graceUntil, plateau, pool, breadth, walkLength, next,
                levelFlips, firstFoundAt, SearchSymmetry.NONE, null, List.of(), 0, List.of(), null);
    }

    /**
     * The file as written: the search field as a pair, the schemes' field and whether the walk is ternary
     * (so builds that kept the pair read the same version-5 files); one string per rank-one term, "u v w" as hexadecimal GF(2) masks or, when
     * ternary, packed ternary factors (the -1 entries in the upper 32 bits).
     */
    private record Stored(String kind, int version, String resume, int[] format, String field, Boolean ternary, long seed,
                          int walkers, int round, long flips, long millis, int graceUntil, Long plateau,
                          List<List<String>> pool, Integer breadth, Long walkLength, List<List<String>> next,
                          Long levelFlips, Long firstFoundAt, String symmetry, List<String> restartFrom,
                          List<StoredTrack> tracks, Long reset, List<List<String>> recent, StoredEpoch epoch) {
    }

    /** A search's current start (version 8; null when it does not start over). */
    private record StoredEpoch(List<String> origin, long floor, int number, int round, long flips, long lowestAt,
            int lowestRank) {}

    /** A walker's walk: its number, flips into it, its current and lowest schemes' terms, and its stall (version 7). */
    private record StoredTrack(int walk, long flips, List<String> current, List<String> lowest, Long stall) {}

    static Path beside(Path out) {
        return out.resolveSibling(out.getFileName() + ".checkpoint");
    }

    String text(Path out) {
        Stored s = new Stored(KIND, VERSION, "jfmm search ... --out " + out + " --resume",
                new int[] {format.n(), format.m(), format.p()}, field.field().toString(), field.ternary(), seed, walkers,
                round, flips, millis, graceUntil, plateau, terms(pool), breadth, walkLength, terms(next), levelFlips, firstFoundAt,
                symmetry.cliName(), restartFrom == null ? null : terms(restartFrom),
                tracks.stream().map(t -> new StoredTrack(t.walk(), t.flips(), terms(t.current()), terms(t.lowest()),
                        t.stall())).toList(), reset, terms(recent), epoch == null ? null
                        : new StoredEpoch(terms(epoch.origin()), epoch.floor(), epoch.number(), epoch.round(), epoch.flips(),
                                epoch.lowestAt(), epoch.lowestRank()));
        try {
            return JSON.writeValueAsString(s) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the search state", e);
        }
    }

    private static List<List<String>> terms(List<BitScheme> schemes) {
        return schemes.stream().map(Checkpoint::terms).toList();
    }

    private static List<String> terms(BitScheme b) {
        List<String> scheme = new ArrayList<>();
        for (int r = 0; r < b.rank(); r++) {
            scheme.add(Long.toHexString(b.factor(0, r)) + " " + Long.toHexString(b.factor(1, r)) + " "
                    + Long.toHexString(b.factor(2, r)));
        }
        return scheme;
    }

    void write(Path out) {
        AtomicFiles.writeString(beside(out), text(out));
    }

    /** @throws IllegalArgumentException naming the file when it is not a checkpoint this version can read */
    static Checkpoint read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            Stored s = JSON.readValue(text, Stored.class);
            if (!KIND.equals(s.kind()) || s.version() != VERSION && s.version() != VERSION_WITHOUT_START_OVER
                    && s.version() != VERSION_WITHOUT_RESETS
                    && s.version() != VERSION_ALL_SCHEMES
                    && s.version() != VERSION_GF2_ONLY && s.version() != VERSION_DEPTH_FIRST
                    && s.version() != VERSION_WITHOUT_PLATEAU) {
                throw new IllegalArgumentException("not a version-" + VERSION + " jfmm search checkpoint");
            }
            long plateau = s.version() == VERSION_WITHOUT_PLATEAU ? Search.PLATEAU : s.plateau() == null ? -1 : s.plateau();
            if (plateau < 1) {
                throw new IllegalArgumentException("it has no plateau length");
            }
            Format format = new Format(s.format()[0], s.format()[1], s.format()[2]);
            if (s.walkers() < 1 || s.pool() == null || s.pool().isEmpty()) {
                throw new IllegalArgumentException("it has no walkers or an empty pool");
            }
            boolean withTernary = s.version() >= VERSION_ALL_SCHEMES;
            if (withTernary && s.ternary() == null) {
                throw new IllegalArgumentException("it does not say whether the walk is ternary");
            }
            boolean ternary = withTernary && s.ternary();
            SearchField field = SearchField.of(Field.parse(s.field()), ternary);
            List<BitScheme> pool = schemes(format, ternary, s.pool(), "pool");
            boolean breadthFirst = s.version() >= VERSION_GF2_ONLY;
            if (breadthFirst && (s.breadth() == null || s.breadth() < 0 || s.walkLength() == null || s.walkLength() < 1
                    || s.next() == null || s.levelFlips() == null || s.firstFoundAt() == null)) {
                throw new IllegalArgumentException("it has no breadth, walk length or next schemes");
            }
            List<BitScheme> next = breadthFirst ? schemes(format, ternary, s.next(), "next schemes") : List.of();
            if (!next.isEmpty() && next.get(0).rank() >= pool.get(0).rank()) {
                throw new IllegalArgumentException("its next schemes are not below its pool's rank");
            }
            boolean withSymmetry = s.version() >= VERSION_WITHOUT_RESETS;
            if (withSymmetry && s.symmetry() == null) {
                throw new IllegalArgumentException("it does not say which schemes the walk is over");
            }
            SearchSymmetry symmetry = withSymmetry ? SearchSymmetry.parse(s.symmetry()) : SearchSymmetry.NONE;
            boolean withResets = s.version() >= VERSION_WITHOUT_START_OVER;
            if (withResets && (s.reset() == null || s.reset() < 0 || s.recent() == null)) {
                throw new IllegalArgumentException("it does not say whether walks reset");
            }
            long reset = withResets ? s.reset() : 0;
            List<BitScheme> recent = new ArrayList<>();
            if (reset > 0) {
                if (s.recent().isEmpty() || s.tracks() == null || s.tracks().size() != s.walkers()) {
                    throw new IllegalArgumentException("it has no schemes to reset to or not one walk per walker");
                }
                for (List<String> r : s.recent()) {
                    recent.add(scheme(format, ternary, r, "recent schemes"));
                }
            }
            BitScheme restartFrom = null;
            List<Walker.Track> tracks = new ArrayList<>();
            if (reset > 0 || symmetry != SearchSymmetry.NONE) {
                if (reset == 0 && s.restartFrom() == null || s.tracks() == null || s.tracks().size() != s.walkers()) {
                    throw new IllegalArgumentException("it has no start scheme or not one walk per walker");
                }
                restartFrom = reset > 0 ? null : scheme(format, ternary, s.restartFrom(), "start scheme");
                for (StoredTrack t : s.tracks()) {
                    tracks.add(new Walker.Track(t.walk(), t.flips(), scheme(format, ternary, t.current(), "walks"),
                            scheme(format, ternary, t.lowest(), "walks"), t.stall() == null ? 0 : t.stall()));
                }
            }
            Epoch epoch = null;
            if (s.version() == VERSION && s.epoch() != null) {
                StoredEpoch e = s.epoch();
                if (e.floor() < 1 || e.number() < 1 || e.round() < 0 || e.round() > s.round() || e.flips() < 0
                        || e.lowestAt() < e.flips() || e.lowestAt() > s.flips()) {
                    throw new IllegalArgumentException("its start (--start-over) does not fit its rounds and flips");
                }
                epoch = new Epoch(scheme(format, ternary, e.origin(), "start scheme"), e.floor(), e.number(), e.round(),
                        e.flips(), e.lowestAt(), e.lowestRank());
            }
            return new Checkpoint(format, field, s.seed(), s.walkers(), s.round(), s.flips(), s.millis(), s.graceUntil(),
                    plateau, pool, breadthFirst ? s.breadth() : 0, breadthFirst ? s.walkLength() : Search.WALK_LENGTH, next,
                    breadthFirst ? s.levelFlips() : 0, breadthFirst ? s.firstFoundAt() : -1, symmetry, restartFrom, tracks,
                    reset, recent, epoch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is damaged: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is damaged: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /** Schemes of one rank, each a list of "u v w" terms in hexadecimal. */
    private static List<BitScheme> schemes(Format format, boolean ternary, List<List<String>> stored, String what) {
        if (stored.isEmpty()) {
            return List.of();
        }
        int rank = stored.get(0).size();
        List<BitScheme> out = new ArrayList<>();
        for (List<String> scheme : stored) {
            if (scheme.size() != rank) {
                throw new IllegalArgumentException("ranks " + rank + " and " + scheme.size() + " mixed in its " + what);
            }
            out.add(scheme(format, ternary, scheme, what));
        }
        return out;
    }

    /** One scheme: its "u v w" terms in hexadecimal. */
    private static BitScheme scheme(Format format, boolean ternary, List<String> terms, String what) {
        int rank = terms.size();
        if (rank < 1) {
            throw new IllegalArgumentException("a scheme of its " + what + " has no terms");
        }
        long[][] m = new long[3][rank];
        for (int r = 0; r < rank; r++) {
            String[] t = terms.get(r).split(" ");
            if (t.length != 3) {
                throw new IllegalArgumentException("term '" + terms.get(r) + "' is not three hexadecimal masks");
            }
            for (int f = 0; f < 3; f++) {
                m[f][r] = Long.parseUnsignedLong(t[f], 16);
                if (ternary && !Ternary.valid(m[f][r])) {
                    throw new IllegalArgumentException("term '" + terms.get(r) + "' has an entry both +1 and -1");
                }
            }
        }
        return new BitScheme(format, ternary, m[0], m[1], m[2]);
    }
}
