package dev.jfmm.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.openjdk.jmh.results.RunResult;

/** Results: one row per measured point, the merged JSON, the PNG charts and the Markdown table. */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> ORDER = Arrays.stream(Lib.values()).map(l -> l.id).toList();

    private Report() {
    }

    /** GFLOP/s of one JMH run: median of the measured iterations, JMH's mean and its 99.9% error. */
    static Map<String, Object> row(String lib, String precision, Shape shape, int threads, RunResult result) {
        double perOp = shape.flops() / 1e9;
        double[] iterations = result.getBenchmarkResults().stream()
                .flatMap(b -> b.getIterationResults().stream())
                .mapToDouble(r -> r.getPrimaryResult().getScore() * perOp).sorted().toArray();
        double median = median(iterations);
        double error = result.getPrimaryResult().getScoreError() * perOp;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lib", lib);
        row.put("precision", precision);
        row.put("shape", shape.toString());
        row.put("m", shape.m());
        row.put("k", shape.k());
        row.put("n", shape.n());
        row.put("threads", threads);
        row.put("gflops", round(median));
        row.put("gflopsMean", round(result.getPrimaryResult().getScore() * perOp));
        row.put("gflopsError", Double.isFinite(error) ? round(error) : null);
        row.put("iterationsGflops", Arrays.stream(iterations).map(Report::round).toArray());
        return row;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    /** The median of values (sorted in place), NaN for none. */
    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n == 0 ? Double.NaN : (values[(n - 1) / 2] + values[n / 2]) / 2;
    }

    static void writeAtomically(Path file, Object value) throws IOException {
        atomically(file, temp -> JSON.writeValue(temp.toFile(), value));
    }

    static void writeTextAtomically(Path file, String text) throws IOException {
        atomically(file, temp -> Files.writeString(temp, text));
    }

    private interface Writer {
        void write(Path temp) throws IOException;
    }

    /** Writes a temp file beside {@code file}, then renames it over file: a killed run leaves the old one whole. */
    private static void atomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            writer.write(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Merges the partial files of one invocation of tools/bench into latest.json, charts and a table. */
    static void write(Map<String, String> options, List<String> parts) throws IOException {
        if (parts.isEmpty()) throw new IllegalArgumentException("report needs the partial JSON files of a run");
        Path dir = Path.of(options.getOrDefault("dir", "bench/results"));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String part : parts) runs.add(JSON.readValue(Path.of(part).toFile(), new TypeReference<>() { }));

        Map<String, Object> all = new LinkedHashMap<>();
        all.put("date", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        all.put("mode", options.getOrDefault("mode", "custom"));
        all.put("machine", machine(options));
        Map<String, String> libraries = new LinkedHashMap<>();
        for (Lib lib : Lib.values()) libraries.put(lib.id, lib.description);
        all.put("libraries", libraries);
        all.put("referenceCap", "the naive reference runs only for max(m,k,n) <= " + Reference.MAX_DIM);
        all.put("crossCheck", "before timing, each library's C on the same inputs is compared with the reference "
                + "(else OpenBLAS): |C - C'|_ij <= 2 k u (sum_l |a_il|)(max_l |b_lj|)");
        all.put("runs", runs);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> run : runs) rows.addAll(listOf(run.get("results")));
        all.put("results", rows);

        String stamp = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        writeAtomically(dir.resolve("latest.json"), all);
        writeAtomically(dir.resolve("results-" + stamp + ".json"), all);

        StringBuilder md = new StringBuilder();
        md.append(String.format("Measured %s, mode %s, on: %s%n%n", now.format(DateTimeFormatter.ISO_LOCAL_DATE),
                all.get("mode"), ((Map<?, ?>) all.get("machine")).get("cpu")));
        for (Map<String, Object> run : runs) {
            int threads = ((Number) run.get("threads")).intValue();
            Map<?, ?> openblas = (Map<?, ?>) run.get("openblas");
            if (!Boolean.TRUE.equals(openblas.get("available"))) {
                String line = "**OpenBLAS UNAVAILABLE (" + threads + " thread(s)): " + openblas.get("detail") + "**";
                System.err.println("bench: " + line);
                md.append(line).append("\n\n");
            } else {
                md.append(String.format("OpenBLAS (%d thread(s)): `%s`, %s%n%n", threads, openblas.get("config"),
                        openblas.get("library")));
            }
            for (String precision : List.of("double", "float")) {
                List<Map<String, Object>> selected = rows.stream()
                        .filter(r -> precision.equals(r.get("precision")) && threads == ((Number) r.get("threads")).intValue())
                        .toList();
                if (selected.isEmpty()) continue;
                md.append(table(precision, threads, selected, listOf(run.get("skipped")),
                        Boolean.TRUE.equals(openblas.get("available"))));
                Path png = dir.resolve("chart-" + precision + "-" + threads + "t.png");
                chart(precision, threads, selected, png);
                md.append(String.format("%nChart: `%s`%n%n", png.getFileName()));
            }
        }
        writeTextAtomically(dir.resolve("latest.md"), md.toString());
        System.out.print(md);
        System.out.println("wrote " + dir.resolve("latest.json") + ", " + dir.resolve("results-" + stamp + ".json")
                + ", " + dir.resolve("latest.md") + " and the charts");
    }

    private static Map<String, Object> machine(Map<String, String> options) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        m.put("cpu", cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        m.put("memoryGiB", Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (double) (1L << 30)));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        String info = options.get("machine");
        if (info != null && Files.isReadable(Path.of(info))) m.put("jfmmInfo", Files.readString(Path.of(info)).strip());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static String table(String precision, int threads, List<Map<String, Object>> rows,
                                List<Map<String, Object>> skipped, boolean openblasAvailable) {
        Set<String> shapes = new LinkedHashSet<>();
        rows.stream().map(r -> Shape.parse((String) r.get("shape")))
                .sorted((a, b) -> a.square() != b.square() ? (a.square() ? -1 : 1) : Double.compare(a.flops(), b.flops()))
                .forEach(s -> shapes.add(s.toString()));
        StringBuilder md = new StringBuilder();
        md.append(String.format("%s, %d thread(s): GFLOP/s, median of JMH iterations ± JMH's 99.9%% error%n%n",
                precision, threads));
        md.append("| library |");
        shapes.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append("\n|---|");
        shapes.forEach(s -> md.append("---:|"));
        md.append('\n');
        for (String lib : ORDER) {
            boolean shown = lib.equals("openblas") || rows.stream().anyMatch(r -> lib.equals(r.get("lib")))
                    || skipped.stream().anyMatch(r -> lib.equals(r.get("lib")));
            if (!shown) continue;
            md.append("| ").append(lib).append(" |");
            for (String shape : shapes) {
                Map<String, Object> r = find(rows, lib, shape);
                String cell;
                if (r != null) {
                    cell = String.format("%.2f", ((Number) r.get("gflops")).doubleValue())
                            + (r.get("gflopsError") == null ? "" : String.format(" ± %.2f", ((Number) r.get("gflopsError")).doubleValue()));
                } else if (lib.equals("openblas") && !openblasAvailable) {
                    cell = "**UNAVAILABLE**";
                } else {
                    cell = skipped.stream().filter(s -> lib.equals(s.get("lib")) && shape.equals(s.get("shape"))).findFirst()
                            .map(s -> "— (" + shortReason((String) s.get("reason")) + ")").orElse("—");
                }
                md.append(' ').append(cell).append(" |");
            }
            md.append('\n');
        }
        md.append("| **jfmm / OpenBLAS** |");
        for (String shape : shapes) {
            Map<String, Object> j = find(rows, "jfmm", shape), o = find(rows, "openblas", shape);
            md.append(j != null && o != null
                    ? String.format(" **%.2f×** |", ((Number) j.get("gflops")).doubleValue() / ((Number) o.get("gflops")).doubleValue())
                    : " — |");
        }
        return md.append('\n').toString();
    }

    private static String shortReason(String reason) {
        return reason.startsWith("capped") ? "n > " + Reference.MAX_DIM : reason.startsWith("single") ? "1 thread only" : reason;
    }

    private static Map<String, Object> find(List<Map<String, Object>> rows, String lib, String shape) {
        return rows.stream().filter(r -> lib.equals(r.get("lib")) && shape.equals(r.get("shape"))).findFirst().orElse(null);
    }

    /**
     * GFLOP/s (median of the measured iterations) against n, square shapes only, one line per library,
     * log-scale x. No error bars: with few iterations JMH's 99.9% interval spans most of the plot; the
     * table and the JSON carry it.
     */
    private static void chart(String precision, int threads, List<Map<String, Object>> rows, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title(String.format("jfmm bench: %s, %d thread(s), median GFLOP/s", precision.equals("double") ? "DGEMM" : "SGEMM", threads))
                .xAxisTitle("n (square, C = A·B, n×n)").yAxisTitle("GFLOP/s (2n³ / time)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setYAxisMin(0.0);
        boolean any = false;
        for (String lib : ORDER) {
            List<Map<String, Object>> line = rows.stream()
                    .filter(r -> lib.equals(r.get("lib")) && Shape.parse((String) r.get("shape")).square())
                    .sorted((a, b) -> Integer.compare(((Number) a.get("n")).intValue(), ((Number) b.get("n")).intValue()))
                    .toList();
            if (line.isEmpty()) continue;
            double[] x = line.stream().mapToDouble(r -> ((Number) r.get("n")).doubleValue()).toArray();
            double[] y = line.stream().mapToDouble(r -> ((Number) r.get("gflops")).doubleValue()).toArray();
            chart.addSeries(lib, x, y);
            any = true;
        }
        if (!any) return;
        Files.createDirectories(png.toAbsolutePath().getParent());
        String name = png.toString();
        BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - 4), BitmapEncoder.BitmapFormat.PNG);
    }
}
