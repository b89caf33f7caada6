package dev.jfmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.gemm.GemmShape;
import dev.jfmm.gemm.ReferenceGemm;
import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Scheme;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The API's own choice of a fast scheme under an accuracy policy, on a test profile whose candidates
 * have small cutoffs (the shipped ones start at 2048): Strassen for double on 1 thread from 64, Winograd
 * for float on any threads from 48. Every product is checked against {@link ReferenceGemm} within a
 * bound scaled by the growth of what ran.
 */
class AccuracyPolicyTest {

    private static final Dispatcher SYSTEM = Dispatcher.get();
    private static final Scheme STRASSEN = Catalog.find("strassen_2x2x2_r7_Z").orElseThrow();
    private static final Scheme WINOGRAD = Catalog.find("winograd_2x2x2_r7_Z").orElseThrow();
    private static final double STRASSEN_GROWTH = FastGemm.of(STRASSEN, 1, SYSTEM).growth();
    private static final double WINOGRAD_GROWTH = FastGemm.of(WINOGRAD, 1, SYSTEM).growth();
    private static final String FAST = "fast(2x2x2;7";

    /** A dispatcher on the system's backend whose profile lists these candidates. */
    static Dispatcher withCandidates(HardwareProfile.FastScheme... candidates) {
        HardwareProfile p = SYSTEM.profile();
        return new Dispatcher(SYSTEM.backend(),
                new HardwareProfile("test", "small cutoffs", p.match(), p.gemm(), List.of(candidates), "test"));
    }

