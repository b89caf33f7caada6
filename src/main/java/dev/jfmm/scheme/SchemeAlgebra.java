package dev.jfmm.scheme;

import java.util.ArrayList;
import java.util.List;

/**
 * Operations that turn valid schemes into valid schemes: the six symmetries of the format, the
 * tensor (Kronecker) product, the direct sum along p, the sandwich symmetry, reduction mod 2, and
 * the classical algorithm. Each result's comments say how it was made, then quote its inputs'.
 */
public final class SchemeAlgebra {

    private SchemeAlgebra() {}

    /** The classical algorithm for the format: one product A[i][j] * B[j][k] per (i, j, k), rank n*m*p. */
    public static Scheme classical(Format f) {
        int rank = f.classicalRank();
        Rational[][] u = zeros(f.aSize(), rank);
        Rational[][] v = zeros(f.bSize(), rank);
        Rational[][] w = zeros(f.cSize(), rank);
        for (int i = 0; i < f.n(); i++) {
            for (int j = 0; j < f.m(); j++) {
                for (int k = 0; k < f.p(); k++) {
                    int r = (i * f.m() + j) * f.p() + k;
                    u[i * f.m() + j][r] = Rational.ONE;
                    v[j * f.p() + k][r] = Rational.ONE;
                    w[i * f.p() + k][r] = Rational.ONE;
                }
            }
        }
        return Scheme.of(f, Field.Z, u, v, w, List.of("classical algorithm " + f.angle() + ", rank " + rank));
    }

    /** The scheme the symmetry gives, for the permuted format {@code sym.apply(s.format())}. */
    public static Scheme permute(Scheme s, Symmetry sym) {
        Scheme out = s;
        for (int i = 0; i < sym.cyclicShifts(); i++) {
            out = cyclic(out);
        }
        if (sym.transposes()) {
            out = transpose(out);
        }
        return out.withComments(derived("symmetry " + sym.name().toLowerCase(java.util.Locale.ROOT) + " of " + s, s));
    }

    /** &lt;n,m,p&gt; to &lt;m,p,n&gt;: U' = V, V'[k*n+i] = W[i*p+k], W'[j*n+i] = U[i*m+j]. */
    private static Scheme cyclic(Scheme s) {
        Format f = s.format();
        Format g = new Format(f.m(), f.p(), f.n());
        Rational[][] u = s.factor(Factor.V);
        Rational[][] v = new Rational[g.bSize()][];
        Rational[][] w = new Rational[g.cSize()][];
        Rational[][] su = s.factor(Factor.U);
        Rational[][] sw = s.factor(Factor.W);
        for (int i = 0; i < f.n(); i++) {
            for (int k = 0; k < f.p(); k++) {
                v[k * f.n() + i] = sw[i * f.p() + k];
            }
            for (int j = 0; j < f.m(); j++) {
                w[j * f.n() + i] = su[i * f.m() + j];
            }
        }
        return Scheme.of(g, s.field(), u, v, w, s.comments());
    }

    /** &lt;n,m,p&gt; to &lt;p,m,n&gt; (C^T = B^T A^T): U'[k*m+j] = V[j*p+k], V'[j*n+i] = U[i*m+j], W'[k*n+i] = W[i*p+k]. */
    private static Scheme transpose(Scheme s) {
        Format f = s.format();
        Format g = new Format(f.p(), f.m(), f.n());
        Rational[][] u = new Rational[g.aSize()][];
        Rational[][] v = new Rational[g.bSize()][];
        Rational[][] w = new Rational[g.cSize()][];
        Rational[][] su = s.factor(Factor.U);
        Rational[][] sv = s.factor(Factor.V);
        Rational[][] sw = s.factor(Factor.W);
        for (int j = 0; j < f.m(); j++) {
            for (int k = 0; k < f.p(); k++) {
                u[k * f.m() + j] = sv[j * f.p() + k];
            }
            for (int i = 0; i < f.n(); i++) {
                v[j * f.n() + i] = su[i * f.m() + j];
            }
        }
        for (int i = 0; i < f.n(); i++) {
            for (int k = 0; k < f.p(); k++) {
                w[k * f.n() + i] = sw[i * f.p() + k];
            }
        }
        return Scheme.of(g, s.field(), u, v, w, s.comments());
    }

