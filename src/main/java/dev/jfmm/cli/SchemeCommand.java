package dev.jfmm.cli;

import dev.jfmm.scheme.AdditionCount;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Factor;
import dev.jfmm.scheme.FmmFormat;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeAlgebra;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Symmetry;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jfmm scheme ...}: show one scheme, or derive a new one with the scheme algebra. */
@Command(name = "scheme", mixinStandardHelpOptions = true,
        description = "Show a scheme or derive one (symmetry, product, direct sum, reduction mod 2, classical). "
                + "Derived schemes are verified exactly before they are written, as .fmm with the command "
                + "that made them in their comments.",
        subcommands = {SchemeCommand.Show.class, SchemeCommand.Transpose.class, SchemeCommand.Product.class,
                SchemeCommand.Join.class, SchemeCommand.Reduce.class, SchemeCommand.Classical.class})
final class SchemeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The -o option every deriving subcommand shares, and how a result is written. */
    static final class Output {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Write the .fmm file here (default: standard output).")
        Path file;

        /** Verifies the result, records the command in its comments, writes it. */
        void emit(CommandSpec spec, Scheme result) {
            Verification v = Verifier.verify(result);
            if (!v.valid()) {
                throw new IllegalStateException("the derived " + result + " does not verify (" + v.summary()
                        + "); nothing written");
            }
            List<String> comments = new ArrayList<>();
            comments.add("produced by: " + commandWithout(spec, List.of("-o", "--output"), List.of()));
            comments.addAll(result.comments());
            Scheme out = result.withComments(comments);
            if (file == null) {
                spec.commandLine().getOut().print(FmmFormat.write(out));
                spec.commandLine().getOut().flush();
            } else {
                SchemeFiles.write(out, file);
                spec.commandLine().getOut().println(file + ": " + out + ", verified");
            }
        }

        /**
         * "jfmm ..." as typed, minus the options named: {@code valued} with their values, {@code flags}
         * alone; so that it reads the same wherever the result was written.
         */
        static String commandWithout(CommandSpec spec, List<String> valued, List<String> flags) {
            List<String> args = spec.root().commandLine().getParseResult().originalArgs();
            List<String> kept = new ArrayList<>();
            kept.add("jfmm");
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (valued.contains(a)) {
                    i++;
                } else if (!valued.contains(name) && !flags.contains(a)
                        && !(valued.contains("-o") && a.startsWith("-o") && a.length() > 2)) {
                    kept.add(a);
                }
            }
            return String.join(" ", kept);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a scheme's facts (format, rank, field, nonzeros, additions, verification, "
                    + "comments); with --fmm, the scheme itself as .fmm (which also converts Benson-Ballard files).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|NAME", description = "A .fmm or Benson-Ballard file, or a catalog name.")
        String file;

        @Option(names = "--fmm", description = "Print the scheme as a .fmm file instead of its facts.")
        boolean fmm;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Scheme s = Catalog.fileOrName(file);
            PrintWriter out = spec.commandLine().getOut();
            if (fmm) {
                out.print(FmmFormat.write(s));
                out.flush();
                return 0;
            }
            Verification v = Verifier.verify(s);
            AdditionCount a = s.additions();
            out.println("scheme:     " + s + " (" + s.format().angle() + ", classical rank "
                    + s.format().classicalRank() + ")");
            out.println("nonzeros:   U " + s.nonzeros(Factor.U) + ", V " + s.nonzeros(Factor.V) + ", W "
                    + s.nonzeros(Factor.W) + ", total " + s.nonzeros());
            out.println("additions:  " + a.straightforward() + " straightforward, " + a.afterCse()
                    + " after common-subexpression elimination");
            out.println("verified:   " + (v.valid() ? "yes, exactly over " + s.field() : "NO: " + v.summary()));
            for (String c : s.comments()) {
                out.println("# " + c);
            }
            return v.valid() ? 0 : Main.FAILURE;
        }
    }

    @Command(name = "transpose", mixinStandardHelpOptions = true,
            description = "Apply one of the six symmetries: a scheme for <n,m,p> gives one for each permutation "
                    + "of the format.")
    static final class Transpose implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|NAME")
        String file;

        @Option(names = "--to", defaultValue = "pmn", paramLabel = "PERM",
                description = "The output format in the input's letters: pmn (C^T = B^T A^T, the default), "
                        + "mpn, pnm (cyclic), npm, mnp, nmp (identity).")
        String to;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            output.emit(spec, SchemeAlgebra.permute(Catalog.fileOrName(file), Symmetry.parse(to)));
            return 0;
        }
    }

    /** A derivation from two schemes (files or catalog names): product and join differ only in the operation. */
    abstract static class TwoSchemes implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FIRST")
        String first;

        @Parameters(index = "1", paramLabel = "SECOND")
        String second;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        abstract Scheme combine(Scheme first, Scheme second);

        @Override
        public Integer call() {
            output.emit(spec, combine(Catalog.fileOrName(first), Catalog.fileOrName(second)));
            return 0;
        }
    }

    @Command(name = "product", mixinStandardHelpOptions = true,
            description = "The tensor (Kronecker) product: <n1,m1,p1;R1> x <n2,m2,p2;R2> = <n1n2,m1m2,p1p2;R1R2>; "
                    + "FIRST is the outer scheme, SECOND the inner.")
    static final class Product extends TwoSchemes {
        @Override
        Scheme combine(Scheme outer, Scheme inner) {
            return SchemeAlgebra.product(outer, inner);
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = "The direct sum along p: <n,m,p1;R1> and <n,m,p2;R2> give <n,m,p1+p2;R1+R2>.")
    static final class Join extends TwoSchemes {
        @Override
        Scheme combine(Scheme first, Scheme second) {
            return SchemeAlgebra.joinAlongP(first, second);
        }
    }

    @Command(name = "reduce", mixinStandardHelpOptions = true,
            description = "Reduce an integer scheme (or a rational one with odd denominators) mod 2: a GF2 scheme.")
    static final class Reduce implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|NAME")
        String file;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            output.emit(spec, SchemeAlgebra.reduce(Catalog.fileOrName(file)));
            return 0;
        }
    }

    @Command(name = "classical", mixinStandardHelpOptions = true,
            description = "The classical algorithm for a format, rank n*m*p (for joins and tests).")
    static final class Classical implements Callable<Integer> {
        @Parameters(paramLabel = "NxMxP", description = "The format, e.g. 2x2x1.")
        String format;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            output.emit(spec, SchemeAlgebra.classical(Format.parse(format)));
            return 0;
        }
    }
}
