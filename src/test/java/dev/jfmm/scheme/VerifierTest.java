package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerifierTest {

    static Scheme strassen() {
        return Scheme.ofIntegers(new Format(2, 2, 2), Field.Z,
                new long[][] {{1, 0, 1, 0, 1, -1, 0}, {0, 0, 0, 0, 1, 0, 1}, {0, 1, 0, 0, 0, 1, 0}, {1, 1, 0, 1, 0, 0, -1}},
                new long[][] {{1, 1, 0, -1, 0, 1, 0}, {0, 0, 1, 0, 0, 1, 0}, {0, 0, 0, 1, 0, 0, 1}, {1, 0, -1, 0, 1, 0, 1}},
                new long[][] {{1, 0, 0, 1, -1, 0, 1}, {0, 0, 1, 0, 1, 0, 0}, {0, 1, 0, 1, 0, 0, 0}, {1, -1, 1, 0, 0, 1, 0}},
                List.of("Strassen"));
    }

    @Test
    void acceptsStrassenAndItMultipliesRandomMatrices() {
        assertTrue(Verifier.verify(strassen()).valid());
        assertTrue(SchemeEvaluation.multipliesCorrectly(strassen(), new Random(1), 20));
    }

    @Test
    void namesTheFirstViolatedEquationAndItsValue() {
        Rational[][] w = strassen().factor(Factor.W);
        w[0][0] = Rational.of(2); // C[0][0] now gets 2 * M1
        Scheme bad = Scheme.of(new Format(2, 2, 2), Field.Z, strassen().factor(Factor.U), strassen().factor(Factor.V),
                w, List.of());
        Verification v = Verifier.verify(bad);
        assertFalse(v.valid());
        // M1 = (a00 + a11)(b00 + b11): the first (a, b, c) in order is A[0][0] B[0][0] C[0][0], now 2.
        assertEquals("Brent equation for A[0][0] B[0][0] C[0][0] is 2, should be 1", v.summary());
        assertFalse(SchemeEvaluation.multipliesCorrectly(bad, new Random(1), 3));
    }

    @Test
    void checksRationalSchemesExactlyAndReportsFractions() {
        // Halve one product's U column and double its W column: still valid, with fractions.
        Rational[][] u = strassen().factor(Factor.U);
        Rational[][] w = strassen().factor(Factor.W);
        for (int i = 0; i < 4; i++) {
            u[i][2] = u[i][2].multiply(Rational.of(1, 3));
            w[i][2] = w[i][2].multiply(Rational.of(3));
        }
        Scheme q = Scheme.of(new Format(2, 2, 2), Field.Q, u, strassen().factor(Factor.V), w, List.of());
        assertTrue(Verifier.verify(q).valid());
        assertTrue(SchemeEvaluation.multipliesCorrectly(q, new Random(2), 10));
        w[1][2] = w[1][2].multiply(Rational.of(1, 2));
        Scheme bad = Scheme.of(new Format(2, 2, 2), Field.Q, u, strassen().factor(Factor.V), w, List.of());
        assertEquals("Brent equation for A[0][0] B[0][1] C[0][1] is 1/2, should be 1",
                Verifier.verify(bad).summary());
    }

    @Test
    void hugeCoefficientsTakeTheExactPathAndStillDecideCorrectly() {
        // Scale one product's U by 2^62 and its W by 2^-62: scaled longs overflow, the identity still holds.
        Rational big = Rational.of(1L << 62);
        Rational[][] u = strassen().factor(Factor.U);
        Rational[][] w = strassen().factor(Factor.W);
        for (int i = 0; i < 4; i++) {
            u[i][0] = u[i][0].multiply(big).multiply(big);
            w[i][0] = w[i][0].divide(big).divide(big);
        }
        Scheme s = Scheme.of(new Format(2, 2, 2), Field.Q, u, strassen().factor(Factor.V), w, List.of());
        assertTrue(Verifier.verify(s).valid());
        w[3][0] = w[3][0].add(Rational.ONE);
        Scheme bad = Scheme.of(new Format(2, 2, 2), Field.Q, u, strassen().factor(Factor.V), w, List.of());
        assertFalse(Verifier.verify(bad).valid());
    }

    @Test
    void gf2ChecksParityOnly() {
        Scheme mod2 = SchemeAlgebra.reduce(strassen());
        assertEquals(Field.GF2, mod2.field());
        assertTrue(Verifier.verify(mod2).valid());
        assertTrue(SchemeEvaluation.multipliesCorrectly(mod2, new Random(3), 10));
    }

    @Test
    void verifiesA666Rank153SchemeWellUnderASecond() {
        Scheme s = SharedSchemes.read("kemper_a1880/kemper_6x6x6_r153_Z.txt");
        Verifier.verify(s); // warm up the JIT once, as a long-running CLI or kernel compiler would be
        long start = System.nanoTime();
        Verification v = Verifier.verify(s);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(v.valid());
        assertTrue(seconds < 0.25, "took " + seconds + " s");
    }

    @Test
    void sharedSchemesAgreeWithTheEvaluationOracle() {
        for (String file : List.of("alphatensor/alphatensor_3x4x5_r47_Z.txt", "alphaevolve/alphaevolve_2x4x5_r32_Q.txt",
                "alphatensor/alphatensor_4x4x4_r47_GF2.txt")) {
            Scheme s = SharedSchemes.read(file);
            assertTrue(SchemeEvaluation.multipliesCorrectly(s, new Random(file.hashCode()), 3), file);
        }
    }

    @Test
    void manyRandomCorruptionsOfOneSchemeAreAllRejected() {
        Scheme s = SharedSchemes.read("alphatensor/alphatensor_4x4x4_r47_GF2.txt");
        Scheme z = SharedSchemes.read("alphatensor/alphatensor_3x4x5_r47_Z.txt");
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            assertFalse(Verifier.verify(Corruptions.changeOne(s, random)).valid());
            assertFalse(Verifier.verify(Corruptions.changeOne(z, random)).valid());
        }
    }
}
