package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RationalTest {

    @Test
    void parsesIntegersFractionsAndDecimalsInLowestTerms() {
        assertEquals(Rational.of(-3), Rational.parse("-3"));
        assertEquals(Rational.of(1, 2), Rational.parse("2/4"));
        assertEquals(Rational.of(-1, 2), Rational.parse("1/-2"));
        assertEquals(Rational.of(1, 4), Rational.parse("0.25"));
        assertEquals("-1/2", Rational.parse("-0.5").toString());
        assertThrows(NumberFormatException.class, () -> Rational.parse("x"));
        assertThrows(NumberFormatException.class, () -> Rational.parse("1/0"));
        assertThrows(NumberFormatException.class, () -> Rational.parse("1+2i"));
    }

    @Test
    void overflowFallsBackToExactBigIntegers() {
        Rational big = Rational.of(Long.MAX_VALUE - 1);
        Rational square = big.multiply(big);
        assertFalse(square.isSmall());
        BigInteger expected = BigInteger.valueOf(Long.MAX_VALUE - 1).pow(2);
        assertEquals(expected, square.numerator());
        assertEquals(big, square.divide(big));
        assertTrue(square.divide(big).isSmall(), "values that fit return to the long form");
        assertEquals(Rational.ZERO, square.subtract(square));
        BigInteger d1 = BigInteger.valueOf(Long.MAX_VALUE - 1);
        BigInteger d2 = BigInteger.valueOf(Long.MAX_VALUE - 2);
        assertEquals(Rational.of(d1.add(d2), d1.multiply(d2)),
                Rational.of(1, Long.MAX_VALUE - 1).add(Rational.of(1, Long.MAX_VALUE - 2)));
    }

    @Test
    void arithmeticAgreesWithBigIntegerFractionsOnRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long an = random.nextLong() >> random.nextInt(64);
            long ad = 1 + (random.nextLong() >>> (1 + random.nextInt(63)));
            long bn = random.nextLong() >> random.nextInt(64);
            long bd = 1 + (random.nextLong() >>> (1 + random.nextInt(63)));
            Rational a = Rational.of(an, ad);
            Rational b = Rational.of(bn, bd);
            BigInteger[] sum = {BigInteger.valueOf(an).multiply(BigInteger.valueOf(bd))
                    .add(BigInteger.valueOf(bn).multiply(BigInteger.valueOf(ad))),
                    BigInteger.valueOf(ad).multiply(BigInteger.valueOf(bd))};
            assertEquals(Rational.of(sum[0], sum[1]), a.add(b));
            assertEquals(Rational.of(BigInteger.valueOf(an).multiply(BigInteger.valueOf(bn)),
                    BigInteger.valueOf(ad).multiply(BigInteger.valueOf(bd))), a.multiply(b));
            assertEquals(a, a.add(b).subtract(b));
        }
    }

    @Test
    void reducesModTwoOnlyWithOddDenominators() {
        assertEquals(1, Rational.of(-3).mod2());
        assertEquals(0, Rational.of(4).mod2());
        assertEquals(1, Rational.of(1, 3).mod2());
        assertThrows(ArithmeticException.class, () -> Rational.of(1, 2).mod2());
    }
}
