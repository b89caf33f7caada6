package dev.jfmm.scheme;

import java.util.ArrayList;
import java.util.List;

/**
 * jfmm's own scheme text format, the convention of the shared scheme collection:
 *
 * <pre>
 * # comments: provenance, notes (kept)
 * format n m p
 * rank R
 * field Z | Q | GF2
 * U (n*m) R      then n*m lines of R coefficients (integers or a/b)
 * V (m*p) R      then m*p lines
 * W (n*p) R      then n*p lines
 * </pre>
 *
 * Blank lines are ignored; '#' lines anywhere are comments. A file declaring field C is refused:
 * complex coefficients need complex arithmetic.
 */
public final class FmmFormat {

    private FmmFormat() {}

    /** True when these lines look like a .fmm file (a "format" header before any matrix rows). */
    static boolean looksLikeFmm(List<String> lines) {
        for (String raw : lines) {
            String line = raw.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return line.startsWith("format");
            }
        }
        return false;
    }

    /** The text of a scheme: comments, header, then U, V and W. */
    public static String write(Scheme s) {
        StringBuilder out = new StringBuilder();
        for (String c : s.comments()) {
            out.append(c.isEmpty() ? "#" : "# " + c).append('\n');
        }
        Format f = s.format();
        out.append("format ").append(f.n()).append(' ').append(f.m()).append(' ').append(f.p()).append('\n');
        out.append("rank ").append(s.rank()).append('\n');
        out.append("field ").append(s.field()).append('\n');
        for (Factor factor : Factor.values()) {
            int rows = factor.rows(f);
            out.append(factor).append(' ').append(rows).append(' ').append(s.rank()).append('\n');
            for (int i = 0; i < rows; i++) {
                for (int r = 0; r < s.rank(); r++) {
                    out.append(r == 0 ? "" : " ").append(s.coefficient(factor, i, r));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Parses a .fmm text.
     *
     * @param source the name errors are reported under (usually the file name)
     * @throws SchemeFormatException for anything malformed, with the line it was found on
     */
    public static Scheme parse(String source, List<String> lines) {
        return new Parser(source, lines).parse();
    }

    /** One pass over the lines; {@code at} is the 0-based index of the line being read. */
    private static final class Parser {
        private final String source;
        private final List<String> lines;
        private final List<String> comments = new ArrayList<>();
        private int at = -1;
        private Format format;
        private Integer rank;
        private Field field;

        Parser(String source, List<String> lines) {
            this.source = source;
            this.lines = lines;
        }

        Scheme parse() {
            String[] header;
            while ((header = next()) != null && format == null | rank == null | field == null) {
                readHeader(header);
            }
            if (format == null || rank == null || field == null) {
                throw error("missing " + (format == null ? "format" : rank == null ? "rank" : "field") + " line");
            }
            Rational[][] u = readFactor(Factor.U, header);
            Rational[][] v = readFactor(Factor.V, next());
            Rational[][] w = readFactor(Factor.W, next());
            String[] extra = next();
            if (extra != null) {
                throw error("unexpected '" + String.join(" ", extra) + "' after the W matrix");
            }
            try {
                return Scheme.of(format, field, u, v, w, comments);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        /** The next non-blank, non-comment line split into tokens (comments are kept), or null at the end. */
        private String[] next() {
            while (++at < lines.size()) {
                String line = lines.get(at).strip();
                if (line.startsWith("#")) {
                    comments.add(line.substring(1).strip());
                } else if (!line.isEmpty()) {
                    return line.split("\\s+");
                }
            }
            return null;
        }

        private void readHeader(String[] t) {
            switch (t[0]) {
                case "format" -> {
                    int[] d = integers(t, 3);
                    try {
                        format = new Format(d[0], d[1], d[2]);
                    } catch (IllegalArgumentException e) {
                        throw error(e.getMessage());
                    }
                }
                case "rank" -> {
                    rank = integers(t, 1)[0];
                    if (rank < 1 || rank > Scheme.MAX_RANK) {
                        throw error("rank " + rank + " is out of range (1.." + Scheme.MAX_RANK + ")");
                    }
                }
                case "field" -> {
                    if (t.length != 2) {
                        throw error("expected 'field Z|Q|GF2'");
                    }
                    try {
                        field = Field.parse(t[1]);
                    } catch (IllegalArgumentException e) {
                        throw error(e.getMessage());
                    }
                }
                case "U", "V", "W" -> throw error(t[0] + " matrix before the format, rank and field lines");
                default -> throw error("unexpected '" + t[0] + "'; expected format, rank or field");
            }
        }

        private Rational[][] readFactor(Factor f, String[] header) {
            if (header == null) {
                throw error("missing " + f + " matrix (the file ends)");
            }
            if (!header[0].equals(f.name())) {
                throw error("expected the " + f + " matrix header '" + f + " " + f.rows(format) + " " + rank
                        + "', found '" + String.join(" ", header) + "'");
            }
            int[] size = integers(header, 2);
            if (size[0] != f.rows(format) || size[1] != rank) {
                throw error(f + " is declared " + size[0] + " x " + size[1] + "; format " + format + " rank "
                        + rank + " needs " + f.rows(format) + " x " + rank);
            }
            Rational[][] rows = new Rational[size[0]][];
            for (int i = 0; i < rows.length; i++) {
                String[] t = next();
                if (t == null || t[0].equals("V") || t[0].equals("W")) {
                    throw error(f + " has " + i + " rows, needs " + rows.length
                            + (t == null ? " (the file ends)" : ""));
                }
                if (t.length != rank) {
                    throw error(f + " row " + i + " has " + t.length + " coefficients, needs " + rank);
                }
                rows[i] = new Rational[rank];
                for (int r = 0; r < rank; r++) {
                    rows[i][r] = coefficient(t[r], f);
                }
            }
            return rows;
        }

        private Rational coefficient(String token, Factor f) {
            if (token.endsWith("i") && token.length() > 1) {
                throw error("'" + token + "' in " + f + ": " + Field.COMPLEX_REFUSED);
            }
            Rational c;
            try {
                c = Rational.parse(token);
            } catch (NumberFormatException | ArithmeticException e) {
                throw error(f + ": " + e.getMessage());
            }
            String problem = Scheme.coefficientProblem(field, c);
            if (problem != null) {
                throw error(f + ": " + problem);
            }
            return c;
        }

        /** The count integers after the keyword in t, exactly. */
        private int[] integers(String[] t, int count) {
            if (t.length != count + 1) {
                throw error("'" + t[0] + "' needs " + count + " number" + (count == 1 ? "" : "s") + ", found "
                        + (t.length - 1));
            }
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = Integer.parseInt(t[i + 1]);
                } catch (NumberFormatException e) {
                    throw error("'" + t[i + 1] + "' in the " + t[0] + " line is not a whole number");
                }
            }
            return out;
        }

        private SchemeFormatException error(String problem) {
            return new SchemeFormatException(source, Math.min(at, lines.size() - 1) + 1, problem);
        }
    }
}
