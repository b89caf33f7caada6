package dev.jfmm.search;

import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import java.util.List;

/**
 * Lifts a GF(2) scheme to one over Z by Hensel lifting. A solution X mod 2^k of the Brent equations
 * T(X) = target becomes one mod 2^(k+1) as X + 2^k D, where D solves the linear system J D = (target -
 * T(X)) / 2^k mod 2, J being the Jacobian of T at the scheme mod 2 (the same matrix at every step).
 * Coefficients are kept in the symmetric range (-2^k, 2^k], and after each step X is checked exactly
 * over Z. The first step tries sign assignments first (D only where the scheme has a 1, so every
 * coefficient becomes 1 or -1), which is what flip-graph schemes usually admit: those sign patterns
 * form an affine space over GF(2), searched by seeded random walks. Failing that,
 * full steps to higher powers of 2. A scheme with no solution mod 4 has no lift at all.
 */
public final class Lifting {

    /** Steps to mod 2^k tried beyond the first, per attempt. */
    private static final int MAX_STEPS = 6;

    private final Format format;
    private final int rank;
    private final int[] rows = new int[3];
    /** The scheme mod 2, per slot: mod2[slot][x * rank + r] is 0 or 1. */
    private final long[][] mod2 = new long[3][];

    private Lifting(BitScheme s) {
        format = s.format();
        rank = s.rank();
        rows[0] = format.aSize();
        rows[1] = format.bSize();
        rows[2] = format.cSize();
        for (int slot = 0; slot < 3; slot++) {
            mod2[slot] = new long[rows[slot] * rank];
            for (int r = 0; r < rank; r++) {
                for (int x = 0; x < rows[slot]; x++) {
                    mod2[slot][x * rank + r] = s.factor(slot, r) >>> x & 1;
                }
            }
        }
    }

    /**
     * A scheme over Z reducing to {@code s} mod 2, or null when none was found.
     *
     * @param seed seeds the choice among sign assignments after the first
     * @param attempts how many hill climbs among sign assignments to try (at least 1)
     */
    public static Scheme lift(BitScheme s, long seed, int attempts, List<String> comments) {
        Lifting l = new Lifting(s);
        long[][] x = l.solve(new Rng(seed), Math.max(1, attempts));
        return x == null ? null : l.toScheme(x, comments);
    }

    /**
     * Whether the scheme lifts to Z mod 4: a necessary condition for any lift over Z, and cheap (one
     * linear system), so a walk can refuse schemes that cannot lift before it builds on them.
     */
    public static boolean liftsMod4(BitScheme s) {
        Lifting l = new Lifting(s);
        int[][] column = l.columns(false);
        return l.system(copy(l.mod2), 1, column, count(column)).solve();
    }

    private long[][] solve(Rng rng, int attempts) {
        long[][] x = signs(rng, attempts);
        if (x != null) {
            return x;
        }
        x = copy(mod2);
        for (int k = 1; k <= MAX_STEPS; k++) {
            if (!step(x, k)) {
                return null;
            }
            if (exact(x)) {
                return x;
            }
        }
        return null;
    }

    /**
     * Coefficients 1 and -1 where the scheme has a 1: the sign patterns that solve the equations mod 4
     * form an affine space over GF(2) (one bit per nonzero, set for -1); from random points of it, a
     * random walk along its basis vectors looks for one that solves them exactly. Null if none found;
     * when that space is empty no such lift exists (in practice, when it is not, the first point
     * tried already solves them, the rest of the space being mostly the sign symmetries of the terms).
     */
    private long[][] signs(Rng rng, int attempts) {
        int[][] column = columns(true);
        int unknowns = count(column);
        Gf2System system = system(copy(mod2), 1, column, unknowns);
        if (!system.solve()) {
            return null;
        }
        boolean[] free = system.freeColumns();
        boolean[] none = new boolean[unknowns];
        boolean[] particular = system.solution(none);
        List<boolean[]> basis = new java.util.ArrayList<>();
        for (int c = 0; c < unknowns; c++) {
            if (free[c]) {
                boolean[] unit = new boolean[unknowns];
                unit[c] = true;
                boolean[] withUnit = system.solution(unit);
                for (int i = 0; i < unknowns; i++) {
                    withUnit[i] ^= particular[i];
                }
                basis.add(withUnit);
            }
        }
        for (int attempt = 0; attempt < attempts; attempt++) {
            boolean[] point = particular.clone();
            if (attempt > 0) {
                for (boolean[] v : basis) {
                    if ((rng.next() & 1) != 0) {
                        xor(point, v);
                    }
                }
            }
            long score = violation(signed(point, column));
            // A random walk along the basis: improvements and sideways moves are taken, worse ones rarely.
            for (int move = 0; move < 40 * basis.size() && score > 0 && !basis.isEmpty(); move++) {
                boolean[] v = basis.get(rng.below(basis.size()));
                xor(point, v);
                long next = violation(signed(point, column));
                if (next <= score || rng.below(16) == 0) {
                    score = next;
                } else {
                    xor(point, v);
                }
            }
            if (score == 0) {
                return signed(point, column);
            }
        }
        return null;
    }

