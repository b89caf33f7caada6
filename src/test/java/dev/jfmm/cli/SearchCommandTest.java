package dev.jfmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jfmm search as a user meets it: the summary, one-line errors, and a killed search that loses nothing. */
class SearchCommandTest {

    private static Scheme assertVerifies(Path file) {
        Scheme s = SchemeFiles.read(file);
        Verification v = Verifier.verify(s);
        assertTrue(v.valid(), file + ": " + v.summary());
        return s;
    }

    /** A search's --json line, its raw output and the scheme it wrote, verified. */
    private record Searched(JsonNode json, String out, Scheme scheme) {}

    /** Runs {@code jfmm search ARGS --out OUT --json}, which must succeed. */
    private static Searched search(Path out, String... args) throws IOException {
        List<String> all = new java.util.ArrayList<>(List.of("search"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString(), "--json"));
        SchemeCommandsTest.Run r = SchemeCommandsTest.jfmm(all.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return new Searched(new ObjectMapper().readTree(r.out()), r.out(), assertVerifies(out));
    }

    @Test
    void jsonSummaryDescribesTheVerifiedSchemeWritten(@TempDir Path dir) throws IOException {
        Searched run = search(dir.resolve("s.fmm"), "2x2x3", "--rank", "11", "--threads", "2", "--seed", "4");
        JsonNode json = run.json();
        Scheme s = run.scheme();
        assertEquals(1, run.out().lines().count());
        assertEquals("2x2x3", json.get("format").asText());
        assertEquals(11, json.get("rank").asInt());
        assertEquals(s.rank(), json.get("rank").asInt());
        assertEquals("Z", json.get("field").asText());
        assertEquals(s.nonzeros(), json.get("nonzeros").asInt());
        assertEquals(s.additions().afterCse(), json.get("additions_cse").asInt());
        assertTrue(json.get("flips").asLong() > 0 && json.get("seconds").asDouble() >= 0, run.out());
        assertEquals("produced by: jfmm search 2x2x3 --rank 11 --threads 2 --seed 4", s.comments().get(0));
    }

    @Test
    void fieldZtWalksOverTernaryZAndSaysSo(@TempDir Path dir) throws IOException {
        Searched run = search(dir.resolve("t.fmm"), "2x2x2", "--rank", "7", "--field", "ZT", "--threads",
                "1", "--seed", "2");
        JsonNode json = run.json();
        Scheme s = run.scheme();
        assertEquals(7, s.rank());
        assertEquals(Field.Z, s.field());
        assertEquals("Z", json.get("field").asText());
        assertEquals("ZT", json.get("search_field").asText());
        assertTrue(s.comments().get(1).contains("over Z (ternary)"), s.comments().toString());
        assertEquals("produced by: jfmm search 2x2x2 --rank 7 --field ZT --threads 1 --seed 2", s.comments().get(0));
        assertFalse(json.get("start_over").asBoolean());
        assertEquals(1, json.get("starts").asInt());
    }

    @Test
    void startOverIsRecordedInTheSchemeAndTheSummary(@TempDir Path dir) throws IOException {
        Searched run = search(dir.resolve("o.fmm"), "3x3x3", "--rank", "23", "--field", "ZT", "--start-over",
                "--threads", "2", "--seed", "1");
        assertEquals(23, run.scheme().rank());
        assertTrue(run.json().get("start_over").asBoolean(), run.out());
        assertEquals(1, run.json().get("starts").asInt(), "3x3x3 reaches 23 long before 2^32 flips at one rank");
        assertEquals("produced by: jfmm search 3x3x3 --rank 23 --field ZT --start-over --threads 2 --seed 1",
                run.scheme().comments().get(0));
    }

    @Test
    void symmetryTransposeSearchesInvariantSchemesOverGf2AndSaysSo(@TempDir Path dir) throws IOException {
        Searched run = search(dir.resolve("s.fmm"), "3x3x3", "--rank", "23", "--field", "GF2",
                "--symmetry", "transpose", "--threads", "2", "--seed", "1");
        JsonNode json = run.json();
        Scheme s = run.scheme();
        assertEquals(23, s.rank());
        assertEquals(Field.GF2, s.field());
        assertEquals("transpose", json.get("symmetry").asText());
        assertEquals("produced by: jfmm search 3x3x3 --rank 23 --field GF2 --symmetry transpose --threads 2 --seed 1",
                s.comments().get(0));
        assertTrue(s.comments().get(1).contains("transpose-invariant"), s.comments().toString());
        assertEquals(0, json.get("reset").asLong());
    }

    @Test
    void resetsReachTheTargetOverZAndSaySo(@TempDir Path dir) throws IOException {
        Searched run = search(dir.resolve("r.fmm"), "3x3x3", "--rank", "23", "--field", "ZT",
                "--reset", "200000", "--threads", "2", "--seed", "1");
        JsonNode json = run.json();
        Scheme s = run.scheme();
        assertEquals(23, s.rank());
        assertEquals(Field.Z, s.field());
        assertEquals(200_000, json.get("reset").asLong());
        assertEquals("produced by: jfmm search 3x3x3 --rank 23 --field ZT --reset 200000 --threads 2 --seed 1",
                s.comments().get(0));
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path dir) {
        String out = dir.resolve("x.fmm").toString();
        for (List<String> args : List.of(List.of("search", "2x2", "--out", out), List.of("search", "9x9x9", "--out", out),
                List.of("search", "2x2x2", "--field", "Q", "--out", out),
                List.of("search", "6x6x6", "--field", "ZT", "--out", out),
                List.of("search", "2x2x2", "--field", "ZT", "--from", dir.resolve("missing.fmm").toString(), "--out", out),
                List.of("search", "2x2x2", "--time", "soon", "--out", out),
                List.of("search", "2x2x2", "--polish", "--out", out),
                List.of("search", "2x2x2", "--rank", "7", "--polish-for", "speed", "--out", out),
                List.of("search", "2x2x2", "--resume", "--out", out),
                List.of("search", "2x2x2", "--from", dir.resolve("missing.fmm").toString(), "--out", out),
                List.of("search", "3x4x5", "--field", "GF2", "--symmetry", "transpose", "--out", out),
                List.of("search", "3x3x3", "--symmetry", "transpose", "--out", out),
                List.of("search", "3x3x3", "--field", "GF2", "--symmetry", "cyclic", "--out", out),
                List.of("search", "3x3x3", "--reset", "1000000", "--breadth", "4", "--out", out),
                List.of("search", "3x3x3", "--field", "GF2", "--symmetry", "transpose", "--reset", "1000", "--out", out),
                List.of("search", "3x3x3", "--field", "ZT", "--start-over", "--reset", "1000", "--out", out),
                List.of("search", "3x3x3", "--start-over", "--breadth", "4", "--out", out))) {
            SchemeCommandsTest.Run r = SchemeCommandsTest.jfmm(args.toArray(String[]::new));
            assertEquals(1, r.status(), args + ": " + r.err());
            assertTrue(r.err().startsWith("jfmm: ") && r.err().lines().count() == 1, args + ": " + r.err());
        }
    }

    @Test
    void aPlateauBelowOneFlipIsAUsageError(@TempDir Path dir) {
        Path out = dir.resolve("x.fmm");
        for (String plateau : List.of("0", "-5")) {
            SchemeCommandsTest.Run r = SchemeCommandsTest.jfmm("search", "2x2x2", "--plateau", plateau, "--out", out.toString());
            assertEquals(Main.USAGE, r.status(), plateau + ": " + r.err());
            assertTrue(r.err().startsWith("jfmm: --plateau " + plateau + " must be at least 1 flip"), r.err());
            assertFalse(java.nio.file.Files.exists(out), "nothing is written");
        }
    }

    @Test
    void aNegativeBreadthOrResetOrAWalkShorterThanOneFlipIsAUsageError(@TempDir Path dir) {
        Path out = dir.resolve("x.fmm");
        for (List<String> bad : List.of(List.of("--breadth", "-1"), List.of("--breadth", "4", "--walk-length", "0"),
                List.of("--reset", "-1"))) {
            List<String> args = new java.util.ArrayList<>(List.of("search", "2x2x2", "--out", out.toString()));
            args.addAll(bad);
            SchemeCommandsTest.Run r = SchemeCommandsTest.jfmm(args.toArray(String[]::new));
            assertEquals(Main.USAGE, r.status(), bad + ": " + r.err());
            String option = bad.get(bad.size() - 2) + " " + bad.get(bad.size() - 1);
            assertTrue(r.err().startsWith("jfmm: " + option + " must be "), r.err());
            assertFalse(java.nio.file.Files.exists(out), "nothing is written");
        }
    }

    /**
     * kernels/schemes/SEARCHED lists the catalog schemes jfmm search found, with their commands: every
     * one verifies and records its exact command, and those found within a million flips are rerun and
     * must come out byte for byte (the search is deterministic for a seed and thread count).
     */
    @Test
    void searchedCatalogSchemesRecordTheirCommandAndTheQuickOnesReproduce(@TempDir Path dir) throws IOException {
        Path catalog = Path.of(Catalog.DIRECTORY);
        int rerun = 0;
        int listed = 0;
        for (String line : Files.readAllLines(catalog.resolve("SEARCHED"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            listed++;
            String file = line.substring(0, line.indexOf(':'));
            List<String> args = List.of(line.substring(line.indexOf(':') + 1).strip().split("\\s+"));
            Scheme s = assertVerifies(catalog.resolve(file));
            assertEquals("produced by: jfmm " + String.join(" ", args), s.comments().get(0), file);
            Matcher m = Pattern.compile("after (\\d+) flips").matcher(s.comments().get(1));
            assertTrue(m.find(), file + ": " + s.comments().get(1));
            if (Long.parseLong(m.group(1)) <= 1_000_000) {
                Path out = dir.resolve(file);
                List<String> command = new java.util.ArrayList<>(args);
                command.addAll(List.of("--out", out.toString()));
                SchemeCommandsTest.Run r = SchemeCommandsTest.jfmm(command.toArray(String[]::new));
                assertEquals(0, r.status(), r.err());
                assertEquals(Files.readString(catalog.resolve(file)), Files.readString(out),
                        file + " differs from a rerun of its command");
                rerun++;
            }
        }
        assertTrue(listed >= 10 && rerun >= 3, listed + " listed, " + rerun + " rerun");
    }

    /** Starts a search in a child JVM, waits until it has found something, then ends it. */
    private static Process searchUntilFound(Path out, Path log) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "search",
                "4x4x4", "--field", "GF2", "--threads", "1", "--time", "2m", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()
                && !(Files.exists(log) && Files.readString(log).contains("rank 5"))) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the search ended by itself: " + Files.readString(log));
        return p;
    }

    @Test
    void aSearchEndedByTerminationWritesItsBestAndStateAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("killed.fmm");
        Path log = dir.resolve("log");
        Process p = searchUntilFound(out, log);
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String text = Files.readString(log);
        assertTrue(text.contains("interrupted: best so far"), text);
        Scheme s = assertVerifies(out);
        assertEquals(Field.GF2, s.field());
        assertTrue(s.rank() < 64, s.toString());
        assertTrue(Files.isRegularFile(dir.resolve("killed.fmm.checkpoint")));

        SchemeCommandsTest.Run r = SchemeCommandsTest.jfmm("search", "4x4x4", "--field", "GF2", "--threads", "1",
                "--flips", "200000", "--out", out.toString(), "--resume", "--json");
        assertEquals(0, r.status(), r.err());
        Scheme resumed = assertVerifies(out);
        assertTrue(resumed.rank() <= s.rank());
    }

    @Test
    void aSearchKilledOutrightStillLeavesAVerifiedFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("killed9.fmm");
        Process p = searchUntilFound(out, dir.resolve("log"));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Scheme s = assertVerifies(out);
        assertEquals("<4,4,4;" + s.rank() + "> over GF2", s.toString());
    }
}
