package dev.jfmm.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.hw.HardwareProfile.Blocking;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The BLIS driver with many register tiles and cache blocks, on shapes one below, at and one above
 * every block boundary, against the reference (exact on integer inputs), row-major and transposed views.
 */
class BlisGemmTest {

    static final List<Blocking> BLOCKINGS = List.of(
            new Blocking(1, 1, 1, 1, 1, 1),
            new Blocking(3, 1, 2, 7, 5, 16),
            new Blocking(4, 2, 3, 12, 9, 40),
            new Blocking(5, 3, 4, 10, 33, 50),
            new Blocking(8, 3, 4, 96, 256, 3072),
            new Blocking(14, 2, 2, 28, 64, 64));

    /**
     * Sweeping several micro-panels of B row of tiles by row (a product with several C blocks; a plain
     * one keeps BLIS's order), and collecting the tiles in a buffer merged into C row by row, change the
     * order tiles are computed and merged in, never a tile's sums or merges: the same bits as one panel at
     * a time merged tile by tile, in double and float, on real-valued inputs, 1 and 3 threads, with
     * partial groups, partial buffers and partial tiles; plain products unchanged.
     */
    @Test
    void panelGroupsAndMergeBuffersGiveTheBitsOfOneTileAtATime() {
        SplittableRandom random = new SplittableRandom(17);
        int m = 101, n = 211, k = 77;
        GemmShape s = new GemmShape(m, n, k, 0, k, 1, 0, n, 1, 0, n);
        double[] a = random.doubles(m * k, -1, 1).toArray(), b = random.doubles(k * n, -1, 1).toArray();
        double[] c = random.doubles(m * n, -1, 1).toArray();
        GemmShape half = new GemmShape(m / 2, n / 2, k, 0, k, 1, 0, n, 1, 0, n);
        SchemeProduct scatter = new SchemeProduct(new int[] {0, 1}, new double[] {1, -1}, new int[] {0}, new double[] {1},
                new int[] {0, n / 2, m / 2 * n}, new double[] {1, -1, 0.5}, new double[] {0.5, 1, 0}, null, -1, -1);
        float[] fa = toFloat(a), fb = toFloat(b), fc = toFloat(c);
        double[] plain = null, fused = null;
        float[] fused32 = null;
        for (int group : new int[] {1, 2, 3, 5}) {
            for (int mergeColumns : new int[] {0, 1, 40, 70, 1000}) {
                Blocking blocking = new Blocking(6, 2, 1, 24, 32, 96, group, mergeColumns);
                BlisGemm blis = new BlisGemm(new HardwareProfile("test", "", HardwareProfile.BUILT_IN.match(),
                        new HardwareProfile.Gemm(1, blocking, blocking), "test"), 512, false);
                for (int threads : new int[] {1, 3}) {
                    double[] p = c.clone(), f = c.clone();
                    float[] f32 = fc.clone();
                    blis.dgemm(s, 1.5, a, b, 0.5, p, threads);
                    blis.dgemm(half, scatter, 1.25, a, b, f, threads);
                    blis.sgemm(half, scatter, 1.25f, fa, fb, f32, threads);
                    if (plain == null) {
                        plain = p;
                        fused = f;
                        fused32 = f32;
                    }
                    String where = "panel group " + group + ", merge columns " + mergeColumns + ", " + threads + " threads";
                    assertArrayEquals(plain, p, "plain, " + where);
                    assertArrayEquals(fused, f, "fused, " + where);
                    assertArrayEquals(fused32, f32, "fused float, " + where);
                }
            }
        }
    }

