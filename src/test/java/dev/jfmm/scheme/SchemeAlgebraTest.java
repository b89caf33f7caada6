package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every operation's output is checked by the exact verifier and, where cheap, by the evaluation oracle. */
class SchemeAlgebraTest {

    private static void assertValid(Scheme s) {
        Verification v = Verifier.verify(s);
        assertTrue(v.valid(), () -> s + ": " + v.summary());
    }

    @ParameterizedTest
    @EnumSource(Symmetry.class)
    void eachSymmetryOfA345SchemeVerifiesForThePermutedFormat(Symmetry sym) {
        Scheme s = SharedSchemes.read("alphatensor/alphatensor_3x4x5_r47_Z.txt");
        Scheme t = SchemeAlgebra.permute(s, sym);
        assertEquals(sym.apply(s.format()), t.format());
        assertEquals(47, t.rank());
        assertEquals(s.nonzeros(), t.nonzeros());
        assertValid(t);
        assertTrue(SchemeEvaluation.multipliesCorrectly(t, new Random(sym.ordinal()), 2));
        Scheme g = SchemeAlgebra.permute(SharedSchemes.read("alphatensor/alphatensor_3x4x5_r47_GF2.txt"), sym);
        assertValid(g);
    }

    @Test
    void theSixSymmetriesGiveAllSixFormats() {
        Set<String> formats = EnumSet.allOf(Symmetry.class).stream()
                .map(sym -> sym.apply(new Format(3, 4, 5)).toString()).collect(Collectors.toSet());
        assertEquals(Set.of("3x4x5", "4x5x3", "5x3x4", "5x4x3", "3x5x4", "4x3x5"), formats);
    }

    @Test
    void strassenSquaredIs444Rank49() {
        Scheme s = SchemeAlgebra.product(VerifierTest.strassen(), VerifierTest.strassen());
        assertEquals("<4,4,4;49> over Z", s.toString());
        assertValid(s);
        assertTrue(SchemeEvaluation.multipliesCorrectly(s, new Random(4), 3));
    }

    @Test
    void strassenTimes333Rank23Is666Rank161() {
        Scheme s = SchemeAlgebra.product(VerifierTest.strassen(), SharedSchemes.read("alphaevolve/alphaevolve_3x3x3_r23_Z.txt"));
        assertEquals("<6,6,6;161> over Z", s.toString());
        assertValid(s);
        assertTrue(SchemeEvaluation.multipliesCorrectly(s, new Random(5), 1));
        Scheme swapped = SchemeAlgebra.product(SharedSchemes.read("alphaevolve/alphaevolve_3x3x3_r23_Z.txt"), VerifierTest.strassen());
        assertValid(swapped);
    }

    @Test
    void productsOfRationalAndGf2SchemesKeepTheirField() {
        Scheme q = SchemeAlgebra.product(VerifierTest.strassen(), SharedSchemes.read("alphaevolve/alphaevolve_2x4x5_r32_Q.txt"));
        assertEquals(Field.Q, q.field());
        assertValid(q);
        Scheme g = SchemeAlgebra.product(VerifierTest.strassen(), SharedSchemes.read("alphatensor/alphatensor_2x2x3_r11_GF2.txt"));
        assertEquals(Field.GF2, g.field());
        assertValid(g);
        assertThrows(IllegalArgumentException.class, () -> SchemeAlgebra.product(q, g));
    }

    @Test
    void joiningStrassenAndClassical221Gives223Rank11() {
        Scheme s = SchemeAlgebra.joinAlongP(VerifierTest.strassen(), SchemeAlgebra.classical(new Format(2, 2, 1)));
        assertEquals("<2,2,3;11> over Z", s.toString());
        assertValid(s);
        assertTrue(SchemeEvaluation.multipliesCorrectly(s, new Random(6), 5));
        assertThrows(IllegalArgumentException.class,
                () -> SchemeAlgebra.joinAlongP(VerifierTest.strassen(), SchemeAlgebra.classical(new Format(3, 2, 1))));
    }

