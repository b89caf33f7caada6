package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Without --add-modules jdk.incubator.vector the library still multiplies correctly and says why, once. */
class VectorAbsentTest {

    @Test
    void scalarPathWorksAndWarnsOnceNamingTheFlag() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                VectorAbsentMain.class.getName())).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String both = "stdout:\n" + out + "\nstderr:\n" + err;

        assertEquals(0, process.exitValue(), both);
        assertTrue(out.contains("vectorApiEnabled=false"), both);
        assertTrue(out.contains("backend=scalar"), both);
        assertTrue(out.contains("lastBackend=scalar"), both);
        assertTrue(out.contains("products=correct"), both);
        assertTrue(out.contains("not enabled; start java with --add-modules jdk.incubator.vector"), both);
        assertFalse(both.contains("NoClassDefFoundError"), both);
        String warning = "start java with --add-modules jdk.incubator.vector for SIMD kernels";
        assertEquals(1, err.split(Pattern.quote(warning), -1).length - 1,
                "the warning must appear exactly once on stderr\n" + both);
    }
}
