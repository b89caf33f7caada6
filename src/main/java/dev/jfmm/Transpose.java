package dev.jfmm;

/** Whether an operand enters the product as stored or transposed (BLAS 'N' and 'T'). */
public enum Transpose {
    NO_TRANSPOSE,
    TRANSPOSE;

    /** The BLAS character: 'N' or 'n'; 'T', 't', 'C' or 'c' (conjugate transpose is transpose for real data). */
    public static Transpose of(char blas) {
        return switch (blas) {
            case 'N', 'n' -> NO_TRANSPOSE;
            case 'T', 't', 'C', 'c' -> TRANSPOSE;
            default -> throw new IllegalArgumentException("transpose must be one of N, T, C; got '" + blas + "'");
        };
    }
}
