package dev.jfmm.scheme;

import java.math.BigInteger;

/**
 * Checks the Brent equations exactly: sum_r U[a][r] V[b][r] W[c][r] = T[a][b][c] for every A entry a,
 * B entry b and C entry c, over the scheme's field. No floating point anywhere.
 *
 * <p>Only nonzero coefficients are visited, and the sums are taken one A entry at a time into a dense
 * (B entry x C entry) slab. Over Z and Q each factor is first scaled by the least common multiple of
 * its denominators, so the sums are long integers compared with that scale; if a sum overflows, the
 * slab is recomputed with exact rationals. Over GF2 the coefficients are 0/1 and only parity counts.
 */
public final class Verifier {

    private Verifier() {}

    public static Verification verify(Scheme s) {
        SparseFactors f;
        try {
            f = SparseFactors.of(s);
        } catch (ArithmeticException tooLarge) {
            f = null; // scaled coefficients do not fit longs: every slab takes the exact path
        }
        Format fm = s.format();
        long[] slab = new long[fm.bSize() * fm.cSize()];
        for (int a = 0; a < fm.aSize(); a++) {
            Verification.Violation v;
            try {
                v = f != null ? checkSlabLong(s, f, a, slab) : checkSlabExact(s, a);
            } catch (ArithmeticException overflow) {
                v = checkSlabExact(s, a);
            }
            if (v != null) {
                return new Verification(s, v);
            }
        }
        return new Verification(s, null);
    }

    /** True when the tensor has a 1 at (a, b, c): A[i][j], B[j][k], C[i][k]. */
    private static boolean target(Format f, int a, int b, int c) {
        return a / f.m() == c / f.p() && a % f.m() == b / f.p() && b % f.p() == c % f.p();
    }

    private static Verification.Violation checkSlabLong(Scheme s, SparseFactors f, int a, long[] slab) {
        java.util.Arrays.fill(slab, 0);
        int cSize = s.format().cSize();
        for (int e = f.uStart[a]; e < f.uStart[a + 1]; e++) {
            int r = f.uProduct[e];
            long u = f.uValue[e];
            for (int x = f.vStart[r]; x < f.vStart[r + 1]; x++) {
                long uv = Math.multiplyExact(u, f.vValue[x]);
                int row = f.vIndex[x] * cSize;
                for (int y = f.wStart[r]; y < f.wStart[r + 1]; y++) {
                    int at = row + f.wIndex[y];
                    slab[at] = Math.addExact(slab[at], Math.multiplyExact(uv, f.wValue[y]));
                }
            }
        }
        boolean gf2 = s.field() == Field.GF2;
        for (int b = 0; b < s.format().bSize(); b++) {
            for (int c = 0; c < cSize; c++) {
                long sum = slab[b * cSize + c];
                int expected = target(s.format(), a, b, c) ? 1 : 0;
                boolean ok = gf2 ? (sum & 1) == expected : sum == (expected == 1 ? f.scale : 0);
                if (!ok) {
                    Rational value = gf2 ? Rational.of(sum & 1) : Rational.of(sum, f.scale);
                    return violation(s, a, b, c, value, expected);
                }
            }
        }
        return null;
    }

    /** The slow path for coefficients whose scaled sums overflow a long: plain exact rationals. */
    private static Verification.Violation checkSlabExact(Scheme s, int a) {
        Format fm = s.format();
        Rational[] slab = new Rational[fm.bSize() * fm.cSize()];
        java.util.Arrays.fill(slab, Rational.ZERO);
        for (int r = 0; r < s.rank(); r++) {
            Rational u = s.coefficient(Factor.U, a, r);
            if (u.isZero()) {
                continue;
            }
            for (int b = 0; b < fm.bSize(); b++) {
                Rational v = s.coefficient(Factor.V, b, r);
                if (v.isZero()) {
                    continue;
                }
                Rational uv = u.multiply(v);
                for (int c = 0; c < fm.cSize(); c++) {
                    Rational w = s.coefficient(Factor.W, c, r);
                    if (!w.isZero()) {
                        slab[b * fm.cSize() + c] = slab[b * fm.cSize() + c].add(uv.multiply(w));
                    }
                }
            }
        }
        for (int b = 0; b < fm.bSize(); b++) {
            for (int c = 0; c < fm.cSize(); c++) {
                int expected = target(fm, a, b, c) ? 1 : 0;
                if (!slab[b * fm.cSize() + c].equals(Rational.of(expected))) {
                    return violation(s, a, b, c, slab[b * fm.cSize() + c], expected);
                }
            }
        }
        return null;
    }

