package dev.jfmm.scheme;

import java.util.Locale;

/**
 * The six transposition/cyclic symmetries of the matrix-multiplication tensor. A scheme for
 * &lt;n,m,p&gt; gives one for each permutation of the format; each constant is named by the output
 * format in the input's letters, so PMN turns &lt;n,m,p&gt; into &lt;p,m,n&gt; (C^T = B^T A^T).
 */
public enum Symmetry {
    /** The identity. */
    NMP,
    /** Cyclic: from trace(ABC^T) = trace(BC^T A), &lt;m,p,n&gt;. */
    MPN,
    /** Cyclic twice: &lt;p,n,m&gt;. */
    PNM,
    /** Transpose: C^T = B^T A^T, &lt;p,m,n&gt;. */
    PMN,
    /** Cyclic then transpose: &lt;n,p,m&gt;. */
    NPM,
    /** Cyclic twice then transpose: &lt;m,n,p&gt;. */
    MNP;

    /** The format this symmetry turns f into. */
    public Format apply(Format f) {
        int[] d = {f.n(), f.m(), f.p()};
        String letters = name();
        return new Format(d[index(letters.charAt(0))], d[index(letters.charAt(1))], d[index(letters.charAt(2))]);
    }

    private static int index(char letter) {
        return "NMP".indexOf(letter);
    }

    /** Parses a name such as "pmn" (case-insensitive). */
    public static Symmetry parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is no symmetry; use a permutation of nmp: "
                    + "nmp, mpn, pnm, pmn, npm, mnp");
        }
    }

    /** Cyclic shifts (0..2) then an optional transpose: the composition this symmetry stands for. */
    int cyclicShifts() {
        return switch (this) {
            case NMP, PMN -> 0;
            case MPN, NPM -> 1;
            case PNM, MNP -> 2;
        };
    }

    boolean transposes() {
        return this == PMN || this == NPM || this == MNP;
    }
}
