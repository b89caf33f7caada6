package dev.jfmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command line as a user meets it: output that means something, one-line errors, exit codes. */
class CliTest {

    record Outcome(int status, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void infoNamesJdkVectorUnitBackendThreadsAndProfile() throws Exception {
        Outcome o = run("info");
        assertEquals(0, o.status, o.err);
        for (String key : new String[] {"java:", "vector API:", "cpu:", "features:", "backend:", "threads:", "profile:"}) {
            assertTrue(o.out.contains(key), key + " missing from\n" + o.out);
        }
        JsonNode json = new ObjectMapper().readTree(run("info", "--json").out);
        assertEquals(Runtime.getRuntime().availableProcessors(), json.get("threads").asInt());
        assertTrue(json.get("backend").asText().startsWith("simd"), json.toString());
    }

    @Test
    void multiplyReportsSpeedAndAnErrorWithinTheBound() {
        Outcome o = run("multiply", "--m", "67", "--n", "45", "--k", "129", "--runs", "3", "--threads", "2");
        assertEquals(0, o.status, o.err);
        assertTrue(o.out.startsWith("67 x 45 x 129 double, 2 threads, backend simd"), o.out);
        Matcher error = Pattern.compile("max error\\s+(\\S+) x \\|A\\|\\|B\\| \\(classical bound k\\*eps = (\\S+)\\) ok").matcher(o.out);
        assertTrue(error.find(), o.out);
        assertTrue(Double.parseDouble(error.group(1)) <= Double.parseDouble(error.group(2)), o.out);
        Matcher speed = Pattern.compile("jfmm\\s+(\\S+) GFLOP/s").matcher(o.out);
        assertTrue(speed.find() && Double.parseDouble(speed.group(1)) > 0, o.out);

        Outcome f = run("multiply", "--m", "16", "--n", "16", "--k", "16", "--precision", "float", "--runs", "1");
        assertEquals(0, f.status, f.err);
        assertTrue(f.out.contains("16 x 16 x 16 float"), f.out);
        assertTrue(f.out.contains(") ok"), f.out);
    }

    @Test
    void multiplyRunsAFastSchemeByNameOrFileAndSaysSo() {
        Outcome o = run("multiply", "--m", "67", "--n", "45", "--k", "70", "--runs", "1", "--threads", "2",
                "--scheme", "strassen_2x2x2_r7_Z", "--levels", "2", "--cutoff", "1");
        assertEquals(0, o.status, o.err);
        assertTrue(o.out.startsWith("67 x 45 x 70 double, 2 threads, backend fast(2x2x2;7,2x2x2;7 fused)+simd"), o.out);
        assertTrue(o.out.contains("times scheme growth") && o.out.contains(") ok"), o.out);

        Outcome f = run("multiply", "--m", "33", "--n", "31", "--k", "29", "--runs", "1", "--precision", "float",
                "--scheme", "kernels/schemes/polished_3x3x3_r23_Z.fmm", "--cutoff", "1");
        assertEquals(0, f.status, f.err);
        assertTrue(f.out.contains("float") && f.out.contains("backend fast(3x3x3;23 fused)+"), f.out);

        Outcome h = run("multiply", "--m", "67", "--n", "45", "--k", "70", "--runs", "1", "--threads", "2",
                "--scheme", "strassen_2x2x2_r7_Z", "--levels", "2", "--cutoff", "1", "--parallel", "dfs");
        assertEquals(0, h.status, h.err); // hybrid is fused's default, so only another mode is named
        assertTrue(h.out.contains("backend fast(2x2x2;7,2x2x2;7 fused dfs)+simd") && h.out.contains(") ok"), h.out);

        Outcome w = run("multiply", "--m", "41", "--n", "38", "--k", "36", "--runs", "1",
                "--scheme", "winograd_2x2x2_r7_Z", "--strategy", "write-once", "--cutoff", "1");
        assertEquals(0, w.status, w.err);
        assertTrue(w.out.contains("backend fast(2x2x2;7)+simd") && w.out.contains(") ok"), w.out);

        for (String name : List.of("write-once-cse", "streaming", "streaming-cse", "pairwise", "pairwise-cse")) {
            Outcome x = run("multiply", "--m", "41", "--n", "38", "--k", "36", "--runs", "1",
                    "--scheme", "winograd_2x2x2_r7_Z", "--levels", "2", "--strategy", name, "--cutoff", "1");
            assertEquals(0, x.status, name + ": " + x.err);
            assertTrue(x.out.contains("backend fast(2x2x2;7,2x2x2;7 " + name + ")+simd") && x.out.contains(") ok"), x.out);
        }
        Outcome help = run("multiply", "--help");
        assertTrue(help.out.contains("write-once, streaming or pairwise") && help.out.contains("-cse"), help.out);

        Outcome d = run("multiply", "--m", "40", "--n", "40", "--k", "40", "--runs", "1", "--scheme", "strassen_2x2x2_r7_Z");
        assertEquals(0, d.status, d.err);
        assertTrue(d.out.contains("(blocks would be under the cutoff of 1024)") && d.out.contains(") ok"), d.out);

        Outcome c = run("multiply", "--m", "20", "--n", "20", "--k", "20", "--runs", "1", "--scheme", "classical");
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.contains("backend simd") && c.out.contains("classical bound"), c.out);
    }

