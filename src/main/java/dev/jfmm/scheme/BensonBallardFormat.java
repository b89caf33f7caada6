package dev.jfmm.scheme;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the coefficient files of Benson and Ballard's fast-matmul code generator
 * (github.com/arbenson/fast-matmul, codegen/algorithms): three blocks of rows, U then V then W,
 * separated by lines starting with '#', each row holding one coefficient per product. Rows are
 * row-major entries of A, B and C, as in .fmm. The files carry no header, so the format comes
 * from the block sizes (nm, mp, np rows) and the field is Z when every coefficient is an integer,
 * else Q.
 */
public final class BensonBallardFormat {

    private BensonBallardFormat() {}

    /**
     * @throws SchemeFormatException when the blocks are missing, ragged or fit no format
     */
    public static Scheme parse(String source, List<String> lines) {
        List<String> comments = new ArrayList<>();
        comments.add("converted from a Benson-Ballard fast-matmul coefficient file: " + source);
        List<List<Rational[]>> blocks = new ArrayList<>();
        List<Integer> blockStarts = new ArrayList<>();
        List<Rational[]> current = null;
        Integer rank = null;
        boolean integral = true;
        for (int at = 0; at < lines.size(); at++) {
            String line = lines.get(at).strip();
            if (line.startsWith("#")) {
                if (!line.substring(1).isBlank()) {
                    comments.add(line.substring(1).strip());
                }
                current = null;
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (current == null) {
                if (blocks.size() == 3) {
                    throw new SchemeFormatException(source, at + 1, "more than three blocks (U, V, W)");
                }
                current = new ArrayList<>();
                blocks.add(current);
                blockStarts.add(at + 1);
            }
            String[] t = line.split("\\s+");
            if (rank == null) {
                rank = t.length;
            } else if (t.length != rank) {
                throw new SchemeFormatException(source, at + 1,
                        "row has " + t.length + " coefficients, the first row has " + rank);
            }
            Rational[] row = new Rational[t.length];
            for (int r = 0; r < t.length; r++) {
                try {
                    row[r] = Rational.parse(t[r]);
                } catch (NumberFormatException e) {
                    throw new SchemeFormatException(source, at + 1, e.getMessage());
                }
                integral &= row[r].isInteger();
            }
            current.add(row);
        }
        if (blocks.size() != 3) {
            throw new SchemeFormatException(source, Math.max(1, lines.size()),
                    "found " + blocks.size() + " coefficient block" + (blocks.size() == 1 ? "" : "s")
                            + "; a Benson-Ballard file has three (U, V, W) separated by '#' lines");
        }
        Format format = formatOf(source, blocks.get(0).size(), blocks.get(1).size(), blocks.get(2).size(),
                blockStarts.get(0));
        try {
            return Scheme.of(format, integral ? Field.Z : Field.Q, blocks.get(0).toArray(Rational[][]::new),
                    blocks.get(1).toArray(Rational[][]::new), blocks.get(2).toArray(Rational[][]::new), comments);
        } catch (IllegalArgumentException e) {
            throw new SchemeFormatException(source, blockStarts.get(0), e.getMessage());
        }
    }

    /** The &lt;n,m,p&gt; with nm = a, mp = b, np = c. */
    private static Format formatOf(String source, int a, int b, int c, int line) {
        long n2 = (long) a * c / b;
        long m2 = (long) a * b / c;
        long p2 = (long) b * c / a;
        int n = (int) Math.round(Math.sqrt(n2));
        int m = (int) Math.round(Math.sqrt(m2));
        int p = (int) Math.round(Math.sqrt(p2));
        if (n * m != a || m * p != b || n * p != c) {
            throw new SchemeFormatException(source, line, "blocks of " + a + ", " + b + " and " + c
                    + " rows fit no format (U needs n*m rows, V m*p, W n*p)");
        }
        try {
            return new Format(n, m, p);
        } catch (IllegalArgumentException e) {
            throw new SchemeFormatException(source, line, e.getMessage());
        }
    }
}
