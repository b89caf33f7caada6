package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short searches with fixed seeds; every result is checked by the exact verifier, never by timing. */
class SearchTest {

    /** Collects the notes; ignores progress. */
    static final class Notes implements Search.Listener {
        final List<String> lines = new ArrayList<>();
        /** The walk rank after every round. */
        final List<Integer> walkRanks = new ArrayList<>();

        @Override
        public synchronized void progress(Search.Progress p) {
            walkRanks.add(p.walkRank());
        }

        @Override
        public synchronized void note(String line) {
            lines.add(line);
        }
    }

    static Search.Config config(String format, SearchField field, int rank, long maxFlips, int threads, long seed, Path out) {
        return config(format, field, rank, maxFlips, threads, seed, out, 0);
    }

    static Search.Config config(String format, SearchField field, int rank, long maxFlips, int threads, long seed, Path out,
            long plateau) {
        return new Search.Config(Format.parse(format), field, rank, Duration.ofMinutes(2), maxFlips, threads, seed, null,
                false, out, false, "jfmm search " + format + " (test)", plateau);
    }

    static Search.Config breadthFirst(String format, SearchField field, int rank, long maxFlips, int threads, long seed,
            Path out, int breadth, long walkLength, boolean resume) {
        return new Search.Config(Format.parse(format), field, rank, Duration.ofMinutes(2), maxFlips, threads, seed, null,
                false, out, resume, "jfmm search " + format + " --breadth (test)", 0, breadth, walkLength);
    }

    /** A search over Z walking on ternary coefficients (--field ZT). */
    static Search.Config ternary(String format, int rank, long maxFlips, int threads, long seed, Path out, boolean resume) {
        return new Search.Config(Format.parse(format), SearchField.ZT, rank, Duration.ofMinutes(2), maxFlips, threads, seed,
                null, false, out, resume, "jfmm search " + format + " --field ZT (test)", 700, 0, 0);
    }

    /** A search over GF(2) walking on transpose-invariant schemes only (--symmetry transpose). */
    static Search.Config symmetric(String format, SearchField field, int rank, long maxFlips, long seed, Path out,
            boolean resume, Scheme from, int breadth) {
        return new Search.Config(Format.parse(format), field, rank, Duration.ofMinutes(2), maxFlips, 2, seed, from, false,
                out, resume, "jfmm search " + format + " --symmetry transpose (test)", 0, breadth, 0,
                SearchSymmetry.TRANSPOSE);
    }

    private static Scheme assertVerified(Search.Result r, Path out, Field field, int rank) {
        Scheme written = SchemeFiles.read(out);
        Verification v = Verifier.verify(written);
        assertTrue(v.valid(), v.summary());
        assertEquals(field, written.field());
        assertEquals(rank, written.rank());
        assertEquals(r.scheme(), written);
        return written;
    }

    @Test
    void findsStrassensRankForTwoByTwoOverZ(@TempDir Path dir) {
        for (int threads : new int[] {1, 2}) {
            for (long seed : new long[] {1, 2, 3}) {
                Path out = dir.resolve("s" + threads + "_" + seed + ".fmm");
                Search.Result r = new Search(config("2x2x2", SearchField.Z, 7, 0, threads, seed, out), new Notes()).run();
                assertEquals("rank reached", r.stoppedBy());
                assertTrue(r.targetReached());
                Scheme s = assertVerified(r, out, Field.Z, 7);
                assertTrue(s.comments().get(0).startsWith("produced by: jfmm search 2x2x2"), s.comments().toString());
            }
        }
    }

    @Test
    void findsRankElevenForTwoByTwoByThreeOverZAndGf2(@TempDir Path dir) {
        for (long seed : new long[] {1, 7}) {
            Path z = dir.resolve("z" + seed + ".fmm");
            assertVerified(new Search(config("2x2x3", SearchField.Z, 11, 0, 2, seed, z), new Notes()).run(), z, Field.Z, 11);
            Path gf2 = dir.resolve("g" + seed + ".fmm");
            assertVerified(new Search(config("2x2x3", SearchField.GF2, 11, 0, 2, seed, gf2), new Notes()).run(), gf2,
                    Field.GF2, 11);
        }
    }

