package dev.jfmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jfmm bench through Main: a row per configuration, one fastest, JSON that parses, usage errors. */
class BenchCommandTest {

    @Test
    void defaultSchemesAreTheCatalogOnesThatDivideTheShape(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/bench.json");
        CliTest.Outcome o = CliTest.run("bench", "--m", "32", "--n", "32", "--k", "16", "--threads", "1", "--runs", "1",
                "--levels", "1", "--json", json.toString());
        assertEquals(0, o.status(), o.err());
        List<String> expected = new ArrayList<>();
        for (Catalog.Entry e : Catalog.load()) {
            Format f = e.scheme().format();
            if (e.scheme().field() != Field.GF2 && 32 % f.n() == 0 && 16 % f.m() == 0 && 32 % f.p() == 0) {
                expected.add(e.file());
            }
        }
        assertTrue(expected.contains("strassen_2x2x2_r7_Z.fmm") && !expected.contains("strassen_4x4x6_r77_Z.fmm"));
        List<String> rows = o.out().lines().skip(2).toList();
        assertEquals(expected.size() + 1, rows.size(), o.out());
        assertTrue(rows.get(0).startsWith("classical "), o.out());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(rows.get(i + 1).startsWith(expected.get(i) + " "), rows.get(i + 1));
        }
        assertEquals(1, rows.stream().filter(r -> r.contains("<- fastest")).count(), o.out());
        // classical's warm-up, each configuration's, and the one round
        assertEquals(expected.size() + 2, o.err().lines().filter(l -> l.startsWith("jfmm bench: ")).count(), o.err());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(32, report.get("m").asInt());
        assertEquals(16, report.get("k").asInt());
        JsonNode jsonRows = report.get("rows");
        assertEquals(expected.size() + 1, jsonRows.size());
        int fastest = 0;
        double best = 0;
        for (JsonNode row : jsonRows) {
            fastest += row.get("fastest").asBoolean() ? 1 : 0;
            best = Math.max(best, row.get("speedup").asDouble());
            double error = row.get("maxError").asDouble();
            // the yardstick multiply uses: k eps times the scheme's growth
            assertTrue(error > 0 && error <= row.get("growth").asDouble() * 16 * Precision.DOUBLE.eps, row.toString());
            assertTrue(row.get("gflops").asDouble() > 0, row.toString());
        }
        assertEquals(1, fastest);
        int roundsFastest = 0;
        for (JsonNode row : jsonRows) {
            roundsFastest += row.get("roundsFastest").asInt(); // null (0) for classical
        }
        assertEquals(1, roundsFastest, "one round, one fastest configuration in it: " + jsonRows);
        for (JsonNode row : jsonRows) {
            assertEquals(row.get("speedup").asDouble() == best, row.get("fastest").asBoolean(), jsonRows.toString());
        }
        JsonNode classical = jsonRows.get(0);
        assertEquals("classical", classical.get("scheme").asText());
        assertEquals(1.0, classical.get("speedup").asDouble());
        assertEquals(1.0, classical.get("errorRatio").asDouble());
        JsonNode strassen = jsonRows.get(1 + expected.indexOf("strassen_2x2x2_r7_Z.fmm"));
        assertEquals(7, strassen.get("rank").asInt());
        assertEquals(18, strassen.get("additions").asInt());
        assertEquals(6.0, strassen.get("growth").asDouble());
        assertEquals(strassen.get("maxError").asDouble() / classical.get("maxError").asDouble(),
                strassen.get("errorRatio").asDouble(), 1e-12);
        assertTrue(strassen.get("backend").asText().startsWith("fast(2x2x2;7"), strassen.toString());
    }

    @Test
    void namedSchemesRunAtEveryLevelAskedFor() {
        CliTest.Outcome o = CliTest.run("bench", "--size", "40", "--threads", "2", "--runs", "2", "--precision", "float",
                "--schemes", "strassen_2x2x2_r7_Z,classical,kernels/schemes/search_2x2x3_r11_Z.fmm",
                "--levels", "1,2", "--strategy", "write-once");
        assertEquals(0, o.status(), o.err());
        List<String> rows = o.out().lines().skip(2).toList();
        assertTrue(o.out().startsWith("40 x 40 x 40 float, 2 threads"), o.out());
        assertEquals(5, rows.size(), o.out());
        assertTrue(rows.get(1).matches("strassen_2x2x2_r7_Z +1 +write-once +dfs +7 +18 +18 +6 .*"), rows.get(1));
        assertTrue(rows.get(2).matches("strassen_2x2x2_r7_Z +2 +write-once +dfs +7 +18 +18 +36 .*"), rows.get(2));
        assertTrue(rows.get(4).matches("kernels/schemes/search_2x2x3_r11_Z.fmm +2 +write-once +dfs +11 .*"), rows.get(4));
        assertTrue(rows.get(0).matches("classical .* 1\\.000x +- .*"), rows.get(0));
        int roundsFastest = 0;
        for (String row : rows.subList(1, rows.size())) { // "best in" is k/2: the two rounds' fastest rows
            var best = java.util.regex.Pattern.compile(" (\\d)/2( |$)").matcher(row);
            assertTrue(best.find(), row);
            roundsFastest += Integer.parseInt(best.group(1));
        }
        assertEquals(2, roundsFastest, o.out());
        assertTrue(o.err().contains("jfmm bench: round 2 of 2"), o.err());
        assertFalse(o.out().contains("(ran "), o.out()); // every level ran: the default cutoff is 1
    }

    /** Every strategy, listed in one --strategy: a row each, in the order given, after classical. */
    @Test
    void everyStrategyNameRunsAndNamesItsRow() {
        List<String> names = java.util.stream.Stream.of(FastGemm.Strategy.values()).map(FastGemm.Strategy::cliName).toList();
        CliTest.Outcome o = CliTest.run("bench", "--size", "36", "--threads", "1", "--runs", "1",
                "--schemes", "winograd_2x2x2_r7_Z", "--levels", "1", "--strategy", String.join(",", names));
        assertEquals(0, o.status(), o.err());
        List<String> rows = o.out().lines().skip(2).toList();
        assertEquals(1 + names.size(), rows.size(), o.out());
        for (int i = 0; i < names.size(); i++) {
            String mode = names.get(i).startsWith("fused") ? "hybrid" : "dfs"; // each strategy's default
            assertTrue(rows.get(1 + i).matches("winograd_2x2x2_r7_Z +1 +" + names.get(i) + " +" + mode + " +7 +24 +15 .*"),
                    o.out());
        }
        assertFalse(o.out().contains("(ran "), o.out());
    }

    /** Each parallelism is a row of its own, and every row has the same error: the same bits. */
    @Test
    void everyParallelismRunsAndNamesItsRow() {
        CliTest.Outcome o = CliTest.run("bench", "--size", "72", "--threads", "2", "--runs", "1",
                "--schemes", "strassen_2x2x2_r7_Z", "--levels", "2", "--parallel", "dfs,bfs,hybrid");
        assertEquals(0, o.status(), o.err());
        List<String> rows = o.out().lines().skip(2).toList();
        assertEquals(4, rows.size(), o.out());
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String mode = List.of("dfs", "bfs", "hybrid").get(i);
            assertTrue(rows.get(1 + i).matches("strassen_2x2x2_r7_Z +2 +fused +" + mode + " +7 +18 +18 +36 .*"), o.out());
            errors.add(rows.get(1 + i).split(" +")[8]);
        }
        assertEquals(1, errors.stream().distinct().count(), o.out());
        assertFalse(o.out().contains("(ran "), o.out());
    }

    /** Two levels of <4,4,6> multiply out to 16x16x36, past what fused takes: by default the row runs write-once. */
    @Test
    void whereFusedCannotRunTheDefaultFallsBackToWriteOnceAndSaysSo() {
        CliTest.Outcome o = CliTest.run("bench", "--m", "32", "--k", "32", "--n", "72", "--threads", "1", "--runs", "1",
                "--schemes", "strassen_4x4x6_r77_Z");
        assertEquals(0, o.status(), o.err());
        List<String> rows = o.out().lines().skip(2).toList();
        assertEquals(3, rows.size(), o.out());
        assertTrue(rows.get(1).matches("strassen_4x4x6_r77_Z +1 +fused +hybrid +77 .*"), rows.get(1));
        assertTrue(rows.get(2).matches("strassen_4x4x6_r77_Z +2 +write-once +dfs +77 .*"), rows.get(2));

        CliTest.Outcome fused = CliTest.run("bench", "--size", "64", "--schemes", "strassen_4x4x6_r77_Z", "--levels", "2",
                "--strategy", "fused");
        assertEquals(2, fused.status(), fused.out());
        assertTrue(fused.err().startsWith("jfmm: strassen_4x4x6_r77_Z at 2 levels: "), fused.err());
    }

    /** No catalog scheme divides 7 x 7 x 7: classical alone, timed on its own, and said so. */
    @Test
    void aShapeNoSchemeDividesRunsClassicalAlone(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CliTest.Outcome o = CliTest.run("bench", "--size", "7", "--threads", "1", "--runs", "2", "--json", json.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.err().contains("no scheme to run on 7 x 7 x 7"), o.err());
        assertEquals(1, o.out().lines().skip(2).count(), o.out());
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).get("rows");
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).get("gflops").asDouble() > 0, rows.toString());
        assertTrue(rows.get(0).get("maxError").asDouble() <= 7 * Precision.DOUBLE.eps, rows.toString());
    }

    @Test
    void theLibraryCutoffIsReportedWhenItStopsAScheme() {
        CliTest.Outcome o = CliTest.run("bench", "--size", "64", "--threads", "1", "--runs", "1",
                "--schemes", "strassen_2x2x2_r7_Z", "--levels", "1", "--cutoff", "1024");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("(ran ") && o.out().contains("under the cutoff of 1024)"), o.out());
    }

    @Test
    void badOptionsAreUsageErrorsThatWriteNothing(@TempDir Path dir) {
        Path json = dir.resolve("bench.json");
        List<List<String>> bad = List.of(
                List.of("--size", "64", "--m", "32"),
                List.of("--size", "0"),
                List.of("--levels", "0"),
                List.of("--levels", "5"),
                List.of("--runs", "0"),
                List.of("--threads", "0"),
                List.of("--cutoff", "0"),
                List.of("--strategy", "sideways"),
                List.of("--parallel", "sideways"),
                List.of("--schemes", "strassen_2x2x2_r7_Z", "--strategy", "pairwise", "--parallel", "bfs"),
                List.of("--schemes", "no_such_scheme"),
                List.of("--schemes", "strassen_2x2x2_r7_GF2"),
                List.of("--precision", "half"),
                List.of("--size", "many"));
        for (List<String> options : bad) {
            List<String> args = new ArrayList<>(List.of("bench", "--json", json.toString()));
            args.addAll(options);
            CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, o.status(), options + ": " + o.err());
            assertTrue(o.err().startsWith("jfmm: ") && !o.err().contains("\tat "), options + ": " + o.err());
            assertEquals("", o.out(), options.toString());
            assertFalse(Files.exists(json), options.toString());
        }
    }
}
