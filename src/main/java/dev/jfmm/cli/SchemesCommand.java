package dev.jfmm.cli;

import dev.jfmm.scheme.AdditionCount;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verifier;
import dev.jfmm.tune.SchemeErrors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jfmm schemes}: the shipped catalog (or the given files) as a table. */
@Command(name = "schemes", mixinStandardHelpOptions = true,
        description = "List the scheme catalog jfmm ships (kernels/schemes), or the given files: format, "
                + "rank, field, nonzeros of U/V/W, additions (straightforward and after common-subexpression "
                + "elimination) and whether it verifies.")
final class SchemesCommand implements Callable<Integer> {

    @Option(names = "--tsv", description = "Print the catalog index (CATALOG.tsv) instead of a table, with each "
            + "Z/Q scheme's measured error at 1 and 2 levels, the classical error on the same inputs, their ratio "
            + "and the scheme's growth (a few seconds).")
    boolean tsv;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Scheme files to list instead of the catalog.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Catalog.Entry> entries = files == null || files.isEmpty() ? Catalog.load()
                : files.stream().map(f -> new Catalog.Entry(f.getFileName().toString(), SchemeFiles.read(f))).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (tsv) {
            out.print(Catalog.index(entries, new SchemeErrors()));
            out.flush();
            return 0;
        }
        String row = "%-32s %-9s %5s %-5s %17s %14s %s%n";
        out.printf(row, "file", "format", "rank", "field", "nonzeros U/V/W", "adds (cse)", "verified");
        boolean allValid = true;
        for (Catalog.Entry e : entries) {
            Scheme s = e.scheme();
            AdditionCount a = s.additions();
            boolean valid = Verifier.verify(s).valid();
            allValid &= valid;
            out.printf(row, e.file(), s.format(), s.rank(), s.field(),
                    s.nonzeros(Factor.U) + "/" + s.nonzeros(Factor.V) + "/" + s.nonzeros(Factor.W),
                    a.straightforward() + " (" + a.afterCse() + ")", valid ? "yes" : "NO");
        }
        return allValid ? 0 : Main.FAILURE;
    }
}
