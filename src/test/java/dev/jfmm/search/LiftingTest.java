package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Rational;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/** GF(2) schemes lifted to Z are checked by the exact verifier; a characteristic-2-only scheme does not lift. */
class LiftingTest {

    /** Lifts, checks the lift exactly and against the scheme mod 2; returns whether its coefficients are all 0, 1, -1. */
    private static boolean liftsCorrectly(BitScheme bits) {
        Scheme z = Lifting.lift(bits, 1, 8, List.of("test"));
        assertNotNull(z, bits + " did not lift");
        assertEquals(Field.Z, z.field());
        assertTrue(Verifier.verify(z).valid(), Verifier.verify(z).summary());
        assertEquals(bits.sorted(), BitScheme.of(z).sorted(), "the lift reduces to the scheme mod 2");
        boolean signs = true;
        for (Factor f : Factor.values()) {
            for (Rational[] row : z.factor(f)) {
                for (Rational c : row) {
                    signs &= c.isZero() || c.equals(Rational.ONE) || c.equals(Rational.MINUS_ONE);
                }
            }
        }
        return signs;
    }

    @Test
    void strassenModTwoLiftsBackToSigns() {
        Scheme strassen = SchemeFiles.read(Path.of("kernels/schemes/strassen_2x2x2_r7_Z.fmm"));
        assertTrue(liftsCorrectly(BitScheme.of(strassen)));
    }

    /**
     * Walked 3x3x3 schemes of rank 23 (seeds chosen so that all lift): some take signs only, some need
     * larger coefficients (their sign system mod 4 has no solution); every lift verifies exactly.
     */
    @Test
    void walkedRank23SchemesLiftAndVerify() {
        Format f = new Format(3, 3, 3);
        int signsOnly = 0;
        for (long seed : new long[] {1, 2, 3, 5}) {
            Walker.Outcome o = Walker.round(BitScheme.classical(f), seed, 3_000_000,
                    new Walker.Params(23, true, 20_000, 2, 0, 0, false));
            assertEquals(23, o.lowest().rank());
            signsOnly += liftsCorrectly(o.lowest()) ? 1 : 0;
        }
        assertTrue(signsOnly >= 2 && signsOnly < 4, signsOnly + " of 4 lifted with signs only");
    }

    private static Path shared(String name) {
        Path file = Path.of(System.getProperty("jfmm.shared", "../shared"), "schemes", "alphatensor", name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared schemes not found; skipping");
        return file;
    }

    @Test
    void alphaTensorsCharacteristicTwoSchemeDoesNotLift() {
        BitScheme bits = BitScheme.of(SchemeFiles.read(shared("alphatensor_4x4x4_r47_GF2.txt")));
        assertNull(Lifting.lift(bits, 1, 2, List.of()));
        assertFalse(Lifting.liftsMod4(bits), "it has no lift even mod 4");
    }

    /** A scheme over Z read mod 2 has a lift mod 4: itself. */
    @Test
    void schemesOverZReadModTwoLiftModFour() {
        assertTrue(Lifting.liftsMod4(BitScheme.of(SchemeFiles.read(Path.of("kernels/schemes/strassen_2x2x2_r7_Z.fmm")))));
        Scheme z = SchemeFiles.read(shared("alphatensor_3x4x5_r47_Z.txt"));
        assertEquals(Field.Z, z.field());
        assertTrue(Lifting.liftsMod4(BitScheme.of(z)));
    }
}