    /** The ternary walk reaches Strassen's rank and <2,2,3;11> with coefficients in {-1, 0, 1}, no lifting. */
    @Test
    void ternaryWalksReachRankSevenAndElevenOverZ(@TempDir Path dir) {
        for (int threads : new int[] {1, 2}) {
            for (long seed : new long[] {1, 2, 3}) {
                for (String[] formatRank : new String[][] {{"2x2x2", "7"}, {"2x2x3", "11"}}) {
                    Path out = dir.resolve(formatRank[0] + "_" + threads + "_" + seed + ".fmm");
                    int rank = Integer.parseInt(formatRank[1]);
                    Search.Result r = new Search(ternary(formatRank[0], rank, 0, threads, seed, out, false), new Notes())
                            .run();
                    assertEquals("rank reached", r.stoppedBy());
                    Scheme s = assertVerified(r, out, Field.Z, rank);
                    assertCoefficientsAreSigns(s);
                    assertTrue(s.comments().get(1).contains("over Z (ternary)"), s.comments().toString());
                    assertTrue(s.comments().stream().noneMatch(c -> c.contains("Hensel")), s.comments().toString());
                }
            }
        }
    }

    private static void assertCoefficientsAreSigns(Scheme s) {
        for (dev.jfmm.scheme.Factor f : dev.jfmm.scheme.Factor.values()) {
            for (dev.jfmm.scheme.Rational[] row : s.factor(f)) {
                for (dev.jfmm.scheme.Rational c : row) {
                    assertTrue(c.isZero() || c.equals(dev.jfmm.scheme.Rational.ONE)
                            || c.equals(dev.jfmm.scheme.Rational.MINUS_ONE), "coefficient " + c);
                }
            }
        }
    }

    @Test
    void ternaryWalksAreRepeatableAndResumeExactly(@TempDir Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole.fmm");
        Search.Result once = new Search(ternary("3x3x4", 0, 1_500_000, 2, 9, whole, false), new Notes()).run();
        Path again = dir.resolve("again.fmm");
        Search.Result twice = new Search(ternary("3x3x4", 0, 1_500_000, 2, 9, again, false), new Notes()).run();
        assertEquals(once.scheme(), twice.scheme());
        Path split = dir.resolve("split.fmm");
        Search.Result first = new Search(ternary("3x3x4", 0, 500_000, 2, 9, split, false), new Notes()).run();
        assertEquals("flips", first.stoppedBy());
        assertTrue(Files.readString(dir.resolve("split.fmm.checkpoint")).contains("\"ternary\" : true"));
        Search.Result second = new Search(ternary("3x3x4", 0, 1_500_000, 2, 9, split, true), new Notes()).run();
        assertEquals(once.rounds(), second.rounds());
        assertCoefficientsAreSigns(assertResumedAsOneRun(once, whole, second, split, Field.Z));
        Search.Config overGf2Lifted = new Search.Config(Format.parse("3x3x4"), SearchField.Z, 0, null, 0, 2, 9, null, false,
                split, true, "", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Search(overGf2Lifted, new Notes()));
        assertTrue(e.getMessage().contains("over ZT"), e.getMessage());
    }

    @Test
    void sameSeedAndThreadsGiveTheSameSchemeOtherSeedsAnother(@TempDir Path dir) {
        List<Scheme> found = new ArrayList<>();
        for (long seed : new long[] {5, 5, 6}) {
            Path out = dir.resolve("d" + found.size() + ".fmm");
            Search.Result r = new Search(config("3x3x3", SearchField.Z, 23, 0, 2, seed, out), new Notes()).run();
            found.add(assertVerified(r, out, Field.Z, 23));
        }
        assertEquals(found.get(0), found.get(1));
        assertNotEquals(found.get(0), found.get(2));
    }

