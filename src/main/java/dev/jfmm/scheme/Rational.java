package dev.jfmm.scheme;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * An exact rational number in lowest terms with a positive denominator. Scheme coefficients are
 * small, so values live in two longs; an operation that would overflow them falls back to BigInteger
 * (products and sandwiches of schemes can grow), so no result is ever rounded or wrapped.
 */
public final class Rational implements Comparable<Rational> {

    public static final Rational ZERO = new Rational(0, 1);
    public static final Rational ONE = new Rational(1, 1);
    public static final Rational MINUS_ONE = new Rational(-1, 1);

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    // Small form: big == null and num/den hold the value. Big form: bigNum/bigDen hold it.
    private final long num;
    private final long den;
    private final BigInteger bigNum;
    private final BigInteger bigDen;

    private Rational(long num, long den) {
        this.num = num;
        this.den = den;
        this.bigNum = null;
        this.bigDen = null;
    }

    private Rational(BigInteger num, BigInteger den) {
        this.num = 0;
        this.den = 0;
        this.bigNum = num;
        this.bigDen = den;
    }

    public static Rational of(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : value == -1 ? MINUS_ONE : new Rational(value, 1);
    }

    public static Rational of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Rational of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
        if (fitsLong(numerator) && fitsLong(denominator)) {
            return numerator.signum() == 0 ? ZERO : new Rational(numerator.longValue(), denominator.longValue());
        }
        return new Rational(numerator, denominator);
    }

    /**
     * Parses an integer ("-3"), a fraction ("1/2") or a finite decimal ("0.25"), exactly.
     *
     * @throws NumberFormatException with a short description when the text is none of these
     */
    public static Rational parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        try {
            if (slash >= 0) {
                return of(new BigInteger(t.substring(0, slash)), new BigInteger(t.substring(slash + 1)));
            }
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                java.math.BigDecimal d = new java.math.BigDecimal(t);
                return d.scale() <= 0 ? of(d.toBigIntegerExact(), BigInteger.ONE)
                        : of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
            }
            return of(new BigInteger(t), BigInteger.ONE);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NumberFormatException("'" + text + "' is not a number (write integers, a/b or decimals)");
        }
    }

    public BigInteger numerator() {
        return bigNum != null ? bigNum : BigInteger.valueOf(num);
    }

    public BigInteger denominator() {
        return bigDen != null ? bigDen : BigInteger.valueOf(den);
    }

    public int signum() {
        return bigNum != null ? bigNum.signum() : Long.signum(num);
    }

    public boolean isZero() {
        return signum() == 0;
    }

    public boolean isInteger() {
        return bigDen != null ? bigDen.equals(BigInteger.ONE) : den == 1;
    }

    /** True when numerator and denominator both fit a long (the fast path). */
    public boolean isSmall() {
        return bigNum == null;
    }

    /** The numerator as a long; only meaningful when {@link #isSmall()}. */
    long smallNumerator() {
        return num;
    }

    /** The denominator as a long; only meaningful when {@link #isSmall()}. */
    long smallDenominator() {
        return den;
    }

    public Rational add(Rational o) {
        if (isSmall() && o.isSmall()) {
            try {
                if (den == o.den) {
                    return ofSmall(Math.addExact(num, o.num), den);
                }
                return ofSmall(Math.addExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)),
                        Math.multiplyExact(den, o.den));
            } catch (ArithmeticException overflow) {
                // fall through to BigInteger
            }
        }
        return of(numerator().multiply(o.denominator()).add(o.numerator().multiply(denominator())),
                denominator().multiply(o.denominator()));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational multiply(Rational o) {
        if (isSmall() && o.isSmall()) {
            try {
                return ofSmall(Math.multiplyExact(num, o.num), Math.multiplyExact(den, o.den));
            } catch (ArithmeticException overflow) {
                // fall through to BigInteger
            }
        }
        return of(numerator().multiply(o.numerator()), denominator().multiply(o.denominator()));
    }

    public Rational divide(Rational o) {
        if (o.isZero()) {
            throw new ArithmeticException("division by zero");
        }
        return multiply(o.reciprocal());
    }

    /** The nearest double (exact for integers up to 2^53 and for dyadic fractions like 1/2). */
    public double doubleValue() {
        if (isSmall() && Math.abs(num) <= (1L << 53) && den <= (1L << 53)) {
            return (double) num / den; // one correctly rounded division of two exact doubles
        }
        return new BigDecimal(numerator()).divide(new BigDecimal(denominator()), MathContext.DECIMAL128).doubleValue();
    }

    public Rational reciprocal() {
        return of(denominator(), numerator());
    }

    public Rational negate() {
        if (isSmall() && num != Long.MIN_VALUE) {
            return new Rational(-num, den);
        }
        return of(numerator().negate(), denominator());
    }

    /**
     * This value modulo 2 as 0 or 1: defined for integers and for fractions with an odd denominator
     * (which is invertible mod 2).
     *
     * @throws ArithmeticException when the denominator is even
     */
    public int mod2() {
        if (!denominator().testBit(0)) {
            throw new ArithmeticException(this + " has an even denominator and no value mod 2");
        }
        return numerator().testBit(0) ? 1 : 0;
    }

    private static Rational ofSmall(long n, long d) {
        if (n == 0) {
            return ZERO;
        }
        if (n == Long.MIN_VALUE) {
            return of(BigInteger.valueOf(n), BigInteger.valueOf(d));
        }
        long g = gcd(Math.abs(n), d);
        return new Rational(n / g, d / g);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static boolean fitsLong(BigInteger v) {
        // Long.MIN_VALUE is excluded so that negation and abs stay in range on the fast path.
        return v.compareTo(LONG_MIN) > 0 && v.compareTo(LONG_MAX) <= 0;
    }

    @Override
    public int compareTo(Rational o) {
        return numerator().multiply(o.denominator()).compareTo(o.numerator().multiply(denominator()));
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof Rational o)) {
            return false;
        }
        if (isSmall() && o.isSmall()) {
            return num == o.num && den == o.den;
        }
        // Both forms are canonical: a value that fits longs is never held in the big form.
        return isSmall() == o.isSmall() && bigNum.equals(o.bigNum) && bigDen.equals(o.bigDen);
    }

    @Override
    public int hashCode() {
        return isSmall() ? Long.hashCode(num) * 31 + Long.hashCode(den) : Objects.hash(bigNum, bigDen);
    }

    /** "3", "-1/2": the form the .fmm files use. */
    @Override
    public String toString() {
        return isInteger() ? numerator().toString() : numerator() + "/" + denominator();
    }
}
