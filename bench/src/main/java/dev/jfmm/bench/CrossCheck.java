package dev.jfmm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before anything is timed: every library that runs for a shape multiplies the same inputs once, and
 * its C is compared with a baseline (the reference up to its size cap, else OpenBLAS, else the first) under the
 * classical bound for two classical products, |C - C'|_ij <= 2 k u (|A||B|)_ij, with (|A||B|)_ij
 * bounded above by (sum_l |a_il|) * max_l |b_lj|. Any non-finite value fails too.
 */
final class CrossCheck {

    /** One library's comparison with the baseline for one shape and precision. */
    record Result(String lib, String precision, String shape, int threads, String baseline, double maxError,
                  double boundAtMax, double worstRatio, String ranOn) {
        Map<String, Object> json() {
            return Map.of("lib", lib, "precision", precision, "shape", shape, "threads", threads,
                    "baseline", baseline, "maxAbsError", maxError, "boundAtMax", boundAtMax,
                    "errorOverBound", worstRatio, "ranOn", ranOn);
        }
    }

    /** A mismatch: the run stops with this one-line message. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    private CrossCheck() {
    }

    static List<Result> check(Shape shape, String precision, int threads, List<Lib> libs) {
        Problem p = new Problem(shape, precision);
        List<Lib> running = libs.stream().filter(l -> l.unavailable(shape, threads) == null).toList();
        if (running.isEmpty()) return List.of();
        // The reference is the baseline wherever it can run, even when it is not among the timed libraries.
        Lib baseline = shape.maxDim() <= Reference.MAX_DIM ? Lib.REFERENCE
                : running.contains(Lib.OPENBLAS) ? Lib.OPENBLAS : running.getFirst();
        double[] expected = compute(baseline, p, threads);
        double[] bound = bound(p);
        List<Result> results = new ArrayList<>();
        for (Lib lib : running) {
            if (lib == baseline) continue;
            double[] actual = compute(lib, p, threads);
            String ranOn = lib.id.startsWith("jfmm") ? dev.jfmm.Jfmm.lastBackend() : "";
            double worst = 0, maxError = 0, boundAtMax = 0;
            double growth = lib.errorGrowth();
            for (int i = 0; i < actual.length; i++) {
                double error = Math.abs(actual[i] - expected[i]), limit = bound[i] * growth;
                if (!Double.isFinite(actual[i]) || error > limit) {
                    throw new Mismatch(String.format("cross-check failed: %s differs from %s for %s %s, %d thread(s): "
                                    + "C[%d][%d] = %s, expected %s within %.3g",
                            lib.id, baseline.id, precision, shape, threads, i / shape.n(), i % shape.n(),
                            actual[i], expected[i], limit));
                }
                if (error > maxError) {
                    maxError = error;
                    boundAtMax = limit;
                }
                worst = Math.max(worst, limit > 0 ? error / limit : 0);
            }
            results.add(new Result(lib.id, precision, shape.toString(), threads, baseline.id, maxError, boundAtMax,
                    worst, ranOn));
        }
        return results;
    }

    private static double[] compute(Lib lib, Problem p, int threads) {
        p.poisonC();
        lib.kernel(p, threads).run();
        return p.copyC();
    }

    /** 2 k u (sum_l |a_il|) (max_l |b_lj|), elementwise (times a fast scheme's growth, see Lib.errorGrowth). */
    private static double[] bound(Problem p) {
        int m = p.shape.m(), k = p.shape.k(), n = p.shape.n();
        double[] colMax = new double[n];
        for (int l = 0; l < k; l++) {
            for (int j = 0; j < n; j++) colMax[j] = Math.max(colMax[j], Math.abs(p.b(l * n + j)));
        }
        double scale = 2.0 * k * p.eps();
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            double rowSum = 0;
            for (int l = 0; l < k; l++) rowSum += Math.abs(p.a(i * k + l));
            for (int j = 0; j < n; j++) bound[i * n + j] = scale * rowSum * colMax[j];
        }
        return bound;
    }
}
