package dev.jfmm.search;

import dev.jfmm.io.CliNames;
import dev.jfmm.scheme.Format;

/**
 * Which schemes a search walks over, as {@code --symmetry} names them: all of them ({@link #NONE}), or
 * only those invariant under the transpose symmetry σ(a⊗b⊗c) = bᵀ⊗aᵀ⊗cᵀ ({@link #TRANSPOSE}; see
 * {@link SymmetricWalk}), a smaller graph where 4x4x4 over GF(2) reaches rank 47 and the plain walk
 * stops at 49.
 */
public enum SearchSymmetry {
    NONE,
    TRANSPOSE;

    /**
     * The symmetry named by {@code --symmetry}, in any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SearchSymmetry parse(String name) {
        return CliNames.parse(values(), "symmetry", name);
    }

    /** The name {@link #parse} reads. */
    public String cliName() {
        return CliNames.of(this);
    }

    /**
     * Checks that a search of this symmetry can go over the format and field.
     *
     * @throws IllegalArgumentException saying why not
     */
    void check(Format format, SearchField field) {
        if (this == NONE) {
            return;
        }
        if (format.n() != format.p()) {
            throw new IllegalArgumentException("--symmetry transpose needs a format n x m x n (the transpose maps "
                    + "<n,m,p> to <p,m,n>), not " + format);
        }
        if (field != SearchField.GF2) {
            throw new IllegalArgumentException("--symmetry transpose walks over GF2 only; use --field GF2");
        }
    }
}