    /**
     * The tensor (Kronecker) product: blocks of a's format whose entries are b's format, so
     * &lt;n1,m1,p1;R1&gt; x &lt;n2,m2,p2;R2&gt; = &lt;n1n2,m1m2,p1p2;R1R2&gt;, product r1*R2+r2.
     */
    public static Scheme product(Scheme a, Scheme b) {
        Format fa = a.format();
        Format fb = b.format();
        Format g = new Format(fa.n() * fb.n(), fa.m() * fb.m(), fa.p() * fb.p());
        Field field = Field.combine(a.field(), b.field());
        Rational[][] u = kron(a, b, Factor.U, fa.n(), fa.m(), fb.n(), fb.m());
        Rational[][] v = kron(a, b, Factor.V, fa.m(), fa.p(), fb.m(), fb.p());
        Rational[][] w = kron(a, b, Factor.W, fa.n(), fa.p(), fb.n(), fb.p());
        if (field == Field.GF2) {
            reduceMod2(u);
            reduceMod2(v);
            reduceMod2(w);
        }
        return Scheme.of(g, field, u, v, w, derived("tensor product " + a + " x " + b, a, b));
    }

    /** {@code levels} levels of s multiplied out into one scheme: s itself for 1, s x s for 2, and so on. */
    public static Scheme power(Scheme s, int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("levels = " + levels + " must be at least 1");
        }
        Scheme out = s;
        for (int l = 1; l < levels; l++) {
            out = product(out, s);
        }
        return out;
    }

    /** One factor of the product: row (i1*r2+i2)*(c1*c2)+(j1*c2+j2), column x*Rb+y, value a*b. */
    private static Rational[][] kron(Scheme a, Scheme b, Factor f, int r1, int c1, int r2, int c2) {
        int rank = a.rank() * b.rank();
        Rational[][] out = zeros(r1 * r2 * c1 * c2, rank);
        for (int i1 = 0; i1 < r1; i1++) {
            for (int j1 = 0; j1 < c1; j1++) {
                for (int x = 0; x < a.rank(); x++) {
                    Rational ca = a.coefficient(f, i1 * c1 + j1, x);
                    if (ca.isZero()) {
                        continue;
                    }
                    for (int i2 = 0; i2 < r2; i2++) {
                        for (int j2 = 0; j2 < c2; j2++) {
                            int row = (i1 * r2 + i2) * (c1 * c2) + (j1 * c2 + j2);
                            for (int y = 0; y < b.rank(); y++) {
                                Rational cb = b.coefficient(f, i2 * c2 + j2, y);
                                if (!cb.isZero()) {
                                    out[row][x * b.rank() + y] = ca.multiply(cb);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The direct sum along p: with B = [B1 B2] and C = [C1 C2], C1 = A B1 by a's products and C2 = A B2
     * by b's, so &lt;n,m,p1;R1&gt; + &lt;n,m,p2;R2&gt; = &lt;n,m,p1+p2;R1+R2&gt;.
     */
    public static Scheme joinAlongP(Scheme a, Scheme b) {
        Format fa = a.format();
        Format fb = b.format();
        if (fa.n() != fb.n() || fa.m() != fb.m()) {
            throw new IllegalArgumentException("joining along p needs equal n and m; " + fa + " and " + fb + " differ");
        }
        Format g = new Format(fa.n(), fa.m(), fa.p() + fb.p());
        int rank = a.rank() + b.rank();
        Rational[][] u = zeros(g.aSize(), rank);
        Rational[][] v = zeros(g.bSize(), rank);
        Rational[][] w = zeros(g.cSize(), rank);
        for (int row = 0; row < g.aSize(); row++) {
            for (int r = 0; r < rank; r++) {
                u[row][r] = r < a.rank() ? a.coefficient(Factor.U, row, r) : b.coefficient(Factor.U, row, r - a.rank());
            }
        }
        // V rows j*p+k and W rows i*p+k: columns k < p1 belong to a, the rest to b.
        for (int outer = 0; outer < Math.max(g.n(), g.m()); outer++) {
            for (int k = 0; k < g.p(); k++) {
                boolean first = k < fa.p();
                Scheme src = first ? a : b;
                int srcP = src.format().p();
                int srcK = first ? k : k - fa.p();
                int offset = first ? 0 : a.rank();
                for (int r = 0; r < src.rank(); r++) {
                    if (outer < g.m()) {
                        v[outer * g.p() + k][offset + r] = src.coefficient(Factor.V, outer * srcP + srcK, r);
                    }
                    if (outer < g.n()) {
                        w[outer * g.p() + k][offset + r] = src.coefficient(Factor.W, outer * srcP + srcK, r);
                    }
                }
            }
        }
        return Scheme.of(g, Field.combine(a.field(), b.field()), u, v, w,
                derived("direct sum along p of " + a + " and " + b, a, b));
    }

    /**
     * The sandwich symmetry: from A'B' = X (AB) Z^-1 with A = X^-1 A' Y and B = Y^-1 B' Z, each
     * product's operands become U'_r = X^-T U_r Y^T, V'_r = Y^-T V_r Z^T and W'_r = X W_r Z^-1
     * (U_r, V_r, W_r read as n x m, m x p, n x p matrices). X, Y, Z must be invertible over Q; the
     * result is over Z when every coefficient stays an integer.
     */
    public static Scheme sandwich(Scheme s, Rational[][] x, Rational[][] y, Rational[][] z) {
        if (s.field() == Field.GF2) {
            throw new IllegalArgumentException("the sandwich symmetry is implemented over Z and Q only");
        }
        Format f = s.format();
        RationalMatrix mx = square(x, f.n(), "X");
        RationalMatrix my = square(y, f.m(), "Y");
        RationalMatrix mz = square(z, f.p(), "Z");
        RationalMatrix xInvT = mx.inverse().transpose();
        RationalMatrix yInvT = my.inverse().transpose();
        Rational[][] u = transformEach(s, Factor.U, f.n(), f.m(), xInvT, my.transpose());
        Rational[][] v = transformEach(s, Factor.V, f.m(), f.p(), yInvT, mz.transpose());
        Rational[][] w = transformEach(s, Factor.W, f.n(), f.p(), mx, mz.inverse());
        boolean integral = List.of(u, v, w).stream().flatMap(java.util.Arrays::stream)
                .flatMap(java.util.Arrays::stream).allMatch(Rational::isInteger);
        Field field = s.field() == Field.Z && integral ? Field.Z : Field.Q;
        return Scheme.of(f, field, u, v, w, derived("sandwich (X A Y^-1, Y B Z^-1, X C Z^-1) of " + s, s));
    }

    private static RationalMatrix square(Rational[][] m, int size, String name) {
        RationalMatrix out = new RationalMatrix(m);
        if (out.rows() != size || out.cols() != size) {
            throw new IllegalArgumentException(name + " must be " + size + "x" + size + ", is " + out.rows() + "x"
                    + out.cols());
        }
        return out;
    }

    /** Each column r of the factor, read as a rows x cols matrix M, replaced by left * M * right. */
    private static Rational[][] transformEach(Scheme s, Factor f, int rows, int cols, RationalMatrix left,
            RationalMatrix right) {
        Rational[][] out = new Rational[rows * cols][s.rank()];
        for (int r = 0; r < s.rank(); r++) {
            Rational[][] m = new Rational[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    m[i][j] = s.coefficient(f, i * cols + j, r);
                }
            }
            RationalMatrix t = left.multiply(new RationalMatrix(m)).multiply(right);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i * cols + j][r] = t.get(i, j);
                }
            }
        }
        return out;
    }

    /**
     * The scheme read mod 2: every coefficient of an integer scheme (or a rational one with odd
     * denominators) reduced to 0 or 1. Valid over GF2 because reduction mod 2 is a ring map.
     */
    public static Scheme reduce(Scheme s) {
        Rational[][] u = s.factor(Factor.U);
        Rational[][] v = s.factor(Factor.V);
        Rational[][] w = s.factor(Factor.W);
        try {
            reduceMod2(u);
            reduceMod2(v);
            reduceMod2(w);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cannot reduce " + s + " mod 2: " + e.getMessage());
        }
        return Scheme.of(s.format(), Field.GF2, u, v, w, derived("reduction mod 2 of " + s, s));
    }

    private static void reduceMod2(Rational[][] rows) {
        for (Rational[] row : rows) {
            for (int r = 0; r < row.length; r++) {
                row[r] = Rational.of(row[r].mod2());
            }
        }
    }

    private static Rational[][] zeros(int rows, int cols) {
        Rational[][] out = new Rational[rows][cols];
        for (Rational[] row : out) {
            java.util.Arrays.fill(row, Rational.ZERO);
        }
        return out;
    }

    /** A derived scheme's comments: what was done, then each input's comments quoted with "| ". */
    private static List<String> derived(String what, Scheme... inputs) {
        List<String> out = new ArrayList<>();
        out.add(what);
        for (Scheme in : inputs) {
            for (String c : in.comments()) {
                out.add("| " + c);
            }
        }
        return out;
    }
}
