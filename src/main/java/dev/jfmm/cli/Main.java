package dev.jfmm.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jfmm} command. Commands are thin: they parse, call the library, print. Every failure a
 * user can cause is one line on stderr, "jfmm: ...", and a non-zero exit; never a stack trace
 * (set JFMM_DEBUG=1 to see one).
 */
@Command(name = "jfmm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Fast matrix multiplication on the JVM: search, verify, generate, tune and run.",
        subcommands = {InfoCommand.class, MultiplyCommand.class, DemoCommand.class, EmitCommand.class, VerifyCommand.class,
                SchemesCommand.class, SchemeCommand.class, SearchCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for a usage error (bad option or argument). */
    static final int USAGE = 2;
    /** Exit status for a failure while running. */
    static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("jfmm: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("jfmm: " + oneLine(e));
            if (System.getenv("JFMM_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILURE;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("jfmm: out of memory; use smaller matrices or give the JVM more (JFMM_JAVA_OPTS=-Xmx16g)");
            return FAILURE;
        }
    }

    /** An exception as one readable line: its message, or its type when it has none. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jfmm " + (v != null ? v : "(development build)")};
        }
    }
}
