package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The published schemes in ../shared/schemes (system property jfmm.shared), listed by INVENTORY.tsv; tests of other packages read them here too. */
public final class SharedSchemes {

    /** One INVENTORY.tsv row. */
    record Entry(String format, int rank, String field, Path file) {
        @Override
        public String toString() {
            return file.getParent().getFileName() + "/" + file.getFileName();
        }
    }

    private SharedSchemes() {}

    public static Path root() {
        String shared = System.getProperty("jfmm.shared", "../shared");
        Path root = Path.of(shared, "schemes");
        assumeTrue(Files.isRegularFile(root.resolve("INVENTORY.tsv")),
                "shared schemes not found at " + root.toAbsolutePath() + " (set -Djfmm.shared); skipping");
        return root;
    }

    static List<Entry> inventory() {
        Path root = root();
        try {
            return Files.readAllLines(root.resolve("INVENTORY.tsv")).stream()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .map(l -> l.split("\t"))
                    .map(t -> new Entry(t[0], Integer.parseInt(t[1]), t[2], root.resolve(t[3])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scheme read(String relative) {
        return SchemeFiles.read(root().resolve(relative));
    }
}
