package dev.jfmm.scheme;

/**
 * The outcome of checking a scheme's Brent equations: valid, or the first violated equation.
 *
 * @param scheme the scheme checked
 * @param violation the first equation that fails, in (A entry, B entry, C entry) order; null if valid
 */
public record Verification(Scheme scheme, Violation violation) {

    public boolean valid() {
        return violation == null;
    }

    /** "ok" or the violated equation, for one line of output. */
    public String summary() {
        return valid() ? "ok" : violation.toString();
    }

    /**
     * One violated Brent equation: sum_r U[a][r] V[b][r] W[c][r] should be 1 exactly when the A entry
     * (i,j), B entry (j',k) and C entry (i',k') satisfy i = i', j = j', k = k', and 0 otherwise.
     */
    public record Violation(int ai, int aj, int bj, int bk, int ci, int ck, Rational value, int expected,
            Field field) {
        @Override
        public String toString() {
            return "Brent equation for A[" + ai + "][" + aj + "] B[" + bj + "][" + bk + "] C[" + ci + "][" + ck
                    + "] is " + value + (field == Field.GF2 ? " mod 2" : "") + ", should be " + expected;
        }
    }
}