    @Test
    void multiplyWithoutASchemeRunsWhatThePolicyChoosesAndSaysWhy() {
        Outcome byDefault = run("multiply", "--m", "40", "--n", "40", "--k", "40", "--runs", "1");
        assertEquals(0, byDefault.status, byDefault.err);
        assertTrue(byDefault.out.contains(", backend simd") && byDefault.out.contains(" (policy classical)\n"),
                byDefault.out);
        Outcome classical = run("multiply", "--m", "40", "--n", "40", "--k", "40", "--runs", "1", "--scheme", "classical");
        assertTrue(classical.out.contains(" (policy classical)\n"), classical.out);

        // The shipped candidates start at 2048, so 40 stays classical; the choice itself is in AccuracyPolicyTest
        // and, through the command line with a profile of small cutoffs, in AccuracyPropertyTest.
        Outcome growth = run("multiply", "--m", "40", "--n", "40", "--k", "40", "--runs", "1", "--accuracy", "growth:10");
        assertEquals(0, growth.status, growth.err);
        assertTrue(growth.out.contains(", backend simd") && growth.out.contains(" (policy growth<=10, "), growth.out);
        assertTrue(growth.out.contains("(classical bound k*eps = ") && growth.out.contains(") ok"), growth.out);
    }

    @Test
    void accuracyWithASchemeOrBadTextIsAUsageError() {
        String[][] cases = {
                {"--accuracy", "growth:10", "--scheme", "strassen_2x2x2_r7_Z",
                        "jfmm: --accuracy and --scheme exclude each other: --scheme runs its scheme whatever the policy"},
                {"--scheme", "classical", "--accuracy", "classical", "jfmm: --accuracy and --scheme exclude each other"},
                {"--accuracy", "fastest", "jfmm: Invalid value for option '--accuracy': accuracy 'fastest' is neither "
                        + "classical nor growth:X with X a number of at least 1"},
                {"--accuracy", "growth:0.5", "accuracy 'growth:0.5' is neither classical nor growth:X"}};
        for (String[] c : cases) {
            Outcome o = multiplyCase(c);
            assertEquals(Main.USAGE, o.status, String.join(" ", c));
            String[] lines = o.err.strip().split("\n");
            assertTrue(lines[0].startsWith("jfmm: ") && lines[0].contains(c[c.length - 1]), o.err);
            assertTrue(lines.length == 2 && lines[1].equals("Try 'jfmm multiply --help'."), o.err);
            assertEquals("", o.out);
        }
    }

    @Test
    void infoShowsThePolicyAndTheProfilesCandidates() throws Exception {
        Outcome o = run("info");
        assertTrue(o.out.contains("\naccuracy:    classical (default: fast schemes only when asked for)\n"), o.out);
        JsonNode json = new ObjectMapper().readTree(run("info", "--json").out);
        var profile = dev.jfmm.gemm.Dispatcher.get().profile();
        String expected = profile.fastSchemes().isEmpty() ? "none in the profile"
                : profile.fastSchemes().get(0).scheme() + ", " + profile.fastSchemes().get(0).levels() + " level";
        assertTrue(json.get("fast schemes").asText().startsWith(expected), json.toString());
    }