    private static void xor(boolean[] a, boolean[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] ^= b[i];
        }
    }

    /** The scheme with -1 where the sign bit of a nonzero is set. */
    private long[][] signed(boolean[] minus, int[][] column) {
        long[][] x = copy(mod2);
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < x[s].length; i++) {
                if (column[s][i] >= 0 && minus[column[s][i]]) {
                    x[s][i] = -1;
                }
            }
        }
        return x;
    }

    /** The sum of |target - T(x)| over all equations: 0 exactly when x is a scheme over Z. */
    private long violation(long[][] x) {
        long sum = 0;
        for (long e : residual(x)) {
            sum += Math.abs(e);
        }
        return sum;
    }

    private static long[][] copy(long[][] x) {
        long[][] out = new long[3][];
        for (int s = 0; s < 3; s++) {
            out[s] = x[s].clone();
        }
        return out;
    }

    private boolean exact(long[][] x) {
        for (long e : residual(x)) {
            if (e != 0) {
                return false;
            }
        }
        return true;
    }

    /** target - T(x), indexed (a * bSize + b) * cSize + c. */
    private long[] residual(long[][] x) {
        int bs = rows[1];
        int cs = rows[2];
        long[] e = new long[rows[0] * bs * cs];
        for (int a = 0; a < rows[0]; a++) {
            for (int b = 0; b < bs; b++) {
                for (int c = 0; c < cs; c++) {
                    if (target(a, b, c)) {
                        e[(a * bs + b) * cs + c] = 1;
                    }
                }
            }
        }
        int[][] support = new int[3][];
        for (int r = 0; r < rank; r++) {
            for (int s = 0; s < 3; s++) {
                support[s] = support(x[s], s, r);
            }
            for (int a : support[0]) {
                long u = x[0][a * rank + r];
                for (int b : support[1]) {
                    long uv = u * x[1][b * rank + r];
                    int row = (a * bs + b) * cs;
                    for (int c : support[2]) {
                        e[row + c] -= uv * x[2][c * rank + r];
                    }
                }
            }
        }
        return e;
    }

    private int[] support(long[] column, int slot, int r) {
        int n = 0;
        for (int x = 0; x < rows[slot]; x++) {
            n += column[x * rank + r] != 0 ? 1 : 0;
        }
        int[] out = new int[n];
        n = 0;
        for (int x = 0; x < rows[slot]; x++) {
            if (column[x * rank + r] != 0) {
                out[n++] = x;
            }
        }
        return out;
    }

    /** The matrix-multiplication tensor: A entry (i,j), B entry (j,k), C entry (i,k). */
    private boolean target(int a, int b, int c) {
        int m = format.m();
        int p = format.p();
        return a / m == c / p && a % m == b / p && b % p == c % p;
    }

    /**
     * One Hensel step from mod 2^k to mod 2^(k+1); false when the linear system has no solution.
     *
     */
    private boolean step(long[][] x, int k) {
        int[][] column = columns(false);
        int unknowns = count(column);
        Gf2System system = system(x, k, column, unknowns);
        if (!system.solve()) {
            return false;
        }
        boolean[] d = system.solution(new boolean[unknowns]);
        long half = 1L << k;
        long modulus = half << 1;
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < mod2[s].length; i++) {
                int col = column[s][i];
                long v = x[s][i] + (col >= 0 && d[col] ? half : 0);
                v = Math.floorMod(v, modulus);
                x[s][i] = v > half ? v - modulus : v;
            }
        }
        return true;
    }

    /** Unknowns (slot, entry, product), numbered in that order; -1 outside the support when {@code signsOnly}. */
    private int[][] columns(boolean signsOnly) {
        int[][] column = new int[3][];
        int unknowns = 0;
        for (int s = 0; s < 3; s++) {
            column[s] = new int[mod2[s].length];
            for (int i = 0; i < mod2[s].length; i++) {
                column[s][i] = signsOnly && mod2[s][i] == 0 ? -1 : unknowns++;
            }
        }
        return column;
    }

    private static int count(int[][] column) {
        int n = 0;
        for (int[] c : column) {
            for (int i : c) {
                n += i >= 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** J D = (target - T(x)) / 2^k mod 2, J the Jacobian at the scheme mod 2, over the given unknowns. */
    private Gf2System system(long[][] x, int k, int[][] column, int unknowns) {
        long[] e = residual(x);
        int bs = rows[1];
        int cs = rows[2];
        long[][] eq = new long[e.length][];
        Gf2System system = new Gf2System(unknowns);
        for (int i = 0; i < e.length; i++) {
            eq[i] = system.newRow();
        }
        // d/dU[a][r] of equation (a, b, c) is V[b][r] W[c][r] mod 2, and so on for V and W.
        for (int r = 0; r < rank; r++) {
            for (int a = 0; a < rows[0]; a++) {
                boolean ua = mod2[0][a * rank + r] != 0;
                for (int b = 0; b < bs; b++) {
                    boolean vb = mod2[1][b * rank + r] != 0;
                    if (!ua && !vb) {
                        continue;
                    }
                    for (int c = 0; c < cs; c++) {
                        long[] row = eq[(a * bs + b) * cs + c];
                        boolean wc = mod2[2][c * rank + r] != 0;
                        if (vb && wc && column[0][a * rank + r] >= 0) {
                            Gf2System.set(row, column[0][a * rank + r]);
                        }
                        if (ua && wc && column[1][b * rank + r] >= 0) {
                            Gf2System.set(row, column[1][b * rank + r]);
                        }
                        if (ua && vb && column[2][c * rank + r] >= 0) {
                            Gf2System.set(row, column[2][c * rank + r]);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < e.length; i++) {
            system.add(eq[i], (e[i] >> k & 1) != 0);
        }
        return system;
    }

    private Scheme toScheme(long[][] x, List<String> comments) {
        Rational[][][] m = new Rational[3][][];
        for (int s = 0; s < 3; s++) {
            m[s] = new Rational[rows[s]][rank];
            for (int i = 0; i < rows[s]; i++) {
                for (int r = 0; r < rank; r++) {
                    m[s][i][r] = Rational.of(x[s][i * rank + r]);
                }
            }
        }
        return Scheme.of(format, Field.Z, m[0], m[1], m[2], comments);
    }
}