    /**
     * A search stopped by its flip budget and resumed ends exactly where one uninterrupted run ends; the
     * plateau length (not the default here) comes back from the checkpoint.
     */
    @Test
    void resumingContinuesExactlyWhereTheSearchStopped(@TempDir Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole.fmm");
        Search.Result once = new Search(config("3x3x4", SearchField.Z, 0, 1_500_000, 2, 9, whole, 700), new Notes()).run();
        Path split = dir.resolve("split.fmm");
        Search.Result first = new Search(config("3x3x4", SearchField.Z, 0, 500_000, 2, 9, split, 700), new Notes()).run();
        assertEquals("flips", first.stoppedBy());
        assertTrue(Files.isRegularFile(dir.resolve("split.fmm.checkpoint")));
        Search.Config resume = new Search.Config(Format.parse("3x3x4"), SearchField.Z, 0, Duration.ofMinutes(2),
                1_500_000, 2, 9, null, false, split, true, "jfmm search 3x3x4 (test)", 0);
        Search.Result second = new Search(resume, new Notes()).run();
        assertEquals(once.rounds(), second.rounds());
        assertResumedAsOneRun(once, whole, second, split, Field.Z);
    }

    /**
     * The resumed run ended as the uninterrupted one did: the same flips, lowest walk rank and scheme
     * (verified, below the classical rank of 3x3x4), and the same final state but for the clock.
     */
    private static Scheme assertResumedAsOneRun(Search.Result once, Path whole, Search.Result resumed, Path split,
            Field field) throws java.io.IOException {
        assertEquals(once.flips(), resumed.flips());
        assertEquals(once.walkRank(), resumed.walkRank());
        assertEquals(once.scheme(), resumed.scheme());
        assertTrue(once.scheme().rank() < 36);
        Scheme written = assertVerified(resumed, split, field, once.scheme().rank());
        assertEquals(stateWithoutClock(Checkpoint.beside(whole)), stateWithoutClock(Checkpoint.beside(split)),
                "the two runs' final states differ");
        return written;
    }

