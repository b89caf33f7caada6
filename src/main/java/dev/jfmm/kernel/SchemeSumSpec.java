package dev.jfmm.kernel;

import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a generated class of scheme sums is ({@link SchemeSums}): precision, vector width, and the
 * distinct coefficient patterns of a scheme's A and B sums, each the nonzero coefficients of one column
 * of U or V in row order. The spec is the cache key; equal specs generate identical code.
 *
 * <p>Not every sum is a pattern: a plain copy (one term, coefficient 1) needs no code; a sum of more
 * than {@link #MAX_TERMS} terms, and every pattern after the first {@link #MAX_PATTERNS}, stays with
 * the interpretive sums. Both limits keep the generated methods small: a term costs about 35 bytes of
 * bytecode and three vector operations, so MAX_TERMS keeps a sum method near C1's budget of some 200
 * vector operations (see {@link KernelIR}) and far below HotSpot's 8000-byte limit
 * ({@link BytecodeBackend#HUGE_METHOD_LIMIT}), and MAX_PATTERNS keeps the dispatch method (about 20
 * bytes a pattern) below it too.
 *
 * @param precision  element type
 * @param vectorBits width of the species the sums are baked for
 * @param patterns   the coefficient patterns, in first-seen order (method pN computes pattern N)
 */
public record SchemeSumSpec(Precision precision, int vectorBits, List<List<Double>> patterns) {

    public static final int MAX_TERMS = 64;
    public static final int MAX_PATTERNS = 256;

    public SchemeSumSpec {
        if (precision == null) {
            throw new IllegalArgumentException("precision is null");
        }
        if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
            throw new IllegalArgumentException("vectorBits = " + vectorBits + " must be 128, 256 or 512");
        }
        patterns = patterns.stream().map(List::copyOf).toList();
        if (patterns.size() > MAX_PATTERNS || patterns.stream().anyMatch(p -> !generated(p))) {
            throw new IllegalArgumentException("patterns must be at most " + MAX_PATTERNS + ", each of 1 to "
                    + MAX_TERMS + " nonzero terms and not a plain copy");
        }
    }

    /** The spec for these sums (coefficient lists, zeros left out), keeping only the patterns that get code. */
    public static SchemeSumSpec of(Precision precision, int vectorBits, List<double[]> sums) {
        Set<List<Double>> patterns = new LinkedHashSet<>();
        for (double[] sum : sums) {
            List<Double> pattern = pattern(sum);
            if (generated(pattern) && (patterns.size() < MAX_PATTERNS || patterns.contains(pattern))) {
                patterns.add(pattern);
            }
        }
        return new SchemeSumSpec(precision, vectorBits, new ArrayList<>(patterns));
    }

    /** The spec for a scheme's sums: the columns of U (A's) and of V (B's). */
    public static SchemeSumSpec forScheme(Scheme scheme, Precision precision, int vectorBits) {
        List<double[]> sums = new ArrayList<>();
        for (Factor f : new Factor[] {Factor.U, Factor.V}) {
            Rational[][] factor = scheme.factor(f);
            for (int r = 0; r < scheme.rank(); r++) {
                int column = r;
                sums.add(Arrays.stream(factor).map(row -> row[column]).filter(c -> !c.isZero())
                        .mapToDouble(Rational::doubleValue).toArray());
            }
        }
        return of(precision, vectorBits, sums);
    }

    /** The index of the pattern these coefficients form, or -1 when they get no generated code. */
    public int patternOf(double[] coefficients) {
        return patterns.indexOf(pattern(coefficients));
    }

    public int lanes() {
        return precision.lanes(vectorBits);
    }

    /** A stable name, e.g. "d512_sums_12p_3f0a9c1d": precision, width, pattern count and a hash of the patterns. */
    public String key() {
        return (precision == Precision.DOUBLE ? "d" : "s") + vectorBits + "_sums_" + patterns.size() + "p_"
                + String.format("%08x", patterns.hashCode());
    }

    private static List<Double> pattern(double[] coefficients) {
        return Arrays.stream(coefficients).boxed().toList();
    }

    private static boolean generated(List<Double> pattern) {
        return !pattern.isEmpty() && pattern.size() <= MAX_TERMS && !pattern.contains(0.0) && !pattern.contains(-0.0)
                && !(pattern.size() == 1 && pattern.get(0) == 1);
    }
}
