package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.SharedSchemes;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transpose-symmetric walk: every move keeps the scheme valid (exact verifier) and σ-invariant. */
class SymmetricWalkTest {

    private static void assertValidAndInvariant(BitScheme s) {
        Scheme scheme = s.toScheme(List.of());
        assertEquals(Field.GF2, scheme.field());
        Verification v = Verifier.verify(scheme);
        assertTrue(v.valid(), s + ": " + v.summary());
        assertTrue(SymmetricWalk.invariant(s), s + " is not transpose-invariant");
    }

    @Test
    void theClassicalAlgorithmIsInvariantWithOneFixedTermPerDiagonalProduct() {
        for (Format f : List.of(new Format(2, 2, 2), new Format(3, 3, 3), new Format(4, 4, 4), new Format(3, 2, 3))) {
            SymmetricWalk w = new SymmetricWalk(BitScheme.classical(f), f.classicalRank() + 4, new Rng(1));
            assertTrue(w.consistent());
            assertEquals(f.classicalRank(), w.rank());
            // A[i][j] B[j][k] C[i][k] is fixed exactly when i = k: n * m of them
            assertEquals(f.n() * f.m(), w.fixedTerms());
            assertEquals(BitScheme.classical(f).sorted(), w.snapshot().sorted());
        }
    }

    @Test
    void alphaTensorsRank47SchemeIsInvariantWith11FixedTerms() {
        Scheme s = SchemeFiles.read(SharedSchemes.root().resolve("alphatensor/alphatensor_4x4x4_r47_GF2.txt"));
        BitScheme bits = BitScheme.of(s);
        assertTrue(SymmetricWalk.invariant(bits));
        SymmetricWalk w = new SymmetricWalk(bits, 50, new Rng(1));
        assertTrue(w.consistent());
        assertEquals(47, w.rank());
        assertEquals(11, w.fixedTerms());
    }

