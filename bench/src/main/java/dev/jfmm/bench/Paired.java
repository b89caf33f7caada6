package dev.jfmm.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timed pairs in one JVM: per (precision, shape), every library multiplies once per round, in an order
 * that rotates from round to round, and each library's time is compared with the others' in the same
 * round. On a shared, noisy host the machine's speed drifts by 5-10% between separate JMH runs (each
 * library runs in forks of its own, one after another), which is the size of the differences to be
 * measured; the median of per-round ratios cancels that drift, as {@code jfmm bench} does for schemes.
 *
 * <p>A pause between products lets the previous library's threads go idle (OpenBLAS's spin for a while
 * after a call), so no product competes with another's leftovers. Warm-up: the cross-check's product,
 * then each library on its own, untimed, for at least {@code warmup-ms} and two calls (a count of rounds
 * left small products interpreted: jfmm at n = 256 ran 32 GFLOP/s after 42 calls).
 */
final class Paired {

    private Paired() {
    }

    /** One (precision, shape): per library, its GFLOP/s in each round (rounds in order). */
    record Point(String precision, Shape shape, int threads, List<Lib> libs, double[][] gflops) {

        double medianGflops(int lib) {
            return Report.median(gflops[lib].clone());
        }

        /** Median over rounds of lib's speed over other's in the same round. */
        double medianRatio(int lib, int other) {
            double[] ratios = new double[gflops[lib].length];
            for (int r = 0; r < ratios.length; r++) ratios[r] = gflops[lib][r] / gflops[other][r];
            return Report.median(ratios);
        }

        /** Rounds in which lib was faster than other. */
        int wins(int lib, int other) {
            int wins = 0;
            for (int r = 0; r < gflops[lib].length; r++) if (gflops[lib][r] > gflops[other][r]) wins++;
            return wins;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("precision", precision);
            json.put("shape", shape.toString());
            json.put("threads", threads);
            json.put("rounds", gflops[0].length);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < libs.size(); i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("lib", libs.get(i).id);
                row.put("gflopsMedian", medianGflops(i));
                row.put("gflopsPerRound", gflops[i]);
                Map<String, Object> ratios = new LinkedHashMap<>();
                for (int j = 0; j < libs.size(); j++) {
                    if (j != i) ratios.put(libs.get(j).id, Map.of("medianRatio", medianRatio(i, j), "wins", wins(i, j)));
                }
                row.put("versus", ratios);
                rows.add(row);
            }
            json.put("results", rows);
            return json;
        }

        /** A Markdown table: library, median GFLOP/s, and the median paired ratio over every other library. */
        String markdown() {
            StringBuilder md = new StringBuilder(String.format("%s %s, %d thread(s), %d rounds of timed pairs in one JVM: "
                    + "median GFLOP/s, and the median over rounds of the row's speed over the column's (rounds won)%n%n",
                    precision, shape, threads, gflops[0].length));
            md.append("| library | GFLOP/s |");
            libs.forEach(l -> md.append(" × ").append(l.id).append(" |"));
            md.append("\n|---|---:|").append("---:|".repeat(libs.size())).append('\n');
            for (int i = 0; i < libs.size(); i++) {
                md.append(String.format("| %s | %.2f |", libs.get(i).id, medianGflops(i)));
                for (int j = 0; j < libs.size(); j++) {
                    md.append(i == j ? " - |" : String.format(" %.3f× (%d) |", medianRatio(i, j), wins(i, j)));
                }
                md.append('\n');
            }
            return md.toString();
        }
    }

    static void run(Map<String, String> options, int threads, List<Shape> shapes, List<String> precisions,
                    List<Lib> libs) throws IOException {
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "11"));
        long warmupMillis = Long.parseLong(options.getOrDefault("warmup-ms", "2000"));
        long pauseMillis = Long.parseLong(options.getOrDefault("pause-ms", "200"));
        if (rounds < 1 || warmupMillis < 0 || pauseMillis < 0) {
            throw new IllegalArgumentException("--rounds must be at least 1, --warmup-ms and --pause-ms at least 0");
        }
        Path out = Path.of(options.getOrDefault("out", "paired-part.json"));
        List<Map<String, Object>> points = new ArrayList<>();
        StringBuilder tables = new StringBuilder();
        for (String precision : precisions) {
            for (Shape shape : shapes) {
                List<Lib> running = libs.stream().filter(l -> l.unavailable(shape, threads) == null).toList();
                if (running.size() < 2) {
                    System.err.printf("bench: paired %s %s skipped: fewer than two libraries run there%n", precision, shape);
                    continue;
                }
                System.out.printf("cross-check %s %s ...%n", precision, shape);
                CrossCheck.check(shape, precision, threads, running);
                Point point = time(new Problem(shape, precision), threads, running, rounds, warmupMillis, pauseMillis);
                points.add(point.json());
                String table = point.markdown();
                tables.append(table).append('\n');
                System.out.println();
                System.out.print(table);
            }
        }
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("threads", threads);
        part.put("method", "rounds of timed pairs in one JVM: each library once per round, the order rotated, a pause "
                + "of " + pauseMillis + " ms before each product; first each library untimed for at least " + warmupMillis
                + " ms and two calls");
        part.put("openblas", BenchMain.openblasJson(OpenBlas.status()));
        part.put("points", points);
        Report.writeAtomically(out, part);
        Path markdown = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Report.writeTextAtomically(markdown, tables.toString());
        System.out.println("wrote " + out + " and " + markdown);
    }

    private static Point time(Problem p, int threads, List<Lib> libs, int rounds, long warmupMillis, long pauseMillis) {
        List<Lib.Kernel> kernels = libs.stream().map(l -> l.kernel(p, threads)).toList();
        for (Lib.Kernel kernel : kernels) {
            long until = System.nanoTime() + warmupMillis * 1_000_000;
            for (int calls = 0; calls < 2 || System.nanoTime() < until; calls++) {
                kernel.run();
            }
        }
        double gflop = p.shape.flops() / 1e9;
        double[][] gflops = new double[libs.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            System.out.printf("paired %s %s, %d thread(s): round %d of %d%n", p.precision(), p.shape, threads, round + 1,
                    rounds);
            for (int turn = 0; turn < libs.size(); turn++) {
                int lib = (round + turn) % libs.size();
                pause(pauseMillis);
                long start = System.nanoTime();
                kernels.get(lib).run();
                gflops[lib][round] = gflop / ((System.nanoTime() - start) / 1e9);
            }
        }
        return new Point(p.precision(), p.shape, threads, libs, gflops);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
