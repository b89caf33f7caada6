package dev.jfmm.io;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Enum constants as users type them in options and as checkpoints store them: lower case, '_' written
 * '-' (WRITE_ONCE_CSE is "write-once-cse"), read back in any case, with one error text for a name that
 * matches none. A leaf utility; it knows nothing of jfmm.
 */
public final class CliNames {

    private CliNames() {
    }

    /** The command-line name of a constant: "write-once-cse" for WRITE_ONCE_CSE. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every command-line name of the constants, comma-separated, for help and error texts. */
    public static String joined(Enum<?>[] constants) {
        return Stream.of(constants).map(CliNames::of).collect(Collectors.joining(", "));
    }

    /**
     * The constant of that command-line name, in any case.
     *
     * @param kind what the constants are, for the error: "strategy"
     * @throws IllegalArgumentException for any other name: "unknown strategy 'x'; expected one of ..."
     */
    public static <E extends Enum<E>> E parse(E[] constants, String kind, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (E constant : constants) {
            if (of(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; expected one of " + joined(constants));
    }
}
