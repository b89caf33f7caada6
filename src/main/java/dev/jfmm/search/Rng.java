package dev.jfmm.search;

/**
 * SplitMix64: a small, fast generator whose whole state is one long, so a walker's randomness is a
 * pure function of its seed. Not for cryptography.
 */
final class Rng {

    private long state;

    Rng(long seed) {
        state = seed;
    }

    /** A seed for stream {@code stream} of run {@code seed} (walker, round, purpose), well mixed. */
    static long seed(long seed, long... stream) {
        long s = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long x : stream) {
            s = mix(s + 0x9E3779B97F4A7C15L * (x + 1));
        }
        return s;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long next() {
        return mix(state += 0x9E3779B97F4A7C15L);
    }

    /** Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; bias below 2^-32 for our bounds). */
    int below(int bound) {
        return (int) (((next() >>> 32) * bound) >>> 32);
    }

    double unit() {
        return (next() >>> 11) * 0x1.0p-53;
    }
}
