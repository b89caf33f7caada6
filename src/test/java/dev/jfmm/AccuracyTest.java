package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The accuracy policy as text and as the system property reads it; the process-wide setting. */
class AccuracyTest {

    @Test
    void parsesClassicalAndGrowthBounds() {
        assertSame(Accuracy.CLASSICAL, Accuracy.parse("classical"));
        assertSame(Accuracy.CLASSICAL, Accuracy.parse(" classical "));
        assertTrue(Accuracy.CLASSICAL.isClassical());
        assertEquals("classical", Accuracy.CLASSICAL.toString());

        Accuracy ten = Accuracy.parse("growth:10");
        assertFalse(ten.isClassical());
        assertEquals(10, ten.maxGrowth(), 0);
        assertEquals("growth<=10", ten.toString());
        assertEquals(Accuracy.growthAtMost(10), ten);
        assertEquals("growth<=2.5", Accuracy.parse("growth:2.5").toString());
        assertEquals("growth<=1", Accuracy.parse("growth:1e0").toString());
    }

    @Test
    void badTextIsOneLineQuotingIt() {
        for (String bad : new String[] {"", "fast", "growth", "growth:", "growth:ten", "growth:0.5", "growth:-3",
                "growth:NaN", "growth:Infinity", "Growth:10", "classical:1", "growth:10x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Accuracy.parse(bad), bad);
            assertEquals("accuracy '" + bad + "' is neither classical nor growth:X with X a number of at least 1",
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Accuracy.parse(null));
        assertEquals("growth bound 0.5 must be a finite number of at least 1",
                assertThrows(IllegalArgumentException.class, () -> Accuracy.growthAtMost(0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Accuracy.growthAtMost(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.growthAtMost(Double.POSITIVE_INFINITY));
    }

    /** The system property's reading, through the hook Jfmm uses on first use (the JVM-level test is in the CLI tests). */
    @Test
    void thePropertyDefaultsToClassicalAndABadValueNamesIt() {
        assertSame(Accuracy.CLASSICAL, Accuracy.fromProperty(null));
        assertSame(Accuracy.CLASSICAL, Accuracy.fromProperty("  "));
        assertEquals(Accuracy.growthAtMost(4), Accuracy.fromProperty("growth:4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Accuracy.fromProperty("fastest"));
        assertEquals("jfmm.accuracy = 'fastest': accuracy 'fastest' is neither classical nor growth:X with X a number "
                + "of at least 1", e.getMessage());
    }

    @Test
    void theProcessWideSettingIsFollowedByMultipliersWithoutOneOfTheirOwn() {
        Accuracy before = Jfmm.accuracy();
        assertSame(Accuracy.CLASSICAL, before, "surefire sets no jfmm.accuracy");
        Gemm own = Jfmm.withThreads(1).withAccuracy(Accuracy.growthAtMost(3));
        Gemm following = Jfmm.withThreads(1);
        try {
            Jfmm.setAccuracy(Accuracy.growthAtMost(7));
            assertEquals(Accuracy.growthAtMost(7), Jfmm.accuracy());
            assertEquals(Accuracy.growthAtMost(7), following.accuracy());
            assertEquals(Accuracy.growthAtMost(3), own.accuracy());
            assertEquals(Accuracy.growthAtMost(7), Jfmm.withAccuracy(Accuracy.growthAtMost(7)).accuracy());
        } finally {
            Jfmm.setAccuracy(before);
        }
        assertSame(Accuracy.CLASSICAL, following.accuracy());
        assertThrows(NullPointerException.class, () -> Jfmm.setAccuracy(null));
        assertThrows(NullPointerException.class, () -> following.withAccuracy(null));
    }
}
