package dev.jfmm.cli;

import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.SchemeFormatException;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jfmm verify FILE...}: exact Brent-equation check, one line per file. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check scheme files (.fmm or Benson-Ballard coefficient files) exactly against the "
                + "matrix-multiplication tensor over the field each states. Prints one line per file; "
                + "exits 0 only if every file verifies.")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scheme files to check.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int failures = 0;
        for (Path file : files) {
            String problem = check(file);
            if (problem != null) {
                spec.commandLine().getErr().println("jfmm: " + problem);
                failures++;
            }
        }
        return failures == 0 ? 0 : Main.FAILURE;
    }

    /** Prints the ok line and returns null, or returns the one-line problem. */
    private String check(Path file) {
        Scheme s;
        try {
            s = SchemeFiles.read(file);
        } catch (SchemeFormatException e) {
            return e.getMessage();
        } catch (UncheckedIOException e) {
            return e.getMessage();
        }
        long start = System.nanoTime();
        Verification v = Verifier.verify(s);
        double ms = (System.nanoTime() - start) / 1e6;
        if (!v.valid()) {
            return file + ": " + s + " does NOT verify: " + v.summary();
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: ok, %s (%.1f ms)%n", file, s, ms);
        return null;
    }
}
