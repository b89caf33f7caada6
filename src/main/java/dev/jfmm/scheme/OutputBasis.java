package dev.jfmm.scheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A change of basis of a scheme's C entries that makes W sparser (after Karstadt and Schwartz, "Matrix
 * multiplication, a little faster", SPAA 2017, who change the bases of A, B and C; here only C's). The
 * products are added into C' = Y C with W' = Y W, and C = Y^-1 C' afterwards, in one pass over C. Strassen's
 * W has 12 nonzeros; in the basis C11, C12, C21, C11 + C12 - C21 - C22 it has 10 (M6 and M7 both go only to
 * the fourth), and two levels 100 against 144: each nonzero is a product added into a C block.
 *
 * <p>{@code forward} is Y and {@code inverse} Y^-1, both square over C's entries (i * p + k), integer and
 * unimodular (Y^-1 has integer entries, so decoding adds and subtracts).
 */
public record OutputBasis(Format format, Rational[][] forward, Rational[][] inverse) {

    /** Combinations of more W rows than this are tried only where C has at most {@link #ALL_COMBINATIONS} entries. */
    private static final int MAX_TERMS = 3;
    private static final int ALL_COMBINATIONS = 9;

    /** The basis C itself: Y = Y^-1 = I. */
    public static OutputBasis identity(Format format) {
        int size = format.n() * format.p();
        return new OutputBasis(format, RationalMatrix.identity(size), RationalMatrix.identity(size));
    }

