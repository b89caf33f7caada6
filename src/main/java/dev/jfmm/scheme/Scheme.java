package dev.jfmm.scheme;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable matrix-multiplication scheme &lt;n,m,p;R&gt;: factor matrices U, V, W with exact
 * coefficients, the field its identity is claimed over, and free-text provenance comments. Product r
 * is M_r = (sum U[i*m+j][r] A[i][j]) * (sum V[j*p+k][r] B[j][k]) and C[i][k] = sum_r W[i*p+k][r] M_r.
 * Constructing one checks shapes and that coefficients suit the field; whether the identity holds is
 * {@link Verifier}'s job.
 */
public final class Scheme {

    /** The largest rank accepted; more products than this is no fast scheme for any format allowed. */
    public static final int MAX_RANK = 1 << 16;

    private final Format format;
    private final Field field;
    private final Map<Factor, Rational[][]> factors;
    private final List<String> comments;
    private volatile AdditionCount additions;

    private Scheme(Format format, Field field, Map<Factor, Rational[][]> factors, List<String> comments) {
        this.format = format;
        this.field = field;
        this.factors = factors;
        this.comments = List.copyOf(comments);
    }

    /**
     * A scheme from its factor matrices (copied), each given row by row.
     *
     * @throws IllegalArgumentException when a shape is wrong or a coefficient does not belong to the field
     */
    public static Scheme of(Format format, Field field, Rational[][] u, Rational[][] v, Rational[][] w,
            List<String> comments) {
        int rank = u.length == 0 ? 0 : u[0].length;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IllegalArgumentException("rank " + rank + " is out of range (1.." + MAX_RANK + ")");
        }
        Map<Factor, Rational[][]> map = new EnumMap<>(Factor.class);
        map.put(Factor.U, checkedCopy(Factor.U, u, format, field, rank));
        map.put(Factor.V, checkedCopy(Factor.V, v, format, field, rank));
        map.put(Factor.W, checkedCopy(Factor.W, w, format, field, rank));
        return new Scheme(format, field, map, comments);
    }

    /** Convenience for written-out schemes: integer coefficients, row by row. */
    public static Scheme ofIntegers(Format format, Field field, long[][] u, long[][] v, long[][] w,
            List<String> comments) {
        return of(format, field, toRational(u), toRational(v), toRational(w), comments);
    }

    private static Rational[][] toRational(long[][] rows) {
        Rational[][] out = new Rational[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new Rational[rows[i].length];
            for (int r = 0; r < rows[i].length; r++) {
                out[i][r] = Rational.of(rows[i][r]);
            }
        }
        return out;
    }

    private static Rational[][] checkedCopy(Factor f, Rational[][] rows, Format format, Field field, int rank) {
        if (rows.length != f.rows(format)) {
            throw new IllegalArgumentException(f + " has " + rows.length + " rows; format " + format + " needs "
                    + f.rows(format));
        }
        Rational[][] copy = new Rational[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rank) {
                throw new IllegalArgumentException(f + " row " + i + " has " + rows[i].length
                        + " coefficients; rank " + rank + " needs " + rank);
            }
            copy[i] = rows[i].clone();
            for (int r = 0; r < rank; r++) {
                String problem = coefficientProblem(field, copy[i][r]);
                if (problem != null) {
                    throw new IllegalArgumentException(f + "[" + i + "][" + r + "]: " + problem);
                }
            }
        }
        return copy;
    }

    /** Why a coefficient cannot appear in a scheme over the field, or null if it can. */
    public static String coefficientProblem(Field field, Rational c) {
        if (field == Field.Z && !c.isInteger()) {
            return c + " is not an integer but the field is Z (say Q)";
        }
        if (field == Field.GF2 && !(c.isZero() || c.equals(Rational.ONE))) {
            return c + " is not 0 or 1 but the field is GF2";
        }
        return null;
    }

    public Format format() {
        return format;
    }

    public int rank() {
        return factors.get(Factor.U)[0].length;
    }

    public Field field() {
        return field;
    }

    /** Provenance and notes, one line each, without the leading '#'. */
    public List<String> comments() {
        return comments;
    }

    /** The same scheme with other comments. */
    public Scheme withComments(List<String> newComments) {
        return new Scheme(format, field, factors, newComments);
    }

    public Rational coefficient(Factor f, int row, int product) {
        return factors.get(f)[row][product];
    }

    /** A copy of one factor matrix, row by row. */
    public Rational[][] factor(Factor f) {
        Rational[][] rows = factors.get(f);
        Rational[][] copy = new Rational[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /** Nonzero coefficients in one factor. */
    public int nonzeros(Factor f) {
        int count = 0;
        for (Rational[] row : factors.get(f)) {
            for (Rational c : row) {
                if (!c.isZero()) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Nonzero coefficients in U, V and W together. */
    public int nonzeros() {
        return nonzeros(Factor.U) + nonzeros(Factor.V) + nonzeros(Factor.W);
    }

    /** Additions one evaluation needs: straightforward, and after common-subexpression elimination. */
    public AdditionCount additions() {
        AdditionCount a = additions;
        if (a == null) {
            additions = a = AdditionCount.of(this);
        }
        return a;
    }

    /** "&lt;2,2,2;7&gt; over Z". */
    @Override
    public String toString() {
        return "<" + format.n() + "," + format.m() + "," + format.p() + ";" + rank() + "> over " + field;
    }

    /** Same format, field and coefficients; comments do not count. */
    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof Scheme s) || !format.equals(s.format) || field != s.field) {
            return false;
        }
        for (Factor f : Factor.values()) {
            if (!java.util.Arrays.deepEquals(factors.get(f), s.factors.get(f))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return format.hashCode() * 31 + java.util.Arrays.deepHashCode(factors.get(Factor.U));
    }
}