    private static Verification.Violation violation(Scheme s, int a, int b, int c, Rational value, int expected) {
        Format f = s.format();
        return new Verification.Violation(a / f.m(), a % f.m(), b / f.p(), b % f.p(), c / f.p(), c % f.p(),
                value, expected, s.field());
    }

    /**
     * The factors as integers in compressed sparse form: U by row (A entry -> products), V and W by
     * column (product -> entries). Over Z and Q each factor is scaled by the lcm of its denominators;
     * {@code scale} is the product of the three, what a sum equal to 1 becomes.
     */
    private static final class SparseFactors {
        int[] uStart;
        int[] uProduct;
        long[] uValue;
        int[] vStart;
        int[] vIndex;
        long[] vValue;
        int[] wStart;
        int[] wIndex;
        long[] wValue;
        long scale;

        /** @throws ArithmeticException when the scaled coefficients do not fit longs */
        static SparseFactors of(Scheme s) {
            SparseFactors f = new SparseFactors();
            boolean gf2 = s.field() == Field.GF2;
            long lu = gf2 ? 1 : lcmOfDenominators(s, Factor.U);
            long lv = gf2 ? 1 : lcmOfDenominators(s, Factor.V);
            long lw = gf2 ? 1 : lcmOfDenominators(s, Factor.W);
            f.scale = Math.multiplyExact(Math.multiplyExact(lu, lv), lw);
            Format fm = s.format();
            int rank = s.rank();
            // U by rows.
            int[][] uCsr = csr(fm.aSize(), rank, (i, r) -> s.coefficient(Factor.U, i, r));
            f.uStart = uCsr[0];
            f.uProduct = uCsr[1];
            f.uValue = scaled(s, Factor.U, uCsr, true, lu);
            int[][] vCsr = csr(rank, fm.bSize(), (r, j) -> s.coefficient(Factor.V, j, r));
            f.vStart = vCsr[0];
            f.vIndex = vCsr[1];
            f.vValue = scaled(s, Factor.V, vCsr, false, lv);
            int[][] wCsr = csr(rank, fm.cSize(), (r, c) -> s.coefficient(Factor.W, c, r));
            f.wStart = wCsr[0];
            f.wIndex = wCsr[1];
            f.wValue = scaled(s, Factor.W, wCsr, false, lw);
            return f;
        }

        private interface Entry {
            Rational at(int outer, int inner);
        }

        /** {starts, inner indices} of the nonzeros, outer index by outer index. */
        private static int[][] csr(int outer, int inner, Entry entry) {
            int[] start = new int[outer + 1];
            int[] index = new int[16];
            int count = 0;
            for (int o = 0; o < outer; o++) {
                start[o] = count;
                for (int i = 0; i < inner; i++) {
                    if (!entry.at(o, i).isZero()) {
                        if (count == index.length) {
                            index = java.util.Arrays.copyOf(index, count * 2);
                        }
                        index[count++] = i;
                    }
                }
            }
            start[outer] = count;
            return new int[][] {start, java.util.Arrays.copyOf(index, count)};
        }

        /** The CSR entries' values times the scale, as longs. */
        private static long[] scaled(Scheme s, Factor f, int[][] csr, boolean outerIsRow, long scale) {
            int[] start = csr[0];
            int[] index = csr[1];
            long[] values = new long[index.length];
            boolean gf2 = s.field() == Field.GF2;
            for (int o = 0; o + 1 < start.length; o++) {
                for (int e = start[o]; e < start[o + 1]; e++) {
                    Rational c = outerIsRow ? s.coefficient(f, o, index[e]) : s.coefficient(f, index[e], o);
                    values[e] = gf2 ? c.mod2() : scaledValue(c, scale);
                }
            }
            return values;
        }

        private static long scaledValue(Rational c, long scale) {
            BigInteger v = c.numerator().multiply(BigInteger.valueOf(scale)).divide(c.denominator());
            return v.longValueExact();
        }

        /** The lcm of a factor's denominators. */
        private static long lcmOfDenominators(Scheme s, Factor f) {
            BigInteger lcm = BigInteger.ONE;
            for (int i = 0; i < f.rows(s.format()); i++) {
                for (int r = 0; r < s.rank(); r++) {
                    BigInteger d = s.coefficient(f, i, r).denominator();
                    if (!d.equals(BigInteger.ONE)) {
                        lcm = lcm.divide(lcm.gcd(d)).multiply(d);
                    }
                }
            }
            return lcm.longValueExact();
        }
    }
}
