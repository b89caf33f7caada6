package dev.jfmm.search;

import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeAlgebra;
import java.util.Arrays;
import java.util.List;

/**
 * A scheme over GF(2) with each factor a bit mask: bit x of {@code a[r]} is U[x][r] (A entry x = i*m+j),
 * bit y of {@code b[r]} is V[y][r] (B entry j*p+k), bit z of {@code c[r]} is W[z][r] (C entry i*p+k),
 * the layout of {@link Scheme}; or, when {@code ternary}, a scheme over Z with coefficients in
 * {-1, 0, 1}, each factor packed as {@link Ternary} describes. Immutable: the arrays are copied in and
 * never handed out.
 */
public final class BitScheme {

    /** The widest factor a mask holds: formats whose matrices have more entries cannot be searched. */
    public static final int MAX_ENTRIES = 64;

    private final Format format;
    private final boolean ternary;
    private final long[] a;
    private final long[] b;
    private final long[] c;

    BitScheme(Format format, long[] a, long[] b, long[] c) {
        this(format, false, a, b, c);
    }

    BitScheme(Format format, boolean ternary, long[] a, long[] b, long[] c) {
        checkFormat(format, ternary);
        if (a.length != b.length || a.length != c.length) {
            throw new IllegalArgumentException("factor arrays differ in length");
        }
        this.format = format;
        this.ternary = ternary;
        this.a = a.clone();
        this.b = b.clone();
        this.c = c.clone();
    }

    /** @throws IllegalArgumentException when a matrix of the format has more than 64 entries */
    public static void checkFormat(Format f) {
        checkFormat(f, false);
    }

    /** @throws IllegalArgumentException when a matrix of the format has more entries than a factor holds */
    public static void checkFormat(Format f, boolean ternary) {
        int max = ternary ? Ternary.MAX_ENTRIES : MAX_ENTRIES;
        if (f.aSize() > max || f.bSize() > max || f.cSize() > max) {
            throw new IllegalArgumentException("search " + (ternary ? "over ZT " : "") + "handles formats whose "
                    + "matrices have at most " + max + " entries; " + f + " has "
                    + Math.max(f.aSize(), Math.max(f.bSize(), f.cSize())));
        }
    }

    /** The classical algorithm, rank n*m*p. */
    public static BitScheme classical(Format f) {
        return of(SchemeAlgebra.classical(f));
    }

    /** A scheme over Z, Q (odd denominators) or GF2, read mod 2. */
    public static BitScheme of(Scheme s) {
        checkFormat(s.format());
        Scheme mod2 = s.field() == Field.GF2 ? s : SchemeAlgebra.reduce(s);
        int rank = mod2.rank();
        long[][] masks = new long[3][rank];
        for (Factor f : Factor.values()) {
            for (int x = 0; x < f.rows(s.format()); x++) {
                for (int r = 0; r < rank; r++) {
                    if (!mod2.coefficient(f, x, r).isZero()) {
                        masks[f.ordinal()][r] |= 1L << x;
                    }
                }
            }
        }
        return new BitScheme(s.format(), masks[0], masks[1], masks[2]);
    }

    /**
     * A scheme over Z with coefficients in {-1, 0, 1} as a ternary one.
     *
     * @throws IllegalArgumentException when it is over another field or has a larger coefficient
     */
    public static BitScheme ternary(Scheme s) {
        checkFormat(s.format(), true);
        if (s.field() != Field.Z) {
            throw new IllegalArgumentException(s + " is over " + s.field() + "; a ternary search starts from a scheme over Z");
        }
        int rank = s.rank();
        long[][] masks = new long[3][rank];
        for (Factor f : Factor.values()) {
            for (int x = 0; x < f.rows(s.format()); x++) {
                for (int r = 0; r < rank; r++) {
                    Rational q = s.coefficient(f, x, r);
                    if (q.equals(Rational.ONE)) {
                        masks[f.ordinal()][r] |= Ternary.pack(1L << x, 0);
                    } else if (q.equals(Rational.MINUS_ONE)) {
                        masks[f.ordinal()][r] |= Ternary.pack(0, 1L << x);
                    } else if (!q.isZero()) {
                        throw new IllegalArgumentException(s + " has the coefficient " + q
                                + "; a ternary search needs coefficients in {-1, 0, 1}");
                    }
                }
            }
        }
        return new BitScheme(s.format(), true, masks[0], masks[1], masks[2]);
    }

    public Format format() {
        return format;
    }

    /** Whether the factors are packed ternary ones (a scheme over Z) rather than GF(2) masks. */
    public boolean ternary() {
        return ternary;
    }

    public int rank() {
        return a.length;
    }

    /** Factor {@code slot} (0 = A, 1 = B, 2 = C) of term r. */
    public long factor(int slot, int r) {
        return switch (slot) {
            case 0 -> a[r];
            case 1 -> b[r];
            default -> c[r];
        };
    }

    /** Nonzero coefficients in U, V and W together. */
    public int nonzeros() {
        int n = 0;
        for (int r = 0; r < a.length; r++) {
            n += Long.bitCount(a[r]) + Long.bitCount(b[r]) + Long.bitCount(c[r]);
        }
        return n;
    }

    /** The scheme (over GF2, or over Z when ternary), with these comments. */
    public Scheme toScheme(List<String> comments) {
        int rank = rank();
        Rational[][][] m = new Rational[3][][];
        for (Factor f : Factor.values()) {
            Rational[][] rows = new Rational[f.rows(format)][rank];
            for (int x = 0; x < rows.length; x++) {
                for (int r = 0; r < rank; r++) {
                    long v = factor(f.ordinal(), r);
                    rows[x][r] = Rational.of(ternary ? Ternary.entry(v, x) : (int) (v >>> x & 1));
                }
            }
            m[f.ordinal()] = rows;
        }
        return Scheme.of(format, ternary ? Field.Z : Field.GF2, m[0], m[1], m[2], comments);
    }

    /** The same terms in a canonical order (sorted by A, B, C mask), for comparing schemes as multisets. */
    public BitScheme sorted() {
        Integer[] order = new Integer[rank()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> {
            int cmp = Long.compareUnsigned(a[x], a[y]);
            if (cmp == 0) {
                cmp = Long.compareUnsigned(b[x], b[y]);
            }
            return cmp != 0 ? cmp : Long.compareUnsigned(c[x], c[y]);
        });
        long[][] out = new long[3][rank()];
        for (int i = 0; i < order.length; i++) {
            out[0][i] = a[order[i]];
            out[1][i] = b[order[i]];
            out[2][i] = c[order[i]];
        }
        return new BitScheme(format, ternary, out[0], out[1], out[2]);
    }

    /** Same format, same coefficients and the same terms in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BitScheme s && format.equals(s.format) && ternary == s.ternary && Arrays.equals(a, s.a) && Arrays.equals(b, s.b)
                && Arrays.equals(c, s.c);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(a) * 31 + Arrays.hashCode(b)) * 31 + Arrays.hashCode(c);
    }

    @Override
    public String toString() {
        return format.angle().replace(">", ";" + rank() + ">") + (ternary ? " over Z, ternary" : " over GF2");
    }
}
