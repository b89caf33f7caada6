package dev.jfmm.cli;

import dev.jfmm.Jfmm;
import dev.jfmm.kernel.Precision;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jfmm demo}: what {@code info} shows, then a double and a float product against the reference. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show this machine's setup, then time double and float products against the reference.")
final class DemoCommand implements Callable<Integer> {

    /**
     * Timed runs per product. A 1024 product on two threads takes 8-17 ms here; with 5 runs four demos gave
     * 90-127 GFLOP/s in double, with 40 (and the longer warm-up) 127-141.
     */
    private static final int RUNS = 40;

    @Option(names = "--size", defaultValue = "1024", description = "m = n = k of the demo products (default: ${DEFAULT-VALUE}).")
    int size;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InfoCommand.facts().forEach((key, value) -> out.printf("%-12s %s%n", key + ":", value));
        out.println();
        for (Precision precision : Precision.values()) {
            MultiplyCommand.print(out, size, size, size, precision, Jfmm.threads(), RUNS, 42);
        }
        return 0;
    }
}
