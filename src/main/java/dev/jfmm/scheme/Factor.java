package dev.jfmm.scheme;

/** The three factor matrices of a scheme; each has one column per product. */
public enum Factor {
    /** Rows i*m+j: the coefficient of A[i][j] in each product's left operand. */
    U,
    /** Rows j*p+k: the coefficient of B[j][k] in each product's right operand. */
    V,
    /** Rows i*p+k: the coefficient of each product in C[i][k]. */
    W;

    /** Rows of this factor in a scheme of the given format. */
    public int rows(Format f) {
        return switch (this) {
            case U -> f.aSize();
            case V -> f.bSize();
            case W -> f.cSize();
        };
    }
}
