package dev.jfmm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmark driver, run by tools/bench once per thread count (OpenBLAS takes its thread count
 * from the environment, which JMH cannot set per fork):
 *
 * <pre>
 *   run    --threads T --shapes 64,256,4096x256x4096 [--precisions double,float] [--libs jfmm,...]
 *          [--forks F --warmup W --iterations I --time-ms MS] --out PART.json
 *   paired --threads T --shapes 4096 [--precisions ...] [--libs ...] [--rounds R --warmup-ms MS --pause-ms MS]
 *          --out PART.json
 *   report --dir bench/results --mode quick|full [--machine INFO.txt] PART.json...
 * </pre>
 *
 * {@code run} cross-checks every library on every shape first, then times each (library, precision,
 * shape) point in its own JMH run and writes a partial JSON; {@code report} merges partials into
 * results JSON, PNG charts and a Markdown table on stdout; {@code paired} times the libraries against
 * each other in one JVM ({@link Paired}). Failures are one line, "bench: ...", exit 1.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 0) throw new IllegalArgumentException("usage: BenchMain run|report ...");
            Map<String, String> options = new LinkedHashMap<>();
            List<String> files = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
                    options.put(args[i].substring(2), args[++i]);
                } else {
                    files.add(args[i]);
                }
            }
            switch (args[0]) {
                case "run" -> run(options);
                case "paired" -> paired(options);
                case "report" -> Report.write(options, files);
                case "probe" -> probe();
                default -> throw new IllegalArgumentException("unknown command " + args[0] + "; use run, paired or report");
            }
        } catch (CrossCheck.Mismatch | IllegalArgumentException | IllegalStateException | IOException | RunnerException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /** For tools/bench: prints OpenBLAS's kernel core name (e.g. SkylakeX, or Prescott when it misdetects the CPU). */
    private static void probe() {
        OpenBlas.Status s = OpenBlas.status();
        System.out.println(s.available() ? "core=" + s.core() : "unavailable=" + s.detail());
    }

    private static List<String> list(Map<String, String> options, String key, String fallback) {
        return Arrays.stream(options.getOrDefault(key, fallback).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static int number(Map<String, String> options, String key, int fallback) {
        return Integer.parseInt(options.getOrDefault(key, Integer.toString(fallback)));
    }

    private static List<Shape> shapes(Map<String, String> options) {
        return list(options, "shapes", "64,256,1024").stream().map(Shape::parse).toList();
    }

    private static List<Lib> libs(Map<String, String> options) {
        return list(options, "libs", String.join(",", Arrays.stream(Lib.values()).map(l -> l.id).toList()))
                .stream().map(Lib::of).toList();
    }

    private static void paired(Map<String, String> options) throws IOException {
        int threads = number(options, "threads", 1);
        List<Lib> libs = libs(options);
        announce(libs, threads);
        Paired.run(options, threads, shapes(options), list(options, "precisions", "double,float"), libs);
    }

    private static void run(Map<String, String> options) throws IOException, RunnerException {
        int threads = number(options, "threads", 1);
        List<Shape> shapes = shapes(options);
        List<String> precisions = list(options, "precisions", "double,float");
        List<Lib> libs = libs(options);
        Path out = Path.of(options.getOrDefault("out", "bench-part.json"));
        Instant start = Instant.now();
        OpenBlas.Status openblas = announce(libs, threads);

        List<Map<String, Object>> checks = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Object[]> points = new ArrayList<>();
        for (String precision : precisions) {
            for (Shape shape : shapes) {
                System.out.printf("cross-check %s %s ...%n", precision, shape);
                CrossCheck.check(shape, precision, threads, libs).forEach(r -> checks.add(r.json()));
                for (Lib lib : libs) {
                    String why = lib.unavailable(shape, threads);
                    if (why == null) points.add(new Object[] {lib, precision, shape});
                    else skipped.add(Map.of("lib", lib.id, "precision", precision, "shape", shape.toString(),
                            "threads", threads, "reason", why));
                }
            }
        }
        System.out.printf("cross-check passed: %d comparisons within the error bound (the classical one, times a fast scheme's growth) (%s)%n", checks.size(),
                elapsed(start));

        Path logs = out.toAbsolutePath().getParent().resolve("logs");
        Files.createDirectories(logs);
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Lib lib = (Lib) points.get(i)[0];
            String precision = (String) points.get(i)[1];
            Shape shape = (Shape) points.get(i)[2];
            Path log = logs.resolve(threads + "t-" + lib.id + "-" + precision + "-" + shape + ".log");
            RunResult result = jmh(options, lib, precision, shape, threads, log);
            Map<String, Object> row = Report.row(lib.id, precision, shape, threads, result);
            results.add(row);
            System.out.printf("[%d/%d] %-11s %-6s %-14s %2d thread(s): %8.2f GFLOP/s (JMH mean %.2f ± %s)   %s%n",
                    i + 1, points.size(), lib.id, precision, shape, threads, row.get("gflops"),
                    row.get("gflopsMean"), row.get("gflopsError") == null ? "n/a" : row.get("gflopsError"), elapsed(start));
        }

        Map<String, Object> part = new LinkedHashMap<>();
        part.put("threads", threads);
        part.put("jmh", Map.of("forks", number(options, "forks", 1), "warmupIterations", number(options, "warmup", 2),
                "measurementIterations", number(options, "iterations", 3), "iterationMillis",
                number(options, "time-ms", 1000), "mode", "throughput (ops/s), GFLOP/s = ops/s * 2mnk / 1e9",
                "error", "JMH's 99.9% confidence half-width, scaled to GFLOP/s"));
        part.put("openblas", openblasJson(openblas));
        part.put("netlibJava", dev.ludovic.netlib.blas.JavaBLAS.getInstance().getClass().getName());
        part.put("jfmmBackend", dev.jfmm.Jfmm.backend());
        part.put("checks", checks);
        part.put("skipped", skipped);
        part.put("results", results);
        Report.writeAtomically(out, part);
        System.out.println("wrote " + out + " (" + elapsed(start) + ")");
    }

    /** Says which OpenBLAS runs (or loudly that none does) and which jfmm backend; returns OpenBLAS's status. */
    private static OpenBlas.Status announce(List<Lib> libs, int threads) {
        OpenBlas.Status openblas = OpenBlas.status();
        if (libs.contains(Lib.OPENBLAS)) {
            if (openblas.available()) {
                System.out.printf("OpenBLAS: %s%n          config: %s; openblas_get_num_threads() = %d%n",
                        openblas.detail(), openblas.config(), openblas.threads());
                OpenBlas.requireThreads(threads);
            } else {
                System.err.println("!".repeat(100));
                System.err.println("!!! OpenBLAS UNAVAILABLE, it is reported as such in the results: " + openblas.detail());
                System.err.println("!".repeat(100));
            }
        }
        if (openblas.available() && isGenericCore(openblas.core())) {
            System.err.println("bench: WARNING: OpenBLAS runs its generic '" + openblas.core() + "' kernels on this CPU "
                    + "(it does not recognise it); set OPENBLAS_CORETYPE (tools/bench does) or its numbers are not its best");
        }
        System.out.println("netlib-java: " + dev.ludovic.netlib.blas.JavaBLAS.getInstance().getClass().getName()
                + "; jfmm backend: " + dev.jfmm.Jfmm.backend() + "; threads: " + threads);
        return openblas;
    }

    private static boolean isGenericCore(String core) {
        return core != null && List.of("prescott", "core2", "nehalem", "katmai", "coppermine", "northwood", "banias")
                .contains(core.toLowerCase());
    }

    static Map<String, Object> openblasJson(OpenBlas.Status s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("available", s.available());
        json.put("detail", s.detail());
        if (s.available()) {
            json.put("library", s.library());
            json.put("config", s.config());
            json.put("core", s.core());
            json.put("OPENBLAS_CORETYPE", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
            json.put("threads", s.threads());
        }
        return json;
    }

    private static RunResult jmh(Map<String, String> options, Lib lib, String precision, Shape shape, int threads,
                                 Path log) throws RunnerException {
        List<String> jvm = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx6g", "-Djava.awt.headless=true"));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("jfmm.") || k.startsWith("dev.ludovic.netlib."))
                .forEach(k -> jvm.add("-D" + k + "=" + System.getProperty(k)));
        Options jmh = new OptionsBuilder()
                .include(GemmBench.class.getName() + ".gemm$")
                .param("lib", lib.id).param("precision", precision).param("shape", shape.toString())
                .param("threads", Integer.toString(threads))
                .forks(number(options, "forks", 1))
                .warmupIterations(number(options, "warmup", 2))
                .measurementIterations(number(options, "iterations", 3))
                .warmupTime(TimeValue.milliseconds(number(options, "time-ms", 1000)))
                .measurementTime(TimeValue.milliseconds(number(options, "time-ms", 1000)))
                .jvmArgs(jvm.toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString())
                .build();
        try {
            return new Runner(jmh).runSingle();
        } catch (RunnerException e) {
            throw new RunnerException("JMH failed for " + lib.id + " " + precision + " " + shape + " (" + threads
                    + " threads): " + e.getMessage() + "; its output, if it got that far, is in " + log, e);
        }
    }

    private static String elapsed(Instant start) {
        Duration d = Duration.between(start, Instant.now());
        return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
