package dev.jfmm.scheme;

import dev.jfmm.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading and writing scheme files: .fmm (jfmm's own) and Benson-Ballard coefficient files, told apart by content. */
public final class SchemeFiles {

    private SchemeFiles() {}

    /**
     * Reads a scheme file of either format.
     *
     * @throws SchemeFormatException when it is malformed (one line, with the line number)
     * @throws UncheckedIOException when it cannot be read
     */
    public static Scheme read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SchemeFormatException(file.toString(), 1, "not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    /** Parses the lines of a scheme file of either format; {@code source} names it in errors. */
    public static Scheme parse(String source, List<String> lines) {
        return FmmFormat.looksLikeFmm(lines) ? FmmFormat.parse(source, lines)
                : BensonBallardFormat.parse(source, lines);
    }

    /** Writes the scheme as a .fmm file atomically (temporary file, then rename), creating parent directories. */
    public static void write(Scheme scheme, Path file) {
        AtomicFiles.writeString(file, FmmFormat.write(scheme));
    }
}
