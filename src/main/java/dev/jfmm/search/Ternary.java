package dev.jfmm.search;

/**
 * Arithmetic on factors with coefficients in {-1, 0, 1}, each packed in one long: bit x is set where
 * entry x is +1, bit 32 + x where it is -1 (so matrices of at most 32 entries). The bit count of a
 * packed factor is its nonzero count, and negation swaps the halves.
 */
final class Ternary {

    /** Matrices with more entries than this do not fit a packed factor. */
    static final int MAX_ENTRIES = 32;
    /** What a sum returns when an entry would leave {-1, 0, 1} (never a valid factor: +1 and -1 at once). */
    static final long OUT_OF_RANGE = -1L;
    private static final long LOW = 0xFFFF_FFFFL;

    private Ternary() {}

    static long pack(long plus, long minus) {
        return plus | minus << 32;
    }

    static long negate(long x) {
        return Long.rotateLeft(x, 32);
    }

    /** The coefficient of entry e: 1, -1 or 0. */
    static int entry(long x, int e) {
        return (int) (x >>> e & 1) - (int) (x >>> (32 + e) & 1);
    }

    /** x + y, or {@link #OUT_OF_RANGE} when an entry would be 2 or -2. */
    static long add(long x, long y) {
        if ((x & y) != 0) {
            return OUT_OF_RANGE;
        }
        long cancel = x & negate(y);
        return (x & ~cancel) | (y & ~negate(cancel));
    }

    /** x + y or x - y. */
    static long add(long x, long y, boolean subtract) {
        return add(x, subtract ? negate(y) : y);
    }

    /** Whether the first nonzero entry is +1 (a factor and its negation: exactly one of them is). */
    static boolean positive(long x) {
        long any = (x | x >>> 32) & LOW;
        return (x & any & -any) != 0;
    }

    /** The one of x and -x whose first nonzero entry is +1 (0 stays 0). */
    static long canonical(long x) {
        return x == 0 || positive(x) ? x : negate(x);
    }

    /** Whether x is a packed factor: no entry both +1 and -1. */
    static boolean valid(long x) {
        return (x & x >>> 32) == 0;
    }
}
