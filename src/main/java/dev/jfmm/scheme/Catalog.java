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
 * its index CATALOG.tsv (file, format, rank, field, nonzeros, additions, and columns a layer above adds:
 * measured errors). How each file was made
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

    /**
     * Columns of the index that a layer above this package computes (this one cannot run a scheme): their
     * names, and one cell per name for each scheme.
     */
    public interface Columns {
        /** The header names, in order. */
        List<String> names();

        /** One cell per name, for this scheme. */
        List<String> cells(Scheme scheme);
    }

    /** The index text for these entries: a header and one tab-separated line each. */
    public static String index(List<Entry> entries) {
        return index(entries, new Columns() {
            @Override
            public List<String> names() {
                return List.of();
            }

            @Override
            public List<String> cells(Scheme scheme) {
                return List.of();
            }
        });
    }

    /** As {@link #index(List)}, with the {@code extra} columns after the ones read from each scheme. */
    public static String index(List<Entry> entries, Columns extra) {
        List<String> header = new ArrayList<>(List.of(
                "file", "format", "rank", "field", "nonzeros_U", "nonzeros_V", "nonzeros_W", "additions", "additions_cse"));
        header.addAll(extra.names());
        StringBuilder out = new StringBuilder(String.join("\t", header)).append('\n');
        for (Entry e : entries) {
            Scheme s = e.scheme();
            AdditionCount a = s.additions();
            List<String> cells = new ArrayList<>(List.of(e.file(), s.format().toString(), Integer.toString(s.rank()),
                    s.field().name(), Integer.toString(s.nonzeros(Factor.U)), Integer.toString(s.nonzeros(Factor.V)),
                    Integer.toString(s.nonzeros(Factor.W)), Integer.toString(a.straightforward()),
                    Integer.toString(a.afterCse())));
            cells.addAll(extra.cells(s));
            out.append(String.join("\t", cells)).append('\n');
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
