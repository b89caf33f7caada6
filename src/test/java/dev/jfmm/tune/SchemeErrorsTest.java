package dev.jfmm.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.Jfmm;
import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Scheme;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The catalog's error columns, against the same quantity computed here from scratch. */
class SchemeErrorsTest {

    private static Scheme catalog(String name) {
        return Catalog.find(name).orElseThrow();
    }

    /**
     * max |C - R| / (|A||B|) over every element, with R and |A||B| from a triple loop written here, on
     * A and B drawn from seed 42 in [-1, 1) as the index says; C from the public API.
     */
    private static double independentError(double[] c, double[] a, double[] b, int m, int n, int k) {
        double max = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    exact += a[i * k + p] * b[p * n + j];
                    magnitude += Math.abs(a[i * k + p]) * Math.abs(b[p * n + j]);
                }
                max = Math.max(max, Math.abs(c[i * n + j] - exact) / magnitude);
            }
        }
        return max;
    }

    private static void checkAgainstIndependent(Scheme s, int levels) {
        SchemeErrors.Measurement x = SchemeErrors.measure(s, levels);
        int m = x.m(), n = x.n(), k = x.k();
        assertEquals(SchemeErrors.BLOCK * (int) Math.pow(s.format().n(), levels), m);
        assertEquals(SchemeErrors.BLOCK * (int) Math.pow(s.format().m(), levels), k);
        assertEquals(SchemeErrors.BLOCK * (int) Math.pow(s.format().p(), levels), n);
        SplittableRandom random = new SplittableRandom(42);
        double[] a = random.doubles((long) m * k, -1, 1).toArray();
        double[] b = random.doubles((long) k * n, -1, 1).toArray();
        FastGemm fast = FastGemm.of(s, levels, FastGemm.Strategy.WRITE_ONCE, Dispatcher.get()).withCutoff(16);
        double[] viaScheme = Jfmm.withThreads(1).with(fast).multiply(a, b, m, k, n);
        assertTrue(Jfmm.lastBackend().startsWith("fast("), Jfmm.lastBackend());
        double[] classical = Jfmm.withThreads(1).multiply(a, b, m, k, n);
        assertEquals(independentError(viaScheme, a, b, m, n, k), x.error()); // the same bits
        assertEquals(independentError(classical, a, b, m, n, k), x.classicalError());
        assertEquals(fast.growth(), x.growth());
    }

    @Test
    void strassenIsLessAccurateThanClassicalAndMoreSoAtTwoLevels() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z");
        checkAgainstIndependent(strassen, 1);
        checkAgainstIndependent(strassen, 2);
        SchemeErrors.Measurement one = SchemeErrors.measure(strassen, 1), two = SchemeErrors.measure(strassen, 2);
        assertTrue(one.error() > 0 && one.ratio() > 1, one.toString());
        assertTrue(two.ratio() > one.ratio(), one + " " + two);
        assertEquals(6, one.growth());
        assertEquals(36, two.growth());
        // Within the classical bound times the growth (a yardstick, and far from tight here).
        assertTrue(two.error() <= two.growth() * two.k() * Precision.DOUBLE.eps, two.toString());
    }

    @Test
    void aRectangularSchemeMatchesTheIndependentComputation() {
        checkAgainstIndependent(catalog("search_2x3x4_r20_Z"), 1);
    }

    /** <2,2,1;4> is classical blocking (no additions but the C sums): growth 1, error within the classical bound. */
    @Test
    void anExactBlockingStaysWithinTheClassicalBound() {
        Scheme blocking = catalog("classical_2x2x1_r4_Z");
        checkAgainstIndependent(blocking, 1);
        for (int levels : List.of(1, 2)) {
            SchemeErrors.Measurement x = SchemeErrors.measure(blocking, levels);
            assertEquals(1, x.growth());
            assertTrue(x.error() > 0 && x.error() <= x.k() * Precision.DOUBLE.eps, x.toString());
            assertTrue(x.classicalError() > 0 && x.classicalError() <= x.k() * Precision.DOUBLE.eps, x.toString());
        }
    }

    @Test
    void cellsAreEmptyForGf2AndTheSameBitsEveryRun() {
        SchemeErrors columns = new SchemeErrors();
        assertEquals(List.of("error_1", "classical_error_1", "error_ratio_1", "growth_1",
                "error_2", "classical_error_2", "error_ratio_2", "growth_2"), columns.names());
        assertEquals(List.of("", "", "", "", "", "", "", ""), columns.cells(catalog("strassen_2x2x2_r7_GF2")));
        Scheme winograd = catalog("winograd_2x2x2_r7_Z");
        List<String> cells = columns.cells(winograd);
        assertEquals(cells, columns.cells(winograd));
        SchemeErrors.Measurement two = SchemeErrors.measure(winograd, 2);
        assertEquals(List.of(SchemeErrors.error(two.error()), SchemeErrors.error(two.classicalError()),
                SchemeErrors.ratio(two.ratio()), "81"), cells.subList(4, 8));
    }

    @Test
    void aZeroClassicalErrorGivesNoRatio() {
        assertNull(SchemeErrors.ratio(1e-16, 0));
        assertEquals("-", SchemeErrors.ratio(null));
        assertEquals("3.00", SchemeErrors.ratio(SchemeErrors.ratio(3e-16, 1e-16)));
        assertEquals("25280", SchemeErrors.growth(25280));
        assertEquals("10.33", SchemeErrors.growth(31.0 / 3));
    }
}
