package dev.jfmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system property jfmm.accuracy, in JVMs of their own (it is read once per process): a growth bound
 * makes {@code jfmm multiply} run the profile's candidate where the shape reaches its cutoff, and
 * {@code jfmm info} show the policy; a bad value is a one-line error naming the property.
 */
class AccuracyPropertyTest {

    record Child(int status, String out, String err) {
    }

    /** Runs the command line in a new JVM with the Vector API and the given system properties. */
    static Child run(List<String> properties, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path")));
        command.addAll(properties);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Child(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The system's profile with one Strassen candidate from 64, for double on 1 thread. */
    private static Path profile(Path dir) throws IOException {
        Path file = dir.resolve("small-cutoff.json");
        Files.writeString(file, """
                {"name": "small-cutoff", "description": "test",
                 "match": {"cpuFeatures": [], "vectorBits": 0},
                 "gemm": {"minMultiplyAddsPerThread": 131072,
                          "doubles": {"mr": 4, "nrVectors": 2, "kUnroll": 1, "mc": 64, "kc": 128, "nc": 256},
                          "floats": {"mr": 4, "nrVectors": 2, "kUnroll": 1, "mc": 64, "kc": 128, "nc": 256}},
                 "fastSchemes": [{"scheme": "strassen_2x2x2_r7_Z", "levels": 1, "cutoff": 64, "threads": 1,
                                  "precision": "double"}]}
                """);
        return file;
    }

    @Test
    void aGrowthBoundFromThePropertyRunsTheCandidateWithinItsBound(@TempDir Path dir) throws Exception {
        List<String> properties = List.of("-Djfmm.accuracy=growth:10", "-Djfmm.profile=" + profile(dir));
        Child fast = run(properties, "multiply", "--m", "130", "--n", "128", "--k", "129", "--threads", "1", "--runs", "1");
        assertEquals(0, fast.status, fast.err);
        assertTrue(fast.out.startsWith("130 x 128 x 129 double, 1 thread, backend fast(2x2x2;7")
                && fast.out.contains(" (policy growth<=10, profile candidate strassen_2x2x2_r7_Z)\n"), fast.out);
        Matcher error = Pattern.compile("max error\\s+(\\S+) x \\|A\\|\\|B\\| \\(k\\*eps = \\S+ times scheme growth (\\S+) = (\\S+)\\) ok")
                .matcher(fast.out);
        assertTrue(error.find(), fast.out);
        assertTrue(Double.parseDouble(error.group(2)) > 1 && Double.parseDouble(error.group(2)) <= 10, fast.out);
        assertTrue(Double.parseDouble(error.group(1)) <= Double.parseDouble(error.group(3)), fast.out);

        Child twoThreads = run(properties, "multiply", "--m", "130", "--n", "128", "--k", "129", "--threads", "2",
                "--runs", "1");
        assertTrue(twoThreads.out.contains(" (policy growth<=10, no profile candidate for this call)\n"), twoThreads.out);

        Child info = run(properties, "info");
        assertEquals(0, info.status, info.err);
        assertTrue(info.out.contains("\naccuracy:    growth<=10 (-Djfmm.accuracy)\n"), info.out);
        assertTrue(info.out.contains("\nfast schemes: strassen_2x2x2_r7_Z, 1 level, where m, n, k >= 64, double, "
                + "up to 1 thread\n"), info.out);
    }

    @Test
    void aBadValueIsOneLineNamingTheProperty() throws Exception {
        Child bad = run(List.of("-Djfmm.accuracy=fastest"), "multiply", "--m", "8", "--n", "8", "--k", "8", "--runs", "1");
        assertEquals(Main.FAILURE, bad.status, bad.out + bad.err);
        List<String> lines = bad.err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        assertEquals(List.of("jfmm: jfmm.accuracy = 'fastest': accuracy 'fastest' is neither classical nor growth:X "
                + "with X a number of at least 1"), lines);
    }
}
