package dev.jfmm.scheme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schemes jfmm ships: the .fmm files of kernels/schemes, packaged as resources and listed by
 * its index CATALOG.tsv (file, format, rank, field, nonzeros, additions). How each file was made
 * is in its comments; RECIPES in the same directory regenerates the derived ones, SEARCHED lists those
 * {@code jfmm search} found, with their commands.
 */
public final class Catalog {

    /** Where the catalog lives, in the repository and on the class path. */
    public static final String DIRECTORY = "kernels/schemes";
    /** The index file's name. */
    public static final String INDEX = "CATALOG.tsv";

    /** A catalog file and its scheme. */
    public record Entry(String file, Scheme scheme) {}

    private Catalog() {}

    /** The packaged catalog, in index order. */
    public static List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        for (String line : resourceLines(INDEX)) {
            if (line.isBlank() || line.startsWith("file\t")) {
                continue;
            }
            String file = line.substring(0, line.indexOf('\t'));
            out.add(new Entry(file, SchemeFiles.parse(DIRECTORY + "/" + file, resourceLines(file))));
        }
        return out;
    }

    /** The catalog scheme whose file is {@code name} or {@code name}.fmm, if there is one. */
    public static Optional<Scheme> find(String name) {
        return load().stream().filter(e -> e.file().equals(name) || e.file().equals(name + ".fmm"))
                .map(Entry::scheme).findFirst();
    }

    /**
     * A scheme file if one exists at {@code fileOrName}, else the catalog scheme of that name; what a
     * command-line {@code --scheme} argument means.
     *
     * @throws IllegalArgumentException if it is neither, with a message that names the argument
     */
    public static Scheme fileOrName(String fileOrName) {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) {
            return SchemeFiles.read(file);
        }
        return find(fileOrName).orElseThrow(() -> new IllegalArgumentException(
                fileOrName + " is neither a file nor a catalog scheme (see jfmm schemes)"));
    }

    /** The index text for these entries: a header and one tab-separated line each. */
    public static String index(List<Entry> entries) {
        StringBuilder out = new StringBuilder(
                "file\tformat\trank\tfield\tnonzeros_U\tnonzeros_V\tnonzeros_W\tadditions\tadditions_cse\n");
        for (Entry e : entries) {
            Scheme s = e.scheme();
            AdditionCount a = s.additions();
            out.append(String.join("\t", e.file(), s.format().toString(), Integer.toString(s.rank()),
                    s.field().name(), Integer.toString(s.nonzeros(Factor.U)), Integer.toString(s.nonzeros(Factor.V)),
                    Integer.toString(s.nonzeros(Factor.W)), Integer.toString(a.straightforward()),
                    Integer.toString(a.afterCse()))).append('\n');
        }
        return out.toString();
    }

    private static List<String> resourceLines(String name) {
        String path = DIRECTORY + "/" + name;
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog resource " + path, e);
        }
    }
}
