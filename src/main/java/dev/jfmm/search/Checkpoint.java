package dev.jfmm.search;

import dev.jfmm.io.AtomicFiles;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A search's state at the end of a round: enough to continue it with {@code --resume} exactly as if
 * it had not stopped (the walkers' seeds derive from the seed, the round and the walker, so the pool
 * of schemes is the only walk state). The best verified scheme lives in the output file beside it.
 *
 * @param pool the GF(2) schemes the next round's walkers start from, all of the same (lowest found) rank
 */
record Checkpoint(Format format, Field field, long seed, int walkers, int round, long flips, long millis,
        List<BitScheme> pool) {

    private static final String MAGIC = "jfmm-search-checkpoint 1";

    Checkpoint {
        pool = List.copyOf(pool);
    }

    static Path beside(Path out) {
        return out.resolveSibling(out.getFileName() + ".checkpoint");
    }

    String text(Path out) {
        StringBuilder s = new StringBuilder();
        s.append("# jfmm search state after a round; continue with jfmm search ... --out ").append(out)
                .append(" --resume\n");
        s.append(MAGIC).append('\n');
        s.append("format ").append(format.n()).append(' ').append(format.m()).append(' ').append(format.p()).append('\n');
        s.append("field ").append(field).append('\n');
        s.append("seed ").append(seed).append('\n');
        s.append("walkers ").append(walkers).append('\n');
        s.append("round ").append(round).append('\n');
        s.append("flips ").append(flips).append('\n');
        s.append("millis ").append(millis).append('\n');
        s.append("pool ").append(pool.isEmpty() ? 0 : pool.get(0).rank()).append(' ').append(pool.size()).append('\n');
        for (BitScheme b : pool) {
            for (int r = 0; r < b.rank(); r++) {
                s.append(Long.toHexString(b.factor(0, r))).append(' ').append(Long.toHexString(b.factor(1, r)))
                        .append(' ').append(Long.toHexString(b.factor(2, r))).append('\n');
            }
        }
        return s.toString();
    }

    void write(Path out) {
        AtomicFiles.writeString(beside(out), text(out));
    }

    /** @throws IllegalArgumentException naming the file and line when it is not a checkpoint */
    static Checkpoint read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
                throw new IllegalArgumentException("not a jfmm search checkpoint");
            }
            String[] fm = value(lines, 1, "format").split(" ");
            Format format = new Format(Integer.parseInt(fm[0]), Integer.parseInt(fm[1]), Integer.parseInt(fm[2]));
            Field field = Field.parse(value(lines, 2, "field"));
            long seed = Long.parseLong(value(lines, 3, "seed"));
            int walkers = Integer.parseInt(value(lines, 4, "walkers"));
            int round = Integer.parseInt(value(lines, 5, "round"));
            long flips = Long.parseLong(value(lines, 6, "flips"));
            long millis = Long.parseLong(value(lines, 7, "millis"));
            String[] p = value(lines, 8, "pool").split(" ");
            int rank = Integer.parseInt(p[0]);
            int count = Integer.parseInt(p[1]);
            if (walkers < 1 || count < 1 || rank < 1 || lines.size() != 9 + rank * count) {
                throw new IllegalArgumentException("pool of " + count + " schemes of rank " + rank + " is incomplete");
            }
            List<BitScheme> pool = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                long[][] m = new long[3][rank];
                for (int r = 0; r < rank; r++) {
                    String[] t = lines.get(9 + k * rank + r).split(" ");
                    for (int s = 0; s < 3; s++) {
                        m[s][r] = Long.parseUnsignedLong(t[s], 16);
                    }
                }
                pool.add(new BitScheme(format, m[0], m[1], m[2]));
            }
            return new Checkpoint(format, field, seed, walkers, round, flips, millis, pool);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is damaged: " + message(e), e);
        }
    }

    private static String value(List<String> lines, int at, String key) {
        if (at >= lines.size() || !lines.get(at).startsWith(key + " ")) {
            throw new IllegalArgumentException("expected '" + key + " ...' as line " + (at + 1) + " of its data");
        }
        return lines.get(at).substring(key.length() + 1).strip();
    }

    private static String message(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
