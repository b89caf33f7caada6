package dev.jfmm.scheme;

/**
 * The shape &lt;n,m,p&gt; of a scheme: C = A * B with A n x m, B m x p, C n x p.
 *
 * @param n rows of A and C
 * @param m columns of A, rows of B
 * @param p columns of B and C
 */
public record Format(int n, int m, int p) {

    /** The largest dimension a scheme may have: beyond it a file is a typo, and checking would exhaust memory. */
    public static final int MAX_DIMENSION = 32;

    public Format {
        if (n < 1 || m < 1 || p < 1 || n > MAX_DIMENSION || m > MAX_DIMENSION || p > MAX_DIMENSION) {
            throw new IllegalArgumentException("format " + n + "x" + m + "x" + p
                    + " is out of range (each dimension 1.." + MAX_DIMENSION + ")");
        }
    }

    /**
     * The format written NxMxP, e.g. "2x2x3".
     *
     * @throws IllegalArgumentException when the text is not three dimensions in range
     */
    public static Format parse(String text) {
        String[] d = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        if (d.length == 3) {
            try {
                return new Format(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is no format; write NxMxP, e.g. 2x2x3");
    }

    /** Entries of A: the rows of U. */
    public int aSize() {
        return n * m;
    }

    /** Entries of B: the rows of V. */
    public int bSize() {
        return m * p;
    }

    /** Entries of C: the rows of W. */
    public int cSize() {
        return n * p;
    }

    /** Multiplications the classical algorithm needs: n*m*p. */
    public int classicalRank() {
        return n * m * p;
    }

    /** "2x2x3", as in the shared inventory and the catalog file names. */
    @Override
    public String toString() {
        return n + "x" + m + "x" + p;
    }

    /** "&lt;2,2,3&gt;", as in the literature. */
    public String angle() {
        return "<" + n + "," + m + "," + p + ">";
    }
}
