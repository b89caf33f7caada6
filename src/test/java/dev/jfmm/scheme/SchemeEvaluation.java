package dev.jfmm.scheme;

import java.math.BigInteger;

/**
 * Test oracle, independent of the verifier: runs a scheme as a bilinear algorithm on concrete
 * integer matrices with exact rationals, to compare with the plain triple loop.
 */
final class SchemeEvaluation {

    private SchemeEvaluation() {}

    /** C = A * B computed by the scheme's R products (A is n x m, B is m x p). */
    static Rational[][] multiply(Scheme s, long[][] a, long[][] b) {
        Format f = s.format();
        Rational[][] c = new Rational[f.n()][f.p()];
        for (Rational[] row : c) {
            java.util.Arrays.fill(row, Rational.ZERO);
        }
        for (int r = 0; r < s.rank(); r++) {
            Rational left = Rational.ZERO;
            for (int i = 0; i < f.n(); i++) {
                for (int j = 0; j < f.m(); j++) {
                    left = left.add(s.coefficient(Factor.U, i * f.m() + j, r).multiply(Rational.of(a[i][j])));
                }
            }
            Rational right = Rational.ZERO;
            for (int j = 0; j < f.m(); j++) {
                for (int k = 0; k < f.p(); k++) {
                    right = right.add(s.coefficient(Factor.V, j * f.p() + k, r).multiply(Rational.of(b[j][k])));
                }
            }
            Rational product = left.multiply(right);
            for (int i = 0; i < f.n(); i++) {
                for (int k = 0; k < f.p(); k++) {
                    c[i][k] = c[i][k].add(s.coefficient(Factor.W, i * f.p() + k, r).multiply(product));
                }
            }
        }
        return c;
    }

    /** True when the scheme multiplies random integer matrices correctly (mod 2 for GF2 schemes). */
    static boolean multipliesCorrectly(Scheme s, java.util.Random random, int trials) {
        Format f = s.format();
        for (int t = 0; t < trials; t++) {
            long[][] a = random(random, f.n(), f.m());
            long[][] b = random(random, f.m(), f.p());
            Rational[][] c = multiply(s, a, b);
            for (int i = 0; i < f.n(); i++) {
                for (int k = 0; k < f.p(); k++) {
                    long expected = 0;
                    for (int j = 0; j < f.m(); j++) {
                        expected += a[i][j] * b[j][k];
                    }
                    boolean ok = s.field() == Field.GF2
                            ? c[i][k].isInteger() && c[i][k].numerator().subtract(BigInteger.valueOf(expected))
                                    .mod(BigInteger.TWO).signum() == 0
                            : c[i][k].equals(Rational.of(expected));
                    if (!ok) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long[][] random(java.util.Random random, int rows, int cols) {
        long[][] m = new long[rows][cols];
        for (long[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextInt(2001) - 1000;
            }
        }
        return m;
    }
}
