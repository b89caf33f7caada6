package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeAlgebra;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walk over Z with coefficients in {-1, 0, 1}: its moves keep the sum of the terms (computed here
 * term by term, independently of the walk) and never leave {-1, 0, 1}; from the classical algorithm it
 * stays a valid scheme over Z by the exact verifier.
 */
class TernaryWalkTest {

    private static final Format TWO = new Format(2, 2, 2);

    /** A factor of a 2x2 matrix from its four entries in {-1, 0, 1}. */
    private static long factor(int... entries) {
        long plus = 0;
        long minus = 0;
        for (int e = 0; e < entries.length; e++) {
            plus |= entries[e] == 1 ? 1L << e : 0;
            minus |= entries[e] == -1 ? 1L << e : 0;
        }
        return Ternary.pack(plus, minus);
    }

    /** The sum of the terms a⊗b⊗c as a 4x4x4 array of integers. */
    private static long[] tensor(BitScheme s) {
        long[] t = new long[64];
        for (int r = 0; r < s.rank(); r++) {
            for (int x = 0; x < 4; x++) {
                for (int y = 0; y < 4; y++) {
                    for (int z = 0; z < 4; z++) {
                        t[(x * 4 + y) * 4 + z] += (long) Ternary.entry(s.factor(0, r), x)
                                * Ternary.entry(s.factor(1, r), y) * Ternary.entry(s.factor(2, r), z);
                    }
                }
            }
        }
        return t;
    }

    private static BitScheme terms(long[]... abc) {
        long[][] m = new long[3][abc.length];
        for (int r = 0; r < abc.length; r++) {
            for (int s = 0; s < 3; s++) {
                m[s][r] = abc[r][s];
            }
        }
        return new BitScheme(TWO, true, m[0], m[1], m[2]);
    }

    private static void assertValidTernaryOverZ(BitScheme s) {
        Scheme scheme = s.toScheme(List.of());
        assertEquals(Field.Z, scheme.field());
        Verification v = Verifier.verify(scheme);
        assertTrue(v.valid(), s + ": " + v.summary());
        for (Factor f : Factor.values()) {
            for (Rational[] row : scheme.factor(f)) {
                for (Rational c : row) {
                    assertTrue(c.isZero() || c.equals(Rational.ONE) || c.equals(Rational.MINUS_ONE), "coefficient " + c);
                }
            }
        }
    }

    @Test
    void packedArithmeticStaysInRangeOrSaysSo() {
        long x = factor(1, 1, 0, -1);
        long y = factor(0, -1, 1, -1);
        assertEquals(factor(1, 0, 1, 0), Ternary.add(x, factor(0, -1, 1, 1)));
        assertEquals(Ternary.OUT_OF_RANGE, Ternary.add(x, y), "-1 + -1 in the last entry");
        assertEquals(Ternary.OUT_OF_RANGE, Ternary.add(x, y, true), "1 - (-1) in the second entry");
        assertEquals(factor(1, 0, -1, -1), Ternary.add(x, factor(0, 1, 1, 0), true));
        assertEquals(factor(-1, -1, 0, 1), Ternary.negate(x));
        assertTrue(Ternary.positive(x));
        assertTrue(!Ternary.positive(Ternary.negate(x)));
        assertEquals(x, Ternary.canonical(Ternary.negate(x)));
        assertEquals(factor(0, 1, -1, 1), Ternary.canonical(y));
    }

    @Test
    void aFlipThatWouldMakeATwoIsRefused() {
        // The two terms share A; B and C sum to a 2 and differ by a 2 alike, so every flip between them leaves {-1, 0, 1}.
        long a = factor(1, 0, 0, -1);
        BitScheme start = terms(new long[] {a, factor(1, 1, 0, 0), factor(0, 1, 1, 0)},
                new long[] {a, factor(1, -1, 0, 0), factor(0, 1, -1, 0)});
        FlipWalk w = new FlipWalk(start, 4, new Rng(3));
        BitScheme before = w.snapshot().sorted();
        for (int k = 0; k < 200; k++) {
            assertTrue(w.flip());
        }
        assertEquals(before, w.snapshot().sorted());
        assertArrayEquals(tensor(start), tensor(w.snapshot()));
    }

