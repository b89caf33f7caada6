package dev.jfmm.scheme;

import java.util.Random;

/** Test helper: copies of a scheme with one coefficient changed. */
final class Corruptions {

    private Corruptions() {}

    /** A copy with one random coefficient of one random factor changed to another value valid in its field. */
    static Scheme changeOne(Scheme s, Random random) {
        Factor f = Factor.values()[random.nextInt(3)];
        Rational[][] u = s.factor(Factor.U);
        Rational[][] v = s.factor(Factor.V);
        Rational[][] w = s.factor(Factor.W);
        Rational[][] target = f == Factor.U ? u : f == Factor.V ? v : w;
        int row = random.nextInt(target.length);
        int r = random.nextInt(s.rank());
        Rational old = target[row][r];
        target[row][r] = switch (s.field()) {
            case GF2 -> old.isZero() ? Rational.ONE : Rational.ZERO;
            case Z -> old.add(Rational.of(random.nextBoolean() ? 1 + random.nextInt(3) : -1 - random.nextInt(3)));
            case Q -> old.add(Rational.of(1 + random.nextInt(3), 1 + random.nextInt(4))
                    .multiply(random.nextBoolean() ? Rational.ONE : Rational.MINUS_ONE));
        };
        return Scheme.of(s.format(), s.field(), u, v, w, s.comments());
    }
}