    private static final Dispatcher TEST = withCandidates(
            new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 64, 1, "double"),
            new HardwareProfile.FastScheme("winograd_2x2x2_r7_Z", 1, 48, 0, "float"));

    private static Gemm gemm(int threads, Accuracy accuracy) {
        return new Gemm(threads, TEST).withAccuracy(accuracy);
    }

    @Test
    void classicalPolicyNeverChoosesAFastScheme() {
        SplittableRandom random = new SplittableRandom(1);
        String ran = check(gemm(1, Accuracy.CLASSICAL), random, 96, 80, 72, false, 1);
        assertEquals(SYSTEM.backend().name() + " (policy classical)", ran);
        ran = check(gemm(1, Accuracy.CLASSICAL), random, 64, 64, 64, true, 1);
        assertEquals(SYSTEM.backend().name() + " (policy classical)", ran);
        assertEquals(1, gemm(1, Accuracy.CLASSICAL).growth(96, 80, 72, false), 0);
    }

    @Test
    void aGrowthBoundAdmitsTheCandidateAtShapesAboveItsCutoff() {
        SplittableRandom random = new SplittableRandom(2);
        Accuracy ten = Accuracy.growthAtMost(10);
        String ran = check(gemm(1, ten), random, 96, 80, 72, false, STRASSEN_GROWTH);
        assertTrue(ran.startsWith(FAST) && ran.endsWith("+" + SYSTEM.backend().name()
                + " (policy growth<=10, profile candidate strassen_2x2x2_r7_Z)"), ran);
        assertEquals(STRASSEN_GROWTH, gemm(1, ten).growth(96, 80, 72, false), 0);
        // Exactly at the cutoff, and odd sizes (the fringe is padded); column-major with transposes.
        ran = check(gemm(1, ten), random, 65, 64, 131, false, STRASSEN_GROWTH);
        assertTrue(ran.startsWith(FAST), ran);

        ran = check(gemm(2, ten), random, 50, 49, 48, true, WINOGRAD_GROWTH);
        assertTrue(ran.startsWith(FAST) && ran.endsWith("(policy growth<=10, profile candidate winograd_2x2x2_r7_Z)"), ran);
        assertEquals(WINOGRAD_GROWTH, gemm(2, ten).growth(50, 49, 48, true), 0);
    }

    @Test
    void belowTheCutoffOnOtherThreadsOrPastTheBoundItStaysClassical() {
        SplittableRandom random = new SplittableRandom(3);
        String classical = SYSTEM.backend().name() + " (policy growth<=10, no profile candidate for this call)";
        Accuracy ten = Accuracy.growthAtMost(10);
        assertEquals(classical, check(gemm(1, ten), random, 63, 96, 96, false, 1));
        assertEquals(classical, check(gemm(1, ten), random, 96, 96, 63, false, 1));
        assertEquals(classical, check(gemm(2, ten), random, 96, 96, 96, false, 1), "the candidate is for 1 thread");
        assertEquals(classical, check(gemm(1, ten), random, 47, 60, 60, true, 1));

        Accuracy tight = Accuracy.growthAtMost(Math.min(STRASSEN_GROWTH, WINOGRAD_GROWTH) - 0.5);
        String ran = check(gemm(1, tight), random, 96, 96, 96, false, 1);
        assertEquals(SYSTEM.backend().name() + " (policy " + tight + ", no profile candidate for this call)", ran);
        assertEquals(1, gemm(1, tight).growth(96, 96, 96, false), 0);
        assertTrue(check(gemm(1, Accuracy.growthAtMost(STRASSEN_GROWTH)), random, 96, 96, 96, false, STRASSEN_GROWTH)
                .startsWith(FAST), "a bound equal to the growth admits it");

        Dispatcher none = withCandidates();
        String noCandidates = check(new Gemm(1, none).withAccuracy(ten), random, 96, 96, 96, false, 1);
        assertEquals(SYSTEM.backend().name() + " (policy growth<=10, no fast scheme in profile test)", noCandidates);
    }

    @Test
    void aSchemeAskedForWinsOverThePolicy() {
        SplittableRandom random = new SplittableRandom(4);
        Gemm asked = gemm(2, Accuracy.CLASSICAL).with(FastGemm.of(WINOGRAD, 1, TEST).withCutoff(1));
        String ran = check(asked, random, 40, 30, 20, false, WINOGRAD_GROWTH);
        assertTrue(ran.startsWith(FAST) && !ran.contains("policy"), ran);
        ran = check(asked.withAccuracy(Accuracy.growthAtMost(10)), random, 96, 96, 96, false, WINOGRAD_GROWTH);
        assertTrue(ran.startsWith(FAST) && !ran.contains("policy"), "not the profile's Strassen: " + ran);
        assertEquals(WINOGRAD_GROWTH, asked.growth(8, 8, 8, false), 0);
    }

    /**
     * A candidate's levels run where their blocks reach its cutoff over the grid (so the first always
     * runs) or the default cutoff, whichever is less: a two-level Strassen candidate from 3072 runs its
     * second level on 4096's blocks of 1024.
     */
    @Test
    void aCandidatesDeeperLevelsRunFromTheDefaultCutoff() {
        Dispatcher profile = withCandidates(new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 3072, 1, "float"),
                new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 64, 1, "double"));
        var twoLevels = profile.choice().choose(4096, 4096, 4096, Precision.FLOAT, 1, 36, "growth<=36");
        assertEquals(FastGemm.DEFAULT_CUTOFF, ((FastGemm) twoLevels.dispatcher().backend()).cutoff());
        var small = profile.choice().choose(96, 96, 96, Precision.DOUBLE, 1, 36, "growth<=36");
        assertEquals(32, ((FastGemm) small.dispatcher().backend()).cutoff());
    }

    /**
     * A candidate may name its strategy: fused-basis, whose growth counts the decoding (196 for two Strassen
     * levels), runs only under a policy that admits it; under less the next candidate runs. An unknown name
     * fails when a call reaches it, naming the candidate.
     */
    @Test
    void aCandidateMayNameItsStrategy() {
        Dispatcher profile = withCandidates(
                new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 64, 1, "double", "fused-basis"),
                new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 64, 1, "double"));
        SplittableRandom random = new SplittableRandom(8);
        String basis = check(new Gemm(1, profile).withAccuracy(Accuracy.growthAtMost(196)), random, 128, 128, 128, false, 196);
        assertTrue(basis.startsWith("fast(2x2x2;7,2x2x2;7 fused-basis)+"), basis);
        String fused = check(new Gemm(1, profile).withAccuracy(Accuracy.growthAtMost(195)), random, 128, 128, 128, false, 36);
        assertTrue(fused.startsWith("fast(2x2x2;7,2x2x2;7 fused)+"), fused);
        Dispatcher unknown = withCandidates(new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 64, 1, "double", "fast"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Gemm(1, unknown).withAccuracy(Accuracy.growthAtMost(10)).growth(96, 96, 96, false));
        assertTrue(e.getMessage().startsWith("hardware profile test, fast scheme strassen_2x2x2_r7_Z: "), e.getMessage());
    }

    @Test
    void eachCandidateIsBuiltOnceAndReused() {
        var first = TEST.choice().choose(96, 96, 96, Precision.DOUBLE, 1, 10, "growth<=10");
        var second = TEST.choice().choose(128, 100, 90, Precision.DOUBLE, 1, 10, "growth<=10");
        assertNotSame(TEST, first.dispatcher());
        assertSame(first.dispatcher(), second.dispatcher());
        assertSame(TEST.choice(), TEST.choice());
        assertEquals(List.of("strassen_2x2x2_r7_Z", "winograd_2x2x2_r7_Z"),
                TEST.choice().candidates().stream().map(HardwareProfile.FastScheme::scheme).toList());
    }

    @Test
    void aCandidateThatIsNotInTheCatalogFailsWhenACallReachesIt() {
        Dispatcher broken = withCandidates(new HardwareProfile.FastScheme("no_such_scheme", 1, 64, 0, "double"));
        SplittableRandom random = new SplittableRandom(5);
        assertTrue(check(new Gemm(1, broken), random, 96, 96, 96, false, 1).endsWith("(policy classical)"));
        assertTrue(check(new Gemm(1, broken).withAccuracy(Accuracy.growthAtMost(10)), random, 32, 32, 32, false, 1)
                .contains("no profile candidate"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Gemm(1, broken).withAccuracy(Accuracy.growthAtMost(10)).growth(96, 96, 96, false));
        assertEquals("hardware profile test, fast scheme no_such_scheme: no such catalog scheme (see jfmm schemes)",
                e.getMessage());
    }

    /**
     * Runs one product (alpha 1.5, beta -0.5, column-major with A transposed for odd m, else row-major) on
     * {@code gemm}, checks C against the reference within 8 eps (k + 16) growth * 1.5 + 2 eps * 0.5 (inputs
     * in [-1, 1), rounded to float for a float product), and returns what ran.
     */
    private static String check(Gemm gemm, SplittableRandom random, int m, int n, int k, boolean floats, double growth) {
        boolean columnMajor = m % 2 == 1;
        Layout layout = columnMajor ? Layout.COLUMN_MAJOR : Layout.ROW_MAJOR;
        Transpose ta = columnMajor ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        // Either way op(A) (i, p) is at i * k + p: row-major A, or column-major A^T stored k x m.
        int lda = k, ldb = columnMajor ? k : n, ldc = columnMajor ? m : n;
        double[] a = values(random, m * k, floats), b = values(random, k * n, floats), c = values(random, m * n, floats);
        double[] expected = c.clone();
        GemmShape shape = columnMajor
                ? new GemmShape(n, m, k, 0, ldb, 1, 0, 1, lda, 0, ldc) // C^T = B^T op(A)^T, each read in place
                : new GemmShape(m, n, k, 0, lda, 1, 0, ldb, 1, 0, ldc);
        ReferenceGemm.INSTANCE.dgemm(shape, 1.5, columnMajor ? b : a, columnMajor ? a : b, -0.5, expected);
        double[] actual;
        if (floats) {
            float[] cf = BlasCase.toFloat(c);
            gemm.sgemm(layout, ta, Transpose.NO_TRANSPOSE, m, n, k, 1.5f, BlasCase.toFloat(a), 0, lda,
                    BlasCase.toFloat(b), 0, ldb, -0.5f, cf, 0, ldc);
            actual = new double[cf.length];
            for (int i = 0; i < cf.length; i++) {
                actual[i] = cf[i];
            }
        } else {
            actual = c.clone();
            gemm.dgemm(layout, ta, Transpose.NO_TRANSPOSE, m, n, k, 1.5, a, 0, lda, b, 0, ldb, -0.5, actual, 0, ldc);
        }
        String ran = Jfmm.lastBackend();
        double eps = floats ? Math.ulp(1.0f) : Math.ulp(1.0);
        double bound = 8 * eps * (k + 16) * growth * 1.5 + 2 * eps * 0.5;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], bound, ran + ": element " + i);
        }
        return ran;
    }

    private static double[] values(SplittableRandom random, int length, boolean floats) {
        double[] x = random.doubles(length, -1, 1).toArray();
        for (int i = 0; floats && i < length; i++) {
            x[i] = (float) x[i];
        }
        return x;
    }
}
