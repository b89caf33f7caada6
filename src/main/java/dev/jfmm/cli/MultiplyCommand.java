package dev.jfmm.cli;

import dev.jfmm.Jfmm;
import dev.jfmm.tune.ShapeMeasurement;
import dev.jfmm.kernel.Precision;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jfmm multiply}: one shape, timed, with its error against the reference. */
@Command(name = "multiply", mixinStandardHelpOptions = true,
        description = "Multiply random m x k and k x n matrices a few times; print the median GFLOP/s "
                + "and the max error against the plain-Java reference.")
final class MultiplyCommand implements Callable<Integer> {

    @Option(names = "--m", defaultValue = "512", description = "Rows of A and C (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--n", defaultValue = "512", description = "Columns of B and C (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--k", defaultValue = "512", description = "Columns of A, rows of B (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--precision", defaultValue = "double",
            description = "double or float (default: ${DEFAULT-VALUE}).", converter = PrecisionConverter.class)
    Precision precision;

    @Option(names = "--threads", description = "Threads to use (default: all processors).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs after warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int t = threads != null ? threads : Jfmm.threads();
        print(spec.commandLine().getOut(), m, n, k, precision, t, runs, seed);
        return 0;
    }

    /** Measures one shape and prints three lines; shared with {@code jfmm demo}. */
    static void print(PrintWriter out, int m, int n, int k, Precision precision, int threads, int runs, long seed) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads = " + threads + " must be at least 1");
        }
        ShapeMeasurement.Result r = ShapeMeasurement.measure(m, n, k, precision, threads, runs, seed);
        String p = precision.name().toLowerCase(Locale.ROOT);
        out.printf(Locale.ROOT, "%d x %d x %d %s, %d thread%s, backend %s%n",
                m, n, k, p, threads, threads == 1 ? "" : "s", r.backend());
        out.printf(Locale.ROOT, "  jfmm       %8.2f GFLOP/s  median of %d runs (%.3f ms each)%n",
                r.gflops(), r.runs(), r.medianSeconds() * 1e3);
        out.printf(Locale.ROOT, "  reference  %8.2f GFLOP/s  plain triple loop, 1 thread, sampled rows  -> jfmm is %.1fx%n",
                r.referenceGflops(), r.gflops() / r.referenceGflops());
        out.printf(Locale.ROOT, "  max error  %.2e x |A||B| (classical bound k*eps = %.2e) %s%n",
                r.maxError(), r.errorBound(), r.maxError() <= r.errorBound() ? "ok" : "ABOVE BOUND");
    }

    static final class PrecisionConverter implements picocli.CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "double", "d", "f64" -> Precision.DOUBLE;
                case "float", "single", "s", "f32" -> Precision.FLOAT;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a precision; use double or float");
            };
        }
    }
}