    @Test
    void aSchemeThatIsNotInvariantOrAFormatWithNDifferentFromPIsRefused() {
        Format f = new Format(2, 2, 2);
        BitScheme classical = BitScheme.classical(f);
        long[][] m = new long[3][8];
        for (int r = 0; r < 8; r++) {
            for (int s = 0; s < 3; s++) {
                m[s][r] = classical.factor(s, r);
            }
        }
        // One flip on two terms sharing A00, without its mirror: A00 (B00 + B01) C00 + A00 B01 (C00 + C01).
        int r0 = term(classical, 1, 1, 1);
        int r1 = term(classical, 1, 2, 2);
        m[1][r0] = 0b11;
        m[2][r1] = 0b11;
        BitScheme flipped = new BitScheme(f, m[0], m[1], m[2]);
        assertTrue(Verifier.verify(flipped.toScheme(List.of())).valid());
        assertFalse(SymmetricWalk.invariant(flipped));
        assertThrows(IllegalArgumentException.class, () -> new SymmetricWalk(flipped, 10, new Rng(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new SymmetricWalk(BitScheme.classical(new Format(2, 3, 4)), 30, new Rng(1)));
    }

    private static int term(BitScheme s, long a, long b, long c) {
        for (int r = 0; r < s.rank(); r++) {
            if (s.factor(0, r) == a && s.factor(1, r) == b && s.factor(2, r) == c) {
                return r;
            }
        }
        throw new AssertionError("no term " + a + " " + b + " " + c);
    }

    /** Flips with a plus transition now and then (every kind gets drawn), verifying the scheme after every move. */
    @Test
    void everyMoveKeepsTheTensorAndTheSymmetry() {
        for (Format f : List.of(new Format(2, 2, 2), new Format(3, 3, 3), new Format(3, 2, 3))) {
            SymmetricWalk w = new SymmetricWalk(BitScheme.classical(f), f.classicalRank() + 6, new Rng(42));
            int highest = w.rank();
            for (int step = 0; step < 3000; step++) {
                if (!w.flip() || step % 100 == 99 && w.rank() <= f.classicalRank()) {
                    w.plus();
                }
                highest = Math.max(highest, w.rank());
                assertTrue(w.consistent(), f + ": state out of step after " + step + " moves");
                assertValidAndInvariant(w.snapshot());
            }
            assertTrue(highest > f.classicalRank(), f + ": no plus transition");
        }
    }

    @Test
    void longerWalksOn4x4x4StayValid() {
        Format f = new Format(4, 4, 4);
        SymmetricWalk w = new SymmetricWalk(BitScheme.classical(f), 70, new Rng(3));
        for (int step = 0; step < 200_000; step++) {
            if (!w.flip() || step % 500 == 499) {
                w.plus();
            }
            if (step % 1000 == 0) {
                assertTrue(w.consistent(), "state out of step after " + step + " moves");
            }
            if (step % 50_000 == 0) {
                assertValidAndInvariant(w.snapshot());
            }
        }
        assertTrue(w.consistent());
        assertValidAndInvariant(w.snapshot());
    }

    private static SymmetricWalk descendTo(Format f, int target, long seed, long budget) {
        SymmetricWalk w = new SymmetricWalk(BitScheme.classical(f), f.classicalRank() + 4, new Rng(Rng.seed(seed)));
        long flips = 0;
        while (flips < budget && w.lowRank() > target) {
            long done = w.descend(budget - flips, target, 5_000, 2);
            if (done == 0) {
                break;
            }
            flips += done;
        }
        return w;
    }

    @Test
    void shortWalksReachStrassensRankFor2x2x2() {
        for (long seed = 1; seed <= 5; seed++) {
            SymmetricWalk w = descendTo(new Format(2, 2, 2), 7, seed, 2_000_000);
            assertEquals(7, w.lowRank(), "seed " + seed);
            assertEquals(7, w.lowest().rank());
            assertValidAndInvariant(w.lowest());
        }
    }

    /**
     * A track walks its budget, stops at the restart length, and then starts walk + walkers afresh from
     * the start scheme; each leg is a pure function of its inputs and keeps the scheme valid and invariant.
     */
    @Test
    void aTrackWalksOnUntilItsRestartThenStartsTheNextWalkAfresh() {
        BitScheme classical = BitScheme.classical(new Format(3, 3, 3));
        Walker.Params p = new Walker.Params(0, true, 5_000, 2, 0, 0, false);
        Walker.Leg first = Walker.symmetricRound(Walker.Track.start(1, classical), classical, 2, 7, 50_000, 60_000, p);
        assertEquals(first, Walker.symmetricRound(Walker.Track.start(1, classical), classical, 2, 7, 50_000, 60_000, p));
        assertEquals(List.of(50_000L, 1L, 50_000L),
                List.of(first.flips(), (long) first.track().walk(), first.track().flips()));
        Walker.Leg second = Walker.symmetricRound(first.track(), classical, 2, 7, 50_000, 60_000, p);
        assertEquals(List.of(10_000L, 1L, 60_000L),
                List.of(second.flips(), (long) second.track().walk(), second.track().flips()), "cut at the restart");
        assertTrue(second.track().lowest().rank() < 27);
        Walker.Leg third = Walker.symmetricRound(second.track(), classical, 2, 7, 50_000, 60_000, p);
        assertEquals(List.of(50_000L, 3L, 50_000L),
                List.of(third.flips(), (long) third.track().walk(), third.track().flips()), "the walker's next walk");
        for (Walker.Leg leg : List.of(first, second, third)) {
            assertValidAndInvariant(leg.track().current());
            assertValidAndInvariant(leg.track().lowest());
            assertTrue(leg.track().lowest().rank() <= leg.track().current().rank());
        }
    }

    @Test
    void aWalkOn3x3x3ReachesTheRecordRank23() {
        SymmetricWalk w = descendTo(new Format(3, 3, 3), 23, 2, 20_000_000);
        assertEquals(23, w.lowRank());
        assertEquals(23, w.lowest().rank());
        assertValidAndInvariant(w.lowest());
    }
}