    /**
     * A product on one thread offers its row blocks to idle threads ({@link IdleThreads}): computed by a
     * helper, all of them before the owner starts or alongside it, they give the bits of the owner alone,
     * in double and float, with sums, several C blocks, and several NC and KC blocks (one offer each).
     */
    @Test
    void rowBlocksTakenByIdleThreadsGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(23);
        int m = 301, n = 211, k = 77;
        GemmShape s = new GemmShape(m / 2, n / 2, k, 0, k, 1, 0, n, 1, 0, n);
        double[] a = random.doubles(m * k, -1, 1).toArray(), b = random.doubles(k * n, -1, 1).toArray();
        double[] c = random.doubles(m * n, -1, 1).toArray();
        SchemeProduct product = new SchemeProduct(new int[] {0, 1}, new double[] {1, -1}, new int[] {0, 2},
                new double[] {1, 1}, new int[] {0, n / 2, m / 2 * n}, new double[] {1, -1, 0.5},
                new double[] {0.5, 1, 0}, null, -1, -1);
        Blocking blocking = new Blocking(6, 2, 1, 24, 32, 96, 2, 40);
        BlisGemm blis = new BlisGemm(new HardwareProfile("test", "", HardwareProfile.BUILT_IN.match(),
                new HardwareProfile.Gemm(1, blocking, blocking), "test"), 512, false);
        double[] alone = c.clone();
        float[] alone32 = toFloat(c);
        blis.dgemm(s, product, 1.25, a, b, alone, 1);
        blis.sgemm(s, product, 1.25f, toFloat(a), toFloat(b), alone32, 1);
        for (boolean first : new boolean[] {true, false}) {
            Helper helper = new Helper(first);
            double[] helped = c.clone();
            float[] helped32 = toFloat(c);
            blis.dgemm(s, product.helpedBy(helper), 1.25, a, b, helped, 1);
            blis.sgemm(s, product.helpedBy(helper), 1.25f, toFloat(a), toFloat(b), helped32, 1);
            String how = first ? "all by the helper" : "alongside the owner";
            assertArrayEquals(alone, helped, how);
            assertArrayEquals(alone32, helped32, how);
            // n = 105 in NC blocks of 96, k = 77 in KC passes of 32 and 45 (the last 13 folded in): four a call
            assertEquals(2 * 4, helper.offers, how);
        }
    }

    /** Idle threads for the test: one new thread per offer, done with it before the owner starts, or not. */
    private static final class Helper implements IdleThreads {
        private final boolean first;
        private Thread thread;
        int offers;

        Helper(boolean first) {
            this.first = first;
        }

        @Override
        public void offer(Offer work) {
            offers++;
            thread = new Thread(work::work);
            thread.start();
            if (first) {
                join();
            }
        }

        @Override
        public void withdraw(Offer work) {
            join();
        }

        private void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBlockingMatchesTheReferenceAtEveryEdge() {
        return BLOCKINGS.stream().map(blocking -> DynamicTest.dynamicTest(blocking.toString(), () -> {
            HardwareProfile profile = new HardwareProfile("test", "", HardwareProfile.BUILT_IN.match(),
                    new HardwareProfile.Gemm(1, blocking, blocking), "test");
            BlisGemm blis = new BlisGemm(profile, 512, false);
            SplittableRandom random = new SplittableRandom(blocking.hashCode());
            int lanesD = 8, lanesF = 16;
            int[] ms = edges(blocking.mr(), blocking.mc());
            int[] ns = edges(blocking.nrVectors() * lanesD, blocking.nc());
            // past KC by up to FOLDED_DEPTH the last pass folds into the one before, one more takes a pass of its own
            int[] ks = java.util.stream.IntStream.concat(java.util.Arrays.stream(edges(1, blocking.kc())),
                    java.util.stream.IntStream.of(blocking.kc() + BlisGemm.FOLDED_DEPTH,
                            blocking.kc() + BlisGemm.FOLDED_DEPTH + 1, 2 * blocking.kc() + BlisGemm.FOLDED_DEPTH + 1))
                    .filter(k -> k <= 400).distinct().toArray();
            for (int m : ms) {
                for (int n : ns) {
                    for (int k : ks) {
                        for (boolean transposedA : new boolean[] {false, true}) {
                            checkDouble(blis, random, m, n, k, transposedA);
                        }
                    }
                }
            }
            for (int n : edges(blocking.nrVectors() * lanesF, blocking.nc())) {
                checkFloat(blis, random, ms[ms.length - 1], n, ks[ks.length - 1]);
            }
        }));
    }

    /**
     * The last micro-panel of a B narrower than NR runs on a kernel only as many vectors wide as its columns
     * need (1 or 2 of a 3-vector tile), packed that wide, and where it would be one vector after a full
     * panel, the two split their columns (two 2-vector panels, {@code column}): every width from 1 to 2 NR + 1
     * columns (so a full panel before the narrow one, and two column blocks past NC), double and float,
     * against the reference on integers (exact), plain and fused into two C blocks through the merge buffer,
     * on 1 thread and on 3 (which share out B's panels, as A has a single row block).
     */
    @Test
    void narrowLastPanelsMatchTheReference() {
        Blocking blocking = new Blocking(5, 3, 1, 20, 40, 96, 2, 64);
        BlisGemm blis = new BlisGemm(new HardwareProfile("test", "", HardwareProfile.BUILT_IN.match(),
                new HardwareProfile.Gemm(1, blocking, blocking), "test"), 512, false);
        SplittableRandom random = new SplittableRandom(29);
        int m = 9, k = 45;
        for (int n = 1; n <= 2 * 3 * 16 + 1; n++) {
            if (n <= 2 * 3 * 8 + 1) {
                checkDouble(blis, random, m, n, k, false);
            }
            checkFloat(blis, random, m, n, k);
            // C block 1 lies under block 0: C0 += 1.5 A B, C1 = 0.5 C1 - 1.5 A B
            GemmShape s = new GemmShape(m, n, k, 0, k, 1, 0, n, 1, 0, n);
            double[] a = random.ints(m * k, -3, 4).asDoubleStream().toArray();
            double[] b = random.ints(k * n, -3, 4).asDoubleStream().toArray();
            double[] c = random.ints(2 * m * n, -3, 4).asDoubleStream().toArray();
            double[] expected = c.clone();
            ReferenceGemm.INSTANCE.dgemm(s, 1.5, a, b, 1, expected);
            ReferenceGemm.INSTANCE.dgemm(new GemmShape(m, n, k, 0, k, 1, 0, n, 1, m * n, n), -1.5, a, b, 0.5, expected);
            SchemeProduct scatter = new SchemeProduct(new int[] {0}, new double[] {1}, new int[] {0}, new double[] {1},
                    new int[] {0, m * n}, new double[] {1, -1}, new double[] {1, 0.5}, null, -1, -1);
            for (int threads : new int[] {1, 3}) {
                double[] actual = c.clone();
                float[] actual32 = toFloat(c);
                blis.dgemm(s, scatter, 1.5, a, b, actual, threads);
                blis.sgemm(s, scatter, 1.5f, toFloat(a), toFloat(b), actual32, threads);
                assertSameNumbers(expected, actual, "fused double, n = " + n + ", " + threads + " threads");
                assertSameNumbers(expected, toDouble(actual32), "fused float, n = " + n + ", " + threads + " threads");
            }
        }
    }

    /**
     * A product with its sums fused into packing, (A0 - A1)(B0 + 2 B1) scattered into two C blocks, against
     * the sums formed explicitly and the reference product, on integers (exact). Depth 300 in KC blocks
     * of 160 and 140, and 1000, so A is packed in several chunks of k steps with a remainder and B in
     * blocks of rows with a remainder; A and B each row-major (unit stride along k for A, the path that
     * sums whole rows first) and transposed (strided sums); 1 and 3 threads, double and float.
     */
    @Test
    void fusedSumsMatchTheReferenceAcrossPackingChunks() {
        SplittableRandom random = new SplittableRandom(23);
        int mh = 45, nh = 53, k = 300, ldc = nh + 2;
        for (boolean transposedA : new boolean[] {false, true}) {
            for (boolean transposedB : new boolean[] {false, true}) {
                // A1 is A0 one k step on (they overlap); B1 is the nh columns beside B0
                int lda = transposedA ? mh + 2 : k + 1, ldb = transposedB ? k + 1 : 2 * nh + 1;
                int rsA = transposedA ? 1 : lda, csA = transposedA ? lda : 1;
                int rsB = transposedB ? 1 : ldb, csB = transposedB ? ldb : 1;
                int a1 = csA, b1 = nh * csB;
                double[] a = random.ints((transposedA ? k + 1 : mh) * lda, -3, 4).asDoubleStream().toArray();
                double[] b = random.ints((transposedB ? 2 * nh : k) * ldb, -3, 4).asDoubleStream().toArray();
                double[] c = random.ints(2 * mh * ldc, -3, 4).asDoubleStream().toArray();
                double[] left = new double[mh * k], right = new double[k * nh], product = new double[mh * nh];
                for (int i = 0; i < mh; i++) {
                    for (int p = 0; p < k; p++) {
                        left[i * k + p] = a[i * rsA + p * csA] - a[a1 + i * rsA + p * csA];
                    }
                }
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < nh; j++) {
                        right[p * nh + j] = b[p * rsB + j * csB] + 2 * b[b1 + p * rsB + j * csB];
                    }
                }
                ReferenceGemm.INSTANCE.dgemm(new GemmShape(mh, nh, k, 0, k, 1, 0, nh, 1, 0, nh), 1, left, right, 0, product);
                double alpha = 1.5;
                double[] expected = c.clone();
                for (int i = 0; i < mh; i++) {
                    for (int j = 0; j < nh; j++) {
                        expected[i * ldc + j] = alpha * product[i * nh + j] + 0.5 * c[i * ldc + j];
                        expected[(i + mh) * ldc + j] = -alpha * product[i * nh + j] + c[(i + mh) * ldc + j];
                    }
                }
                GemmShape half = new GemmShape(mh, nh, k, 0, rsA, csA, 0, rsB, csB, 0, ldc);
                SchemeProduct sums = new SchemeProduct(new int[] {0, a1}, new double[] {1, -1}, new int[] {0, b1},
                        new double[] {1, 2}, new int[] {0, mh * ldc}, new double[] {1, -1}, new double[] {0.5, 1}, null, -1, -1);
                String layout = (transposedA ? "A transposed" : "A row-major") + (transposedB ? ", B transposed" : ", B row-major");
                for (int kc : new int[] {160, 1000}) {
                    Blocking blocking = new Blocking(6, 2, 1, 24, kc, 96, 2, 40);
                    BlisGemm blis = new BlisGemm(new HardwareProfile("test", "", HardwareProfile.BUILT_IN.match(),
                            new HardwareProfile.Gemm(1, blocking, blocking), "test"), 512, false);
                    for (int threads : new int[] {1, 3}) {
                        double[] actual = c.clone();
                        float[] actual32 = toFloat(c);
                        blis.dgemm(half, sums, alpha, a, b, actual, threads);
                        blis.sgemm(half, sums, (float) alpha, toFloat(a), toFloat(b), actual32, threads);
                        String where = layout + ", kc " + kc + ", " + threads + " threads";
                        assertSameNumbers(expected, actual, "double, " + where);
                        assertSameNumbers(expected, toDouble(actual32), "float, " + where);
                    }
                }
            }
        }
    }

    /**
     * The small-shape path against the packed one: bit for bit (same rounding order), for every m, n
     * and k it takes, B plain, transposed and padded, and A plain and transposed; and unpadded row-major,
     * which runs on kernels with the strides baked in.
     */
    @Test
    void smallShapesGiveThePackedPathsBits() {
        HardwareProfile profile = HardwareProfile.BUILT_IN;
        BlisGemm small = new BlisGemm(profile, 512, true), packed = new BlisGemm(profile, 512, false);
        SplittableRandom random = new SplittableRandom(5);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 32};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : new int[] {1, 4, 13, 32}) {
                    for (boolean tight : new boolean[] {false, true}) {
                        boolean transposedA = !tight && random.nextBoolean(), transposedB = !tight && random.nextBoolean();
                        int pad = tight ? 0 : 1;
                        int lda = (transposedA ? m : k) + random.nextInt(pad + 1), ldb = (transposedB ? k : n) + random.nextInt(pad + 1);
                        int ldc = n + random.nextInt(pad + 1);
                        GemmShape s = new GemmShape(m, n, k, 1, transposedA ? 1 : lda, transposedA ? lda : 1,
                                2, transposedB ? 1 : ldb, transposedB ? ldb : 1, 3, ldc);
                        double[] a = random.doubles(1 + (transposedA ? k : m) * lda, -1, 1).toArray();
                        double[] b = random.doubles(2 + (transposedB ? n : k) * ldb, -1, 1).toArray();
                        double[] c = random.doubles(3 + m * ldc, -1, 1).toArray();
                        double beta = random.nextBoolean() ? 0 : 0.5;
                        double[] expected = c.clone(), actual = c.clone();
                        packed.dgemm(s, 1.5, a, b, beta, expected, 1);
                        small.dgemm(s, 1.5, a, b, beta, actual, 1);
                        assertArrayEquals(expected, actual, s + " beta=" + beta);
                        float[] fa = toFloat(a), fb = toFloat(b), fc = toFloat(c), fe = fc.clone();
                        packed.sgemm(s, 1.5f, fa, fb, (float) beta, fe, 1);
                        small.sgemm(s, 1.5f, fa, fb, (float) beta, fc, 1);
                        assertArrayEquals(fe, fc, s + " float beta=" + beta);
                    }
                }
            }
        }
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** 1, one tile, the tile +- 1, one block +- 1 (distinct, positive). */
    static int[] edges(int tile, int block) {
        return Stream.of(1, tile, tile + 1, Math.max(1, block - 1), block, block + 1, 2 * block + tile + 1)
                .mapToInt(Integer::intValue).distinct().filter(x -> x >= 1 && x <= 400).toArray();
    }

    static void checkDouble(BlisGemm blis, SplittableRandom random, int m, int n, int k, boolean transposedA) {
        int lda = transposedA ? m + 1 : k + 2, ldb = n + 1, ldc = n + 3;
        GemmShape s = transposedA
                ? new GemmShape(m, n, k, 1, 1, lda, 2, ldb, 1, 3, ldc)
                : new GemmShape(m, n, k, 1, lda, 1, 2, ldb, 1, 3, ldc);
        double[] a = random.ints(1 + (transposedA ? k * lda : m * lda), -3, 4).asDoubleStream().toArray();
        double[] b = random.ints(2 + k * ldb, -3, 4).asDoubleStream().toArray();
        double[] c = random.ints(3 + m * ldc, -3, 4).asDoubleStream().toArray();
        for (double beta : new double[] {0, 2}) {
            double[] expected = c.clone();
            ReferenceGemm.INSTANCE.dgemm(s, -1, a, b, beta, expected);
            for (int threads : new int[] {1, 3}) {
                double[] actual = c.clone();
                blis.dgemm(s, -1, a, b, beta, actual, threads);
                assertSameNumbers(expected, actual, s + " beta=" + beta + " threads=" + threads);
            }
        }
    }

    static void checkFloat(BlisGemm blis, SplittableRandom random, int m, int n, int k) {
        GemmShape s = new GemmShape(m, n, k, 0, k, 1, 0, n, 1, 0, n);
        float[] a = toFloat(random.ints(m * k, -3, 4).toArray());
        float[] b = toFloat(random.ints(k * n, -3, 4).toArray());
        float[] c = toFloat(random.ints(m * n, -3, 4).toArray());
        float[] expected = c.clone(), actual = c.clone();
        ReferenceGemm.INSTANCE.sgemm(s, 2, a, b, 1, expected);
        blis.sgemm(s, 2, a, b, 1, actual);
        assertSameNumbers(toDouble(expected), toDouble(actual), s.toString());
    }

    /** Equal as numbers: BLAS leaves the sign of a zero unspecified. */
    static void assertSameNumbers(double[] expected, double[] actual, String message) {
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i] && !(Double.isNaN(expected[i]) && Double.isNaN(actual[i]))) {
                fail(message + ": index " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    static float[] toFloat(int[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = x[i];
        }
        return f;
    }
}
