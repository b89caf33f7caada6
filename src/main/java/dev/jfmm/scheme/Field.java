package dev.jfmm.scheme;

import java.util.Locale;

/** The ring a scheme's identity holds over. Complex schemes are recognised only to be refused. */
public enum Field {
    /** Integer coefficients; the identity holds over the integers (so over every ring). */
    Z,
    /** Rational coefficients; the identity holds over the rationals. */
    Q,
    /** Coefficients 0 and 1; the identity holds only modulo 2. */
    GF2;

    /** The message for schemes with complex coefficients, which jfmm's exact arithmetic cannot hold. */
    public static final String COMPLEX_REFUSED =
            "complex coefficients need complex arithmetic; jfmm handles schemes over Z, Q and GF2 only";

    /**
     * The field named in a file: Z, Q, GF2 (also F2, GF(2)).
     *
     * @throws IllegalArgumentException naming the problem, for C and for unknown names
     */
    public static Field parse(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "Z" -> Z;
            case "Q" -> Q;
            case "GF2", "F2", "GF(2)" -> GF2;
            case "C" -> throw new IllegalArgumentException("field C: " + COMPLEX_REFUSED);
            default -> throw new IllegalArgumentException("unknown field '" + name + "' (use Z, Q or GF2)");
        };
    }

    /** The field a combination of schemes over these two fields holds over (for products and joins). */
    public static Field combine(Field a, Field b) {
        if (a == GF2 || b == GF2) {
            if (a == Q || b == Q) {
                throw new IllegalArgumentException("cannot combine a scheme over Q with one over GF2; "
                        + "reduce the Q scheme mod 2 first");
            }
            return GF2;
        }
        return a == Q || b == Q ? Q : Z;
    }
}