    @Test
    void classicalSchemesVerify() {
        for (Format f : new Format[] {new Format(1, 1, 1), new Format(2, 3, 4), new Format(5, 1, 2)}) {
            Scheme s = SchemeAlgebra.classical(f);
            assertEquals(f.classicalRank(), s.rank());
            assertValid(s);
        }
    }

    @Test
    void sandwichWithRandomInvertibleMatricesGivesValidDistinctVariants() {
        Random random = new Random(8);
        Scheme base = SharedSchemes.read("alphatensor/alphatensor_2x2x3_r11_Z.txt");
        for (int trial = 0; trial < 20; trial++) {
            Rational[][] x = unimodular(random, 2);
            Rational[][] y = unimodular(random, 2);
            Rational[][] z = trial % 2 == 0 ? unimodular(random, 3) : rationalInvertible(random, 3);
            Scheme s = SchemeAlgebra.sandwich(base, x, y, z);
            assertValid(s);
            assertEquals(trial % 2 == 0 ? Field.Z : Field.Q, s.field());
            assertTrue(SchemeEvaluation.multipliesCorrectly(s, random, 1));
        }
        Scheme variant = SchemeAlgebra.sandwich(base, unimodular(random, 2), unimodular(random, 2), unimodular(random, 3));
        assertNotEquals(base, variant);
        assertThrows(IllegalArgumentException.class, () -> SchemeAlgebra.sandwich(base,
                new Rational[][] {{Rational.ONE, Rational.ONE}, {Rational.ONE, Rational.ONE}},
                unimodular(random, 2), unimodular(random, 3)));
    }

    /** A random integer matrix with determinant 1: a product of elementary row additions. */
    private static Rational[][] unimodular(Random random, int n) {
        Rational[][] m = RationalMatrix.identity(n);
        for (int step = 0; step < 4; step++) {
            int i = random.nextInt(n);
            int j = (i + 1 + random.nextInt(n - 1)) % n;
            Rational c = Rational.of(random.nextInt(5) - 2);
            for (int k = 0; k < n; k++) {
                m[i][k] = m[i][k].add(c.multiply(m[j][k]));
            }
        }
        return m;
    }

    /** A random invertible rational matrix: diagonal entries like 3 or 1/2, then row additions. */
    private static Rational[][] rationalInvertible(Random random, int n) {
        Rational[][] m = unimodular(random, n);
        for (int k = 0; k < n; k++) {
            m[0][k] = m[0][k].multiply(Rational.of(1 + random.nextInt(3), 2 + random.nextInt(3)));
        }
        return m;
    }

    @Test
    void reductionMod2OfEveryIntegerAlphaTensorSchemeVerifiesOverGf2() {
        for (SharedSchemes.Entry e : SharedSchemes.inventory()) {
            if (e.field().equals("Z") && e.file().toString().contains("alphatensor")) {
                Scheme g = SchemeAlgebra.reduce(SchemeFiles.read(e.file()));
                assertEquals(Field.GF2, g.field());
                assertValid(g);
            }
        }
        Scheme half = SharedSchemes.read("alphaevolve/alphaevolve_2x4x5_r32_Q.txt");
        assertThrows(IllegalArgumentException.class, () -> SchemeAlgebra.reduce(half));
    }

    @Test
    void additionCountsMatchTheClassics() {
        Scheme winograd = SchemeFiles.read(java.nio.file.Path.of("kernels/schemes/winograd_2x2x2_r7_Z.fmm"));
        assertEquals(new AdditionCount(24, 15), winograd.additions());
        assertEquals(new AdditionCount(18, 18), VerifierTest.strassen().additions());
        assertEquals(12, VerifierTest.strassen().nonzeros(Factor.U));
        assertEquals(36, VerifierTest.strassen().nonzeros());
    }
}
