package dev.jfmm.gemm;

import dev.jfmm.scheme.Catalog;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Not a test: a paired measurement of the fused strategy with generated sums against the same with the
 * interpretive ones ({@link FastGemm#withInterpretiveSums}), in one JVM, interleaved (the order swaps
 * every pair), double, 1 thread, row-major, beta 0. Prints the median time of each and the median of
 * the per-pair ratios generated / interpretive. Arguments: scheme name, levels, then pairs of
 * (n, pairs). Run (after {@code mvn test-compile}) with
 * {@code java --add-modules jdk.incubator.vector -Djfmm.profiles=hardware-profiles
 * -cp target/classes:target/test-classes:target/lib/* dev.jfmm.gemm.FusedSumsComparison strassen_2x2x2_r7_Z 1 2048 15 4096 5}.
 */
public final class FusedSumsComparison {

    public static void main(String[] args) {
        FastGemm generated = FastGemm.of(Catalog.fileOrName(args[0]), Integer.parseInt(args[1]), Dispatcher.get());
        FastGemm interpretive = generated.withInterpretiveSums();
        for (int i = 2; i + 1 < args.length; i += 2) {
            int n = Integer.parseInt(args[i]), pairs = Integer.parseInt(args[i + 1]);
            SplittableRandom random = new SplittableRandom(n);
            double[] a = random.doubles((long) n * n, -1, 1).toArray(), b = random.doubles((long) n * n, -1, 1).toArray();
            double[] c1 = new double[n * n], c2 = new double[n * n];
            GemmShape s = new GemmShape(n, n, n, 0, n, 1, 0, n, 1, 0, n);
            time(generated, s, a, b, c1); // warm-up, and the check below
            time(interpretive, s, a, b, c2);
            if (!Arrays.equals(c1, c2) || !generated.lastRun().equals(generated.name())) {
                throw new IllegalStateException("not the same bits, or the scheme did not run: " + generated.lastRun());
            }
            double[] tg = new double[pairs], ti = new double[pairs], ratio = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                if (p % 2 == 0) {
                    tg[p] = time(generated, s, a, b, c1);
                    ti[p] = time(interpretive, s, a, b, c2);
                } else {
                    ti[p] = time(interpretive, s, a, b, c2);
                    tg[p] = time(generated, s, a, b, c1);
                }
                ratio[p] = tg[p] / ti[p];
            }
            double flops = 2.0 * n * n * n;
            System.out.printf(Locale.ROOT, "%s n=%d pairs=%d: generated %.3f s (%.1f GFLOP/s), interpretive %.3f s (%.1f GFLOP/s),"
                            + " median ratio generated/interpretive %.3f (min %.3f, max %.3f)%n",
                    generated.name(), n, pairs, median(tg), flops / median(tg) / 1e9, median(ti), flops / median(ti) / 1e9,
                    median(ratio), Arrays.stream(ratio).min().orElseThrow(), Arrays.stream(ratio).max().orElseThrow());
        }
    }

    private static double time(FastGemm gemm, GemmShape s, double[] a, double[] b, double[] c) {
        long start = System.nanoTime();
        gemm.dgemm(s, 1, a, b, 0, c, 1);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int h = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }
}
