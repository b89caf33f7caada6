package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every published scheme in ../shared/schemes reads, verifies over its stated field, and fails when corrupted. */
class SharedSchemesTest {

    static Stream<SharedSchemes.Entry> inventory() {
        return SharedSchemes.inventory().stream();
    }

    @Test
    void inventoryListsAll254Files() {
        List<SharedSchemes.Entry> all = SharedSchemes.inventory();
        assertEquals(254, all.size());
        assertEquals(160, all.stream().filter(e -> e.field().equals("Z")).count());
        assertEquals(30, all.stream().filter(e -> e.field().equals("Q")).count());
        assertEquals(62, all.stream().filter(e -> e.field().equals("GF2")).count());
        assertEquals(2, all.stream().filter(e -> e.field().equals("C")).count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inventory")
    void verifiesOverItsStatedFieldOrIsRefusedIfComplex(SharedSchemes.Entry e) {
        if (e.field().equals("C")) {
            SchemeFormatException x = assertThrows(SchemeFormatException.class, () -> SchemeFiles.read(e.file()));
            assertTrue(x.getMessage().contains("complex coefficients need complex arithmetic"), x.getMessage());
            assertTrue(x.getMessage().startsWith(e.file() + ":"), x.getMessage());
            return;
        }
        Scheme s = SchemeFiles.read(e.file());
        assertEquals(e.format(), s.format().toString());
        assertEquals(e.rank(), s.rank());
        assertEquals(e.field(), s.field().name());
        Verification v = Verifier.verify(s);
        assertTrue(v.valid(), () -> e + ": " + v.summary());
    }

    /** Any single changed coefficient breaks the identity: each corruption adds delta * u (x) v (x) w != 0. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inventory")
    void rejectsRandomSingleCoefficientCorruptions(SharedSchemes.Entry e) {
        if (e.field().equals("C")) {
            return;
        }
        Scheme s = SchemeFiles.read(e.file());
        Random random = new Random(e.toString().hashCode());
        for (int trial = 0; trial < 8; trial++) {
            Scheme bad = Corruptions.changeOne(s, random);
            assertFalse(Verifier.verify(bad).valid(), () -> e + ": corrupted copy verified");
        }
    }
}