    @Test
    void badSchemeOptionsAreOneLineFailures() {
        String[][] cases = {
                {"--scheme", "no_such_scheme", "is neither a file nor a catalog scheme"},
                {"--scheme", "strassen_2x2x2_r7_GF2.fmm", "holds only modulo 2"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--levels", "9", "levels = 9 is out of range"},
                {"--levels", "2", "--levels needs --scheme"},
                {"--strategy", "fused", "--strategy needs --scheme"},
                {"--cutoff", "64", "--cutoff needs --scheme"},
                {"--parallel", "bfs", "--parallel needs --scheme"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--parallel", "dfs,bfs", "unknown parallelism 'dfs,bfs'; expected one of dfs, bfs, hybrid"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--strategy", "streaming", "--parallel", "hybrid", "only the fused strategy runs products in parallel (hybrid)"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--cutoff", "0", "cutoff = 0 must be at least 1"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--strategy", "fast", "unknown strategy 'fast'; expected one of write-once, write-once-cse, streaming, streaming-cse, pairwise, pairwise-cse, fused"}};
        for (String[] c : cases) {
            Outcome o = multiplyCase(c);
            assertEquals(Main.FAILURE, o.status, String.join(" ", c));
            assertTrue(o.err.startsWith("jfmm: ") && o.err.strip().lines().count() == 1, o.err);
            assertTrue(o.err.contains(c[c.length - 1]), o.err);
        }
    }

    /** {@code multiply --runs=1} with a case's options: all its elements but the last, the expected message. */
    private static Outcome multiplyCase(String[] c) {
        String[] args = new String[c.length + 1];
        args[0] = "multiply";
        args[1] = "--runs=1";
        System.arraycopy(c, 0, args, 2, c.length - 1);
        return run(args);
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        for (String[] args : new String[][] {{"multiply", "--m", "abc"}, {"multiply", "--precision", "half"},
                {"no-such-command"}, {}}) {
            Outcome o = run(args);
            assertEquals(Main.USAGE, o.status, String.join(" ", args));
            String[] lines = o.err.strip().split("\n");
            assertTrue(lines[0].startsWith("jfmm: "), o.err);
            assertTrue(lines.length <= 2 && (lines.length == 1 || lines[1].startsWith("Try '")), o.err);
            assertTrue(!o.err.contains("\tat "), "stack trace shown:\n" + o.err);
        }
    }

    @Test
    void failuresAreOneLineAndExitOne() {
        Outcome o = run("multiply", "--m", "-5");
        assertEquals(Main.FAILURE, o.status);
        assertEquals("jfmm: m, n and k must be at least 1; got -5 x 512 x 512", o.err.strip());
        Outcome t = run("multiply", "--m", "4", "--threads", "0");
        assertEquals(Main.FAILURE, t.status);
        assertEquals("jfmm: --threads = 0 must be at least 1", t.err.strip());
        Outcome big = run("multiply", "--m", "70000", "--n", "70000", "--k", "1");
        assertEquals(Main.FAILURE, big.status);
        assertTrue(big.err.strip().startsWith("jfmm: a 70000 x 70000 x 1 product has a matrix larger"), big.err);
    }

    @Test
    void emitWritesTheGeneratedKernelAtomically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("sub/Kernel.java");
        Outcome o = run("emit", "--backend", "java", "--precision", "float", "--bits", "256", "--mr", "3",
                "--nr-vectors", "2", "--unroll", "2", "-o", file.toString());
        assertEquals(0, o.status, o.err);
        var spec = new dev.jfmm.kernel.KernelSpec(dev.jfmm.kernel.Precision.FLOAT, 256, 3, 2, 2);
        assertEquals(dev.jfmm.kernel.JavaSourceBackend.generate(dev.jfmm.kernel.MicroKernels.build(spec)),
                java.nio.file.Files.readString(file));
        try (var listing = java.nio.file.Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary file may be left behind");
        }
        Outcome bytecode = run("emit", "--backend", "bytecode", "--mr", "2", "--nr-vectors", "1", "--unroll", "1");
        assertEquals(0, bytecode.status, bytecode.err);
        assertTrue(bytecode.out.contains("INVOKEVIRTUAL jdk/incubator/vector/DoubleVector.fma"), bytecode.out);
        Outcome bad = run("emit", "--mr", "40");
        assertEquals(Main.FAILURE, bad.status);
        assertEquals("jfmm: mr = 40 must be in [1, 32]", bad.err.strip());
    }