    /** A symmetric search reaches Laderman's rank over GF(2) with an invariant scheme, the same one for the same seed. */
    @Test
    void symmetricSearchReachesTheTargetRepeatably(@TempDir Path dir) {
        List<Scheme> found = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("s" + k + ".fmm");
            Search.Result r = new Search(symmetric("3x3x3", SearchField.GF2, 23, 0, 1, out, false, null, 0),
                    new Notes()).run();
            assertEquals("rank reached", r.stoppedBy());
            Scheme s = assertVerified(r, out, Field.GF2, 23);
            assertTrue(SymmetricWalk.invariant(BitScheme.of(s)), "not transpose-invariant");
            assertTrue(s.comments().get(1).contains("transpose-invariant"), s.comments().toString());
            found.add(s);
        }
        assertEquals(found.get(0), found.get(1));
    }

    /** A symmetric search stopped by its flip budget and resumed ends as one uninterrupted run does. */
    @Test
    void symmetricSearchResumesExactly(@TempDir Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole.fmm");
        Search.Result once = new Search(symmetric("3x3x3", SearchField.GF2, 0, 3_000_000, 4, whole, false, null, 0),
                new Notes()).run();
        Path split = dir.resolve("split.fmm");
        Search.Result first = new Search(symmetric("3x3x3", SearchField.GF2, 0, 1_000_000, 4, split, false, null, 0),
                new Notes()).run();
        assertEquals("flips", first.stoppedBy());
        assertTrue(Files.readString(Checkpoint.beside(split)).contains("\"symmetry\" : \"transpose\""));
        Search.Result second = new Search(symmetric("3x3x3", SearchField.GF2, 0, 3_000_000, 4, split, true, null, 0),
                new Notes()).run();
        assertEquals(once.rounds(), second.rounds());
        Scheme s = assertResumedAsOneRun(once, whole, second, split, Field.GF2);
        assertTrue(SymmetricWalk.invariant(BitScheme.of(s)));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode v6 =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Checkpoint.beside(split).toFile());
        v6.put("version", 6).remove(List.of("reset", "recent"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) v6.get("tracks")).forEach(
                t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t).remove("stall"));
        Path version6 = dir.resolve("version6.checkpoint");
        Files.writeString(version6, json.writeValueAsString(v6));
        Checkpoint c = Checkpoint.read(version6);
        assertEquals(0, c.reset(), "version 6 had no resets");
        assertEquals(Checkpoint.read(Checkpoint.beside(split)).tracks(), c.tracks());
    }

    /** A ternary search whose walks reset when they stall (--reset). */
    static Search.Config resetting(String format, int rank, long maxFlips, long seed, Path out, boolean resume,
            long reset) {
        return new Search.Config(Format.parse(format), SearchField.ZT, rank, Duration.ofMinutes(2), maxFlips, 2, seed,
                null, false, out, resume, "jfmm search " + format + " --field ZT --reset (test)", 700, 0, 0,
                SearchSymmetry.NONE, reset);
    }

    /**
     * Walks that reset reach Laderman's rank over Z, the same scheme for the same seed; stopped by the flip
     * budget and resumed, a search ends as one uninterrupted run does.
     */
    @Test
    void resettingWalksReachTheTargetRepeatablyAndResumeExactly(@TempDir Path dir) throws java.io.IOException {
        List<Scheme> found = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("r" + k + ".fmm");
            Search.Result r = new Search(resetting("3x3x3", 23, 0, 3, out, false, 200_000), new Notes()).run();
            assertEquals("rank reached", r.stoppedBy());
            assertCoefficientsAreSigns(assertVerified(r, out, Field.Z, 23));
            found.add(r.scheme());
        }
        assertEquals(found.get(0), found.get(1));
        Path whole = dir.resolve("whole.fmm");
        Search.Result once = new Search(resetting("3x3x4", 0, 1_500_000, 9, whole, false, 20_000), new Notes()).run();
        Path split = dir.resolve("split.fmm");
        Search.Result first = new Search(resetting("3x3x4", 0, 500_000, 9, split, false, 20_000), new Notes()).run();
        assertEquals("flips", first.stoppedBy());
        Checkpoint stopped = Checkpoint.read(Checkpoint.beside(split));
        assertEquals(20_000, stopped.reset());
        assertTrue(stopped.tracks().stream().anyMatch(t -> t.walk() >= 2), "no walk reset: " + stopped.tracks());
        assertTrue(!stopped.recent().isEmpty() && stopped.recent().getLast().rank() == stopped.pool().getFirst().rank(),
                "the latest new lowest scheme is the last to reset to");
        Search.Result second = new Search(resetting("3x3x4", 0, 1_500_000, 9, split, true, 20_000), new Notes()).run();
        assertEquals(once.rounds(), second.rounds());
        assertCoefficientsAreSigns(assertResumedAsOneRun(once, whole, second, split, Field.Z));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Search(
                new Search.Config(Format.parse("3x3x3"), SearchField.ZT, 0, null, 1000, 1, 1, null, false,
                        dir.resolve("b.fmm"), false, "", 0, 4, 0, SearchSymmetry.NONE, 1000), new Notes()));
        assertTrue(e.getMessage().contains("--breadth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Search(
                new Search.Config(Format.parse("3x3x3"), SearchField.GF2, 0, null, 1000, 1, 1, null, false,
                        dir.resolve("b.fmm"), false, "", 0, 0, 0, SearchSymmetry.TRANSPOSE, 1000), new Notes()));
        assertTrue(e.getMessage().contains("--reset"), e.getMessage());
    }

    /** A ternary search from the pool that starts over when it stalls for {@code floor} flips (0: never). */
    static Search.Config startingOver(String format, long maxFlips, Path out, boolean resume, long floor) {
        return new Search.Config(Format.parse(format), SearchField.ZT, 0, Duration.ofMinutes(2), maxFlips, 2, 5, null,
                false, out, resume, "jfmm search " + format + " --field ZT --start-over (test)", 700, 0, 0,
                SearchSymmetry.NONE, 0, floor);
    }

    /**
     * A search with no target rank that starts over gives its stalled pool up for the classical algorithm again
     * (the walk rank goes back up, then down), keeps the best scheme, and resumed ends as one run does.
     */
    @Test
    void aStalledSearchStartsOverKeepsItsBestAndResumesExactly(@TempDir Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole.fmm");
        Notes notes = new Notes();
        Search.Result once = new Search(startingOver("2x3x3", 4_000_000, whole, false, 200_000), notes).run();
        List<String> startsOver = notes.lines.stream().filter(l -> l.contains("starting over")).toList();
        assertTrue(startsOver.size() >= 2, notes.lines.toString());
        assertTrue(notes.lines.stream().anyMatch(l -> l.startsWith("start 2: rank ")), "new ranks say which start: " + notes.lines);
        int classical = 18;
        List<Integer> ranks = notes.walkRanks;
        int up = 1;
        while (up < ranks.size() && ranks.get(up) <= ranks.get(up - 1)) {
            up++;
        }
        assertTrue(up < ranks.size() && ranks.get(up) == classical && ranks.subList(up, ranks.size()).stream()
                .anyMatch(r -> r < classical), "the pool went back to the classical algorithm and down: " + ranks);
        assertTrue(once.walkRank() <= once.scheme().rank() && once.scheme().rank() < classical, once.toString());
        assertTrue(notes.walkRanks.stream().allMatch(r -> r >= once.walkRank()), "the lowest rank is kept");
        Checkpoint c = Checkpoint.read(Checkpoint.beside(whole));
        assertEquals(startsOver.size() + 1, c.epoch().number());
        assertEquals(200_000, c.epoch().floor());
        Path split = dir.resolve("split.fmm");
        Search.Result first = new Search(startingOver("2x3x3", 1_500_000, split, false, 200_000), new Notes()).run();
        assertEquals("flips", first.stoppedBy());
        Search.Result second = new Search(startingOver("2x3x3", 4_000_000, split, true, 200_000), new Notes()).run();
        assertEquals(once.rounds(), second.rounds());
        assertCoefficientsAreSigns(assertResumedAsOneRun(once, whole, second, split, Field.Z));
        Search.Result never = new Search(startingOver("2x3x3", 4_000_000, dir.resolve("never.fmm"), false, 0),
                new Notes()).run();
        assertNull(Checkpoint.read(Checkpoint.beside(dir.resolve("never.fmm"))).epoch());
        assertTrue(never.walkRank() < classical);
        for (Search.Config bad : List.of(
                new Search.Config(Format.parse("3x3x3"), SearchField.ZT, 0, null, 1000, 1, 1, null, false,
                        dir.resolve("b.fmm"), false, "", 0, 4, 0, SearchSymmetry.NONE, 0, 1000),
                new Search.Config(Format.parse("3x3x3"), SearchField.ZT, 0, null, 1000, 1, 1, null, false,
                        dir.resolve("b.fmm"), false, "", 0, 0, 0, SearchSymmetry.NONE, 1000, 1000),
                new Search.Config(Format.parse("3x3x3"), SearchField.GF2, 0, null, 1000, 1, 1, null, false,
                        dir.resolve("b.fmm"), false, "", 0, 0, 0, SearchSymmetry.TRANSPOSE, 0, 1000),
                new Search.Config(Format.parse("3x3x3"), SearchField.ZT, 0, null, 1000, 1, 1, null, false,
                        dir.resolve("b.fmm"), false, "", 0, 0, 0, SearchSymmetry.NONE, 0, -1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Search(bad, new Notes()));
            assertTrue(e.getMessage().contains("start"), e.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("b.fmm")), "nothing is written");
    }

    /** A symmetric search refuses formats, fields, start schemes and options it cannot walk, writing nothing. */
    @Test
    void symmetricSearchRefusesWhatItCannotWalk(@TempDir Path dir) {
        Path out = dir.resolve("x.fmm");
        FlipWalk w = new FlipWalk(BitScheme.classical(Format.parse("2x2x2")), 10, new Rng(3));
        BitScheme flipped = w.snapshot();
        while (SymmetricWalk.invariant(flipped)) {
            w.flip();
            flipped = w.snapshot();
        }
        Scheme notInvariant = flipped.toScheme(List.of());
        for (var bad : List.of(
                List.of(symmetric("3x4x5", SearchField.GF2, 0, 1000, 1, out, false, null, 0), "n x m x n"),
                List.of(symmetric("3x3x3", SearchField.Z, 0, 1000, 1, out, false, null, 0), "GF2 only"),
                List.of(symmetric("2x2x2", SearchField.GF2, 0, 1000, 1, out, false, notInvariant, 0), "not invariant"),
                List.of(symmetric("3x3x3", SearchField.GF2, 0, 1000, 1, out, false, null, 4), "--breadth"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Search((Search.Config) bad.get(0), new Notes()));
            assertTrue(e.getMessage().contains((String) bad.get(1)), e.getMessage());
        }
        assertTrue(Files.notExists(out) && Files.notExists(Checkpoint.beside(out)), "nothing is written");
    }

    /** Everything a resumed search continues from survives the file, including a grace period under way. */
    @Test
    void checkpointKeepsTheWholeStateAndRejectsDamage(@TempDir Path dir) throws java.io.IOException {
        Path out = dir.resolve("s.fmm");
        BitScheme classical = BitScheme.of(dev.jfmm.scheme.SchemeAlgebra.classical(Format.parse("2x3x4")));
        BitScheme lower = Walker.descend(List.of(classical), 3, 100_000, 10_000, 2,
                new Walker.Params(0, true, 5_000, 2, 0, 0, false)).found().get(0);
        Checkpoint written = new Checkpoint(Format.parse("2x3x4"), SearchField.Z, 42, 2, 17, 123_456_789L, 5_000, 31,
                20_000, List.of(classical, classical.sorted()), 16, 300_000, List.of(lower), 77_777, 1_234);
        written.write(out);
        Checkpoint read = Checkpoint.read(Checkpoint.beside(out));
        assertEquals(written.format(), read.format());
        assertEquals(SearchField.Z, read.field());
        assertEquals(List.of(42L, 2L, 17L, 123_456_789L, 5_000L, 31L),
                List.of(read.seed(), (long) read.walkers(), (long) read.round(), read.flips(), read.millis(),
                        (long) read.graceUntil()));
        assertEquals(20_000, read.plateau());
        assertEquals(written.pool(), read.pool());
        assertEquals(List.of(16L, 300_000L, 77_777L, 1_234L),
                List.of((long) read.breadth(), read.walkLength(), read.levelFlips(), read.firstFoundAt()));
        assertEquals(written.next(), read.next());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode stored =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Checkpoint.beside(out).toFile());
        stored.put("version", 3).remove(List.of("breadth", "walkLength", "next", "levelFlips", "firstFoundAt"));
        String depthFirst = json.writerWithDefaultPrettyPrinter().writeValueAsString(stored);
        Path version3 = dir.resolve("version3.checkpoint");
        Files.writeString(version3, depthFirst);
        Checkpoint v3 = Checkpoint.read(version3);
        assertEquals(List.of(0L, -1L, 0L), List.of((long) v3.breadth(), v3.firstFoundAt(), (long) v3.next().size()),
                "a version-3 state walked depth first");
        assertEquals(written.pool(), v3.pool());
        Path version2 = dir.resolve("version2.checkpoint");
        stored.put("version", 2).remove("plateau");
        Files.writeString(version2, json.writeValueAsString(stored));
        assertEquals(Search.PLATEAU, Checkpoint.read(version2).plateau(), "a version-2 state walked with the default plateau");
        Path version4 = dir.resolve("version4.checkpoint");
        com.fasterxml.jackson.databind.node.ObjectNode gf2Only =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Checkpoint.beside(out).toFile());
        gf2Only.put("version", 4).remove("ternary");
        Files.writeString(version4, json.writeValueAsString(gf2Only));
        Checkpoint v4 = Checkpoint.read(version4);
        assertEquals(SearchField.Z, v4.field(), "a version-4 state walked over GF(2), lifting to Z");
        assertEquals(written.pool(), v4.pool());
        assertEquals(written.next(), v4.next());
        Path version5 = dir.resolve("version5.checkpoint");
        com.fasterxml.jackson.databind.node.ObjectNode allSchemes =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Checkpoint.beside(out).toFile());
        allSchemes.put("version", 5).remove(List.of("symmetry", "restartFrom", "tracks", "reset", "recent"));
        Files.writeString(version5, json.writeValueAsString(allSchemes));
        Checkpoint v5 = Checkpoint.read(version5);
        assertEquals(SearchSymmetry.NONE, v5.symmetry(), "a version-5 state walked over all schemes");
        assertEquals(written.pool(), v5.pool());
        Path damaged = dir.resolve("damaged.checkpoint");
        Files.writeString(damaged, Files.readString(Checkpoint.beside(out)).replace("\"round\"", "\"rownd\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(damaged));
        assertTrue(e.getMessage().contains("damaged.checkpoint is damaged"), e.getMessage());
    }

    /** A ternary walk's pool survives the file; a factor with an entry both +1 and -1 is damage. */
    @Test
    void checkpointKeepsATernaryPool(@TempDir Path dir) throws java.io.IOException {
        Path out = dir.resolve("t.fmm");
        BitScheme classical = BitScheme.ternary(dev.jfmm.scheme.SchemeAlgebra.classical(Format.parse("2x3x4")));
        FlipWalk w = new FlipWalk(classical, 30, new Rng(4));
        for (int k = 0; k < 5_000; k++) {
            w.flip();
        }
        BitScheme walked = w.snapshot();
        Checkpoint written = new Checkpoint(Format.parse("2x3x4"), SearchField.ZT, 42, 1, 17, 5, 9, -1, 5_000,
                List.of(walked, classical), 0, 1_000, List.<BitScheme>of(), 0, -1);
        written.write(out);
        String text = Files.readString(Checkpoint.beside(out));
        assertTrue(text.contains("\"field\" : \"Z\",") && text.contains("\"ternary\" : true,"), text);
        Checkpoint read = Checkpoint.read(Checkpoint.beside(out));
        assertEquals(SearchField.ZT, read.field());
        assertEquals(written.pool(), read.pool());
        Path damaged = dir.resolve("damaged.checkpoint");
        String term = Long.toHexString(walked.factor(0, 0));
        Files.writeString(damaged, Files.readString(Checkpoint.beside(out)).replaceFirst("\"" + term + " ",
                "\"" + Long.toHexString(Ternary.pack(1, 1)) + " "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(damaged)).getMessage()
                .contains("both +1 and -1"));
    }

    /** The state file minus the line naming the output file and the time searched. */
    private static List<String> stateWithoutClock(Path file) throws java.io.IOException {
        return Files.readString(file).lines()
                .filter(l -> !l.contains("\"resume\"") && !l.contains("\"millis\"")).toList();
    }

    /** Breadth-first descent reaches Laderman's rank over Z, the same scheme for the same seed. */
    @Test
    void breadthFirstDescentReachesTheTargetRepeatably(@TempDir Path dir) {
        List<Scheme> found = new ArrayList<>();
        for (long seed : new long[] {2, 2}) {
            Path out = dir.resolve("b" + found.size() + ".fmm");
            Search.Result r = new Search(breadthFirst("3x3x3", SearchField.Z, 23, 0, 1, seed, out, 8, 200_000, false),
                    new Notes()).run();
            assertEquals("rank reached", r.stoppedBy());
            found.add(assertVerified(r, out, Field.Z, 23));
        }
        assertEquals(found.get(0), found.get(1));
    }

    /** A breadth-first search resumed from its checkpoint (schemes of the next rank included) ends as one run does. */
    @Test
    void resumingABreadthFirstSearchContinuesExactly(@TempDir Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole.fmm");
        Search.Result once = new Search(breadthFirst("3x3x4", SearchField.GF2, 0, 3_000_000, 2, 4, whole, 6, 50_000, false),
                new Notes()).run();
        Path split = dir.resolve("split.fmm");
        Search.Result first = new Search(breadthFirst("3x3x4", SearchField.GF2, 0, 1_000_000, 2, 4, split, 6, 50_000, false),
                new Notes()).run();
        assertEquals("flips", first.stoppedBy());
        Search.Result second = new Search(breadthFirst("3x3x4", SearchField.GF2, 0, 3_000_000, 2, 4, split, 0, 0, true),
                new Notes()).run();
        assertResumedAsOneRun(once, whole, second, split, Field.GF2);
    }

    @Test
    void polishingAtTheTargetRankLowersTheAdditions(@TempDir Path dir) {
        Path out = dir.resolve("p.fmm");
        Search.Config c = new Search.Config(Format.parse("2x2x2"), SearchField.Z, 7, null, 20_000_000, 2, 1, null, true,
                out, false, "jfmm search 2x2x2 --polish (test)", 0);
        Search.Result r = new Search(c, new Notes()).run();
        Scheme s = assertVerified(r, out, Field.Z, 7);
        // Winograd's variant of Strassen: 15 additions; the greedy CSE count of Strassen's own is 18.
        assertEquals(15, s.additions().afterCse());
    }

    @Test
    void polishingForNonzerosReachesStrassensCount(@TempDir Path dir) {
        Path out = dir.resolve("n.fmm");
        Search.Config c = new Search.Config(Format.parse("2x2x2"), SearchField.Z, 7, null, 20_000_000, 2, 1, null, true,
                out, false, "jfmm search 2x2x2 --polish-for nonzeros (test)", 0, 0, 0, SearchSymmetry.NONE, 0, 0,
                Search.PolishGoal.NONZEROS);
        Scheme s = assertVerified(new Search(c, new Notes()).run(), out, Field.Z, 7);
        // Strassen's own form: 12 nonzeros in each of U, V and W (18 additions); Winograd's, which the additions
        // goal finds, has 14 in each but 15 additions after CSE.
        assertEquals(36, s.nonzeros());
        assertEquals(18, s.additions().straightforward());
    }

    @Test
    void polishingATernaryWalkKeepsItsSignsAndLowersTheAdditions(@TempDir Path dir) {
        Path out = dir.resolve("tp.fmm");
        Search.Config c = new Search.Config(Format.parse("2x2x2"), SearchField.ZT, 7, null, 20_000_000, 2, 1, null, true,
                out, false, "jfmm search 2x2x2 --field ZT --polish (test)", 0, 0, 0);
        Scheme s = assertVerified(new Search(c, new Notes()).run(), out, Field.Z, 7);
        assertCoefficientsAreSigns(s);
        assertEquals(15, s.additions().afterCse(), "Winograd's count");
    }

    @Test
    void badRequestsAreRefusedWithAReason(@TempDir Path dir) {
        Path out = dir.resolve("x.fmm");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchField.parse("Q")).getMessage()
                .contains("GF2"), "no search over Q");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Search(config("9x8x9", SearchField.Z, 0, 1, 1, 1, out), new Notes())).getMessage()
                .contains("at most 64 entries"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Search(config("2x2x2", SearchField.Z, 0, 1, 1, 1, out, -5), new Notes())).getMessage()
                .contains("plateau"));
        Search.Config resume = new Search.Config(Format.parse("2x2x2"), SearchField.Z, 7, null, 0, 1, 1, null, false, out,
                true, "", 0);
        assertThrows(RuntimeException.class, () -> new Search(resume, new Notes()));
    }
}
