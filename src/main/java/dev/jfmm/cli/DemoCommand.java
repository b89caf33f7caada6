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
            MultiplyCommand.print(out, size, size, size, precision, Jfmm.threads(), 5, 42);
        }
        return 0;
    }
}