    @Test
    void emitShowsTheSmallShapeKernel() {
        Outcome o = run("emit", "--shape", "3x5x4", "--bits", "512");
        assertEquals(0, o.status, o.err);
        var spec = dev.jfmm.kernel.SmallKernelSpec.forShape(dev.jfmm.kernel.Precision.DOUBLE, 512, 3, 5, 4);
        assertEquals(dev.jfmm.kernel.JavaSourceBackend.generate(dev.jfmm.kernel.SmallKernels.build(spec)), o.out);
        assertTrue(o.out.contains("implements DoubleSmallKernel"), o.out);
        Outcome bytecode = run("emit", "--shape", "4x4x4", "--backend", "bytecode", "--precision", "float");
        assertEquals(0, bytecode.status, bytecode.err);
        assertTrue(bytecode.out.contains("FloatVector.fma"), bytecode.out);
        for (String bad : new String[] {"4x4", "4x40x4", "ax4x4", "0x4x4"}) {
            Outcome wrong = run("emit", "--shape", bad);
            assertEquals(Main.USAGE, wrong.status, bad);
            assertTrue(wrong.err.startsWith("jfmm: --shape"), wrong.err);
        }
    }

    @Test
    void emitShowsASchemesGeneratedSums() throws Exception {
        Outcome o = run("emit", "--scheme", "strassen_2x2x2_r7_Z", "--levels", "2", "--bits", "256");
        assertEquals(0, o.status, o.err);
        var strassen = dev.jfmm.scheme.Catalog.find("strassen_2x2x2_r7_Z").orElseThrow();
        var spec = dev.jfmm.kernel.SchemeSumSpec.forScheme(dev.jfmm.scheme.SchemeAlgebra.product(strassen, strassen),
                dev.jfmm.kernel.Precision.DOUBLE, 256);
        assertEquals(dev.jfmm.kernel.JavaSourceBackend.generate(dev.jfmm.kernel.SchemeSums.build(spec)), o.out);
        assertTrue(o.out.contains("implements DoubleSchemeSums") && o.out.contains("case " + (spec.patterns().size() - 1) + " -> "),
                o.out);
        Outcome file = run("emit", "--scheme", "kernels/schemes/polished_3x3x3_r23_Z.fmm", "--backend", "bytecode",
                "--precision", "float");
        assertEquals(0, file.status, file.err);
        assertTrue(file.out.contains("TABLESWITCH") && file.out.contains("FloatVector.add"), file.out);
        String[][] usage = {
                {"--scheme", "no_such_scheme", "jfmm: --scheme no_such_scheme is neither a file nor a catalog scheme"},
                {"--scheme", "strassen_2x2x2_r7_GF2.fmm", "jfmm: --scheme strassen_2x2x2_r7_GF2.fmm holds only modulo 2"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--levels", "0", "jfmm: --levels 0 is out of range (1..4)"},
                {"--scheme", "strassen_4x4x6_r77_Z", "--levels", "2", "jfmm: --levels 2 of strassen_4x4x6_r77_Z: format 16x16x36"},
                {"--levels", "2", "jfmm: --levels needs --scheme FILE|NAME"},
                {"--scheme", "strassen_2x2x2_r7_Z", "--shape", "4x4x4", "jfmm: --scheme and --shape name different kernels"}};
        for (String[] c : usage) {
            String[] args = new String[c.length];
            args[0] = "emit";
            System.arraycopy(c, 0, args, 1, c.length - 1);
            Outcome bad = run(args);
            assertEquals(Main.USAGE, bad.status, String.join(" ", args));
            assertTrue(bad.err.startsWith(c[c.length - 1]) && bad.err.strip().lines().count() <= 2
                    && !bad.err.contains("\tat "), bad.err);
            assertEquals("", bad.out);
        }
    }

    @Test
    void helpIsEverywhere() {
        for (String command : new String[] {"info", "multiply", "demo", "emit"}) {
            Outcome o = run(command, "--help");
            assertEquals(0, o.status);
            assertTrue(o.out.startsWith("Usage: jfmm " + command), o.out);
        }
        Outcome top = run("--help");
        assertEquals(0, top.status);
        assertTrue(top.out.contains("multiply") && top.out.contains("info"), top.out);
    }
}