    /**
     * The basis in which s's W has the fewest nonzeros that a greedy choice finds: over the combinations
     * of W's rows with coefficients -1, 0 and 1 (all of them for up to 9 C entries, else those of up to 3
     * rows), the sparsest ones that are linearly independent (the greedy is optimal over those candidates,
     * since independent sets form a matroid). The identity where that saves nothing or Y^-1 is not integer.
     */
    public static OutputBasis sparsest(Scheme s) {
        Format f = s.format();
        int size = f.n() * f.p();
        Rational[][] w = s.factor(Factor.W);
        List<int[]> candidates = new ArrayList<>();
        combinations(new int[size], 0, 0, size <= ALL_COMBINATIONS ? size : MAX_TERMS, candidates);
        record Candidate(int[] coefficients, int terms, int nonzeros) {
        }
        List<Candidate> ranked = new ArrayList<>();
        for (int[] c : candidates) {
            ranked.add(new Candidate(c, (int) Arrays.stream(c).filter(x -> x != 0).count(), nonzeros(combine(c, w))));
        }
        ranked.sort(Comparator.comparingInt(Candidate::nonzeros).thenComparingInt(Candidate::terms)); // stable
        List<int[]> chosen = new ArrayList<>();
        Independence independence = new Independence(size);
        int total = 0;
        for (Candidate c : ranked) {
            if (chosen.size() == size) {
                break;
            }
            if (c.nonzeros() > 0 && independence.add(c.coefficients())) {
                chosen.add(c.coefficients());
                total += c.nonzeros();
            }
        }
        if (chosen.size() < size || total >= nonzeros(w)) {
            return identity(f);
        }
        Rational[][] y = new Rational[size][];
        int[] position = positions(chosen, size);
        for (int i = 0; i < size; i++) {
            y[position[i]] = Arrays.stream(chosen.get(i)).mapToObj(Rational::of).toArray(Rational[]::new);
        }
        RationalMatrix inverse = new RationalMatrix(y).inverse();
        Rational[][] inv = new Rational[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                inv[i][j] = inverse.get(i, j);
                if (!inv[i][j].isInteger()) {
                    return identity(f);
                }
            }
        }
        return new OutputBasis(f, y, inv);
    }

    /** Whether this is C's own basis. */
    public boolean isIdentity() {
        return Arrays.deepEquals(forward, RationalMatrix.identity(forward.length));
    }

    /** W' = Y W: the scheme's W in this basis (rows are this basis's entries). */
    public Rational[][] transform(Rational[][] w) {
        Rational[][] out = new Rational[forward.length][];
        for (int i = 0; i < forward.length; i++) {
            out[i] = combine(forward[i], w);
        }
        return out;
    }

    /**
     * The basis of {@code SchemeAlgebra.product(outer, inner)}'s C, for this basis of outer's C and
     * {@code inner}'s of inner's: their Kronecker product, in the product's order of C entries (an entry
     * (i1 * n2 + i2, k1 * p2 + k2) is row (i1 * n2 + i2) * p1 * p2 + k1 * p2 + k2).
     */
    public OutputBasis times(OutputBasis inner) {
        Format a = format, b = inner.format;
        return new OutputBasis(new Format(a.n() * b.n(), a.m() * b.m(), a.p() * b.p()),
                kron(forward, inner.forward, a, b), kron(inverse, inner.inverse, a, b));
    }

    private static Rational[][] kron(Rational[][] x, Rational[][] y, Format a, Format b) {
        int size = x.length * y.length, cols = a.p() * b.p();
        Rational[][] out = new Rational[size][size];
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                out[row][col] = x[outerEntry(row, a, b, cols)][outerEntry(col, a, b, cols)]
                        .multiply(y[innerEntry(row, b, cols)][innerEntry(col, b, cols)]);
            }
        }
        return out;
    }

    /** The outer scheme's C entry (i1 * p1 + k1) of a product's C entry. */
    private static int outerEntry(int entry, Format a, Format b, int cols) {
        return entry / cols / b.n() * a.p() + entry % cols / b.p();
    }

    /** The inner scheme's C entry (i2 * p2 + k2) of a product's C entry. */
    private static int innerEntry(int entry, Format b, int cols) {
        return entry / cols % b.n() * b.p() + entry % cols % b.p();
    }

    /** Every coefficient vector with entries -1, 0, 1, at most maxTerms nonzero, the first nonzero 1. */
    private static void combinations(int[] c, int from, int terms, int maxTerms, List<int[]> out) {
        if (terms > 0) {
            out.add(c.clone());
        }
        if (terms == maxTerms) {
            return;
        }
        for (int i = from; i < c.length; i++) {
            for (int sign : terms == 0 ? new int[] {1} : new int[] {1, -1}) {
                c[i] = sign;
                combinations(c, i + 1, terms + 1, maxTerms, out);
                c[i] = 0;
            }
        }
    }

    private static Rational[] combine(int[] c, Rational[][] rows) {
        return combine(Arrays.stream(c).mapToObj(Rational::of).toArray(Rational[]::new), rows);
    }

    /** sum_i c[i] * rows[i]. */
    private static Rational[] combine(Rational[] c, Rational[][] rows) {
        int cols = rows[0].length;
        Rational[] out = new Rational[cols];
        Arrays.fill(out, Rational.ZERO);
        for (int i = 0; i < rows.length; i++) {
            Rational ci = c[i];
            if (ci.isZero()) {
                continue;
            }
            for (int r = 0; r < cols; r++) {
                if (!rows[i][r].isZero()) {
                    out[r] = out[r].add(ci.multiply(rows[i][r]));
                }
            }
        }
        return out;
    }

    private static int nonzeros(Rational[]... rows) {
        return (int) Arrays.stream(rows).flatMap(Arrays::stream).filter(x -> !x.isZero()).count();
    }

    /**
     * Where each chosen vector goes (its row of Y): an entry it has, so Y is as near the identity as a
     * matching of vectors to their entries gets (vectors of a single entry first), which keeps C entries that
     * need no decoding as they are.
     */
    private static int[] positions(List<int[]> chosen, int size) {
        int[] owner = new int[size];
        Arrays.fill(owner, -1);
        Integer[] order = new Integer[chosen.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> Arrays.stream(chosen.get(i)).filter(x -> x != 0).count()));
        for (int i : order) {
            if (!augment(i, chosen, owner, new boolean[size])) {
                throw new IllegalStateException("independent vectors always match their entries");
            }
        }
        int[] position = new int[chosen.size()];
        for (int e = 0; e < size; e++) {
            position[owner[e]] = e;
        }
        return position;
    }

    /** Kuhn's augmenting path: vector i takes a free entry it has, or one whose owner can move. */
    private static boolean augment(int i, List<int[]> chosen, int[] owner, boolean[] seen) {
        int[] c = chosen.get(i);
        for (int e = 0; e < c.length; e++) {
            if (c[e] != 0 && !seen[e]) {
                seen[e] = true;
                if (owner[e] < 0 || augment(owner[e], chosen, owner, seen)) {
                    owner[e] = i;
                    return true;
                }
            }
        }
        return false;
    }

    /** Linear independence of integer vectors, tested exactly by elimination against the ones kept. */
    private static final class Independence {
        private final List<Rational[]> reduced = new ArrayList<>();
        private final List<Integer> pivots = new ArrayList<>();
        private final int size;

        Independence(int size) {
            this.size = size;
        }

        /** Keeps c and returns true if it is independent of the vectors kept so far. */
        boolean add(int[] c) {
            Rational[] v = Arrays.stream(c).mapToObj(Rational::of).toArray(Rational[]::new);
            for (int k = 0; k < reduced.size(); k++) {
                Rational factor = v[pivots.get(k)];
                if (!factor.isZero()) {
                    Rational[] row = reduced.get(k);
                    for (int j = 0; j < size; j++) {
                        v[j] = v[j].subtract(factor.multiply(row[j]));
                    }
                }
            }
            for (int j = 0; j < size; j++) {
                if (!v[j].isZero()) {
                    Rational scale = v[j].reciprocal();
                    for (int x = 0; x < size; x++) {
                        v[x] = v[x].multiply(scale);
                    }
                    reduced.add(v);
                    pivots.add(j);
                    return true;
                }
            }
            return false;
        }
    }
}
