package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flips, reductions and plus transitions keep a scheme valid (checked by the exact verifier) and the indexes right. */
class FlipWalkTest {

    private static void assertValidOverGf2(BitScheme s) {
        Scheme scheme = s.toScheme(List.of());
        assertEquals(Field.GF2, scheme.field());
        Verification v = Verifier.verify(scheme);
        assertTrue(v.valid(), s + ": " + v.summary());
    }

    @Test
    void classicalSchemesConvertBothWaysAndVerify() {
        for (Format f : List.of(new Format(2, 2, 2), new Format(2, 3, 4), new Format(4, 4, 4))) {
            BitScheme s = BitScheme.classical(f);
            assertEquals(f.classicalRank(), s.rank());
            assertEquals(3 * f.classicalRank(), s.nonzeros());
            assertValidOverGf2(s);
            assertEquals(s, BitScheme.of(s.toScheme(List.of())));
        }
    }

    @Test
    void randomFlipsWithReductionsKeepTheSchemeValidAndLowerTheRank() {
        for (Format f : List.of(new Format(2, 2, 2), new Format(3, 3, 3), new Format(2, 3, 4))) {
            FlipWalk w = new FlipWalk(BitScheme.classical(f), f.classicalRank() + 4, new Rng(42));
            assertTrue(w.consistent());
            int lowest = walkChecked(w, 20_000, 1000, true, FlipWalkTest::assertValidOverGf2);
            assertTrue(lowest < f.classicalRank(), f + " never went below rank " + f.classicalRank());
        }
    }

    /**
     * Walks {@code steps} flips with a plus transition every {@code plusEvery} (and whenever no flip exists; with
     * {@code plusMustWork} it must succeed), checking the indexes often and validity now and then; returns the lowest rank.
     */
    static int walkChecked(FlipWalk w, int steps, int plusEvery, boolean plusMustWork,
            java.util.function.Consumer<BitScheme> assertValid) {
        int lowest = w.rank();
        for (int step = 0; step < steps; step++) {
            if ((!w.flip() || step % plusEvery == plusEvery - 1) && !w.plus()) {
                assertTrue(!plusMustWork, "no plus transition after " + step + " flips");
            }
            lowest = Math.min(lowest, w.rank());
            if (step % 97 == 0) {
                assertTrue(w.consistent(), "index out of step after " + step + " flips");
            }
            if (step % (steps / 4) == 0) {
                assertValid.accept(w.snapshot());
            }
        }
        assertTrue(w.consistent());
        assertValid.accept(w.snapshot());
        return lowest;
    }

    @Test
    void plusTransitionsRaiseTheRankByOneAndKeepValidity() {
        Format f = new Format(3, 3, 3);
        FlipWalk w = new FlipWalk(BitScheme.classical(f), 40, new Rng(7));
        for (int k = 0; k < 200; k++) {
            int before = w.rank();
            assertTrue(w.plus());
            assertTrue(w.rank() <= before + 1);
            for (int step = 0; step < 50; step++) {
                w.flip();
            }
            assertTrue(w.consistent());
            if (w.rank() >= 38) {
                break;
            }
        }
        assertValidOverGf2(w.snapshot());
    }

    @Test
    void duplicateTermsCancelAndSharedPairsMergeOnLoad() {
        Format f = new Format(2, 2, 2);
        BitScheme classical = BitScheme.classical(f);
        long[][] m = new long[3][classical.rank() + 3];
        for (int r = 0; r < classical.rank(); r++) {
            for (int s = 0; s < 3; s++) {
                m[s][r] = classical.factor(s, r);
            }
        }
        // Term 0 twice more (the pair cancels mod 2), and term 1 split in two along C.
        for (int s = 0; s < 3; s++) {
            m[s][8] = m[s][0];
            m[s][9] = m[s][0];
            m[s][10] = m[s][1];
        }
        m[2][10] = m[2][1] | 0b1000;
        m[2][1] = 0b1000;
        BitScheme messy = new BitScheme(f, m[0], m[1], m[2]);
        FlipWalk w = new FlipWalk(messy, 12, new Rng(1));
        assertTrue(w.consistent());
        assertEquals(8, w.rank());
        assertEquals(classical.sorted(), w.snapshot().sorted());
    }
}