    @Test
    void aFlipTakesTheSignThatStaysInRange() {
        // B + B' has a 2, B - B' does not: a flip over the shared A must subtract; the sum stays.
        long a = factor(0, 1, 0, 0);
        BitScheme start = terms(new long[] {a, factor(1, 1, 0, 0), factor(1, 0, 0, 0)},
                new long[] {a, factor(0, 1, 0, 0), factor(0, 0, 1, 0)});
        for (long seed = 0; seed < 20; seed++) {
            FlipWalk w = new FlipWalk(start, 4, new Rng(seed));
            assertTrue(w.flip());
            assertTrue(w.consistent());
            BitScheme after = w.snapshot();
            assertArrayEquals(tensor(start), tensor(after), "seed " + seed);
            assertTrue(!after.sorted().equals(start.sorted()), "seed " + seed + ": the flip was not made");
        }
    }

    @Test
    void mergesAndCancellationsOnLoadKeepTheSum() {
        long a = factor(1, -1, 0, 0);
        long b = factor(0, 0, 1, 1);
        BitScheme messy = terms(new long[] {a, b, factor(1, 0, 0, 0)},
                new long[] {Ternary.negate(a), b, factor(0, 1, 0, 0)}, // merges with the first: a⊗b⊗(1, -1, 0, 0)
                new long[] {a, factor(1, 0, 0, 0), factor(0, 0, 1, 0)},
                new long[] {a, Ternary.negate(factor(1, 0, 0, 0)), factor(0, 0, 1, 0)}, // cancels the third
                new long[] {b, b, factor(1, 1, 0, 0)},
                new long[] {b, b, factor(1, 0, 0, 0)}); // 1 + 1: stays apart
        FlipWalk w = new FlipWalk(messy, 8, new Rng(1));
        assertTrue(w.consistent());
        assertEquals(3, w.rank());
        assertArrayEquals(tensor(messy), tensor(w.snapshot()));
    }

    @Test
    void randomWalksOnHandMadeTermsKeepTheirSum() {
        Rng pick = new Rng(11);
        long[][] abc = new long[10][3];
        for (long[] t : abc) {
            for (int s = 0; s < 3; s++) {
                while (t[s] == 0) {
                    long plus = pick.next() & 0xF;
                    t[s] = Ternary.pack(plus, pick.next() & 0xF & ~plus);
                }
            }
        }
        BitScheme start = terms(abc);
        FlipWalk w = new FlipWalk(start, 16, new Rng(5));
        long[] sum = tensor(start);
        for (int step = 0; step < 5_000; step++) {
            if (!w.flip() || step % 500 == 499) {
                w.plus();
            }
            if (step % 50 == 0) {
                assertTrue(w.consistent(), "after " + step + " moves");
                assertArrayEquals(sum, tensor(w.snapshot()), "after " + step + " moves");
            }
        }
    }

    @Test
    void walksFromTheClassicalAlgorithmStayValidOverZAndGoDown() {
        for (Format f : List.of(TWO, new Format(3, 3, 3), new Format(2, 3, 4))) {
            BitScheme classical = BitScheme.ternary(SchemeAlgebra.classical(f));
            assertEquals(classical, BitScheme.ternary(classical.toScheme(List.of())));
            FlipWalk w = new FlipWalk(classical, f.classicalRank() + 4, new Rng(42));
            // A plus transition may find no pair whose result stays in {-1, 0, 1}; descents take longer than over GF(2).
            int lowest = FlipWalkTest.walkChecked(w, 200_000, 5000, false, TernaryWalkTest::assertValidTernaryOverZ);
            assertTrue(lowest < f.classicalRank(), f + " never went below rank " + f.classicalRank());
        }
    }

    @Test
    void onlyTernarySchemesOverZFitAndFormatsOfAtMost32Entries() {
        Scheme classical = SchemeAlgebra.classical(TWO);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BitScheme.ternary(SchemeAlgebra.reduce(classical)))
                .getMessage().contains("over GF2"));
        Rational[][] u = classical.factor(Factor.U);
        u[0][0] = Rational.of(2);
        Scheme withTwo = Scheme.of(TWO, Field.Z, u, classical.factor(Factor.V), classical.factor(Factor.W), List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BitScheme.ternary(withTwo)).getMessage()
                .contains("{-1, 0, 1}"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BitScheme.ternary(SchemeAlgebra.classical(new Format(6, 6, 6)))).getMessage()
                .contains("at most 32 entries"));
    }
}
