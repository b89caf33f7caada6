package dev.jfmm.hw;

import java.util.OptionalInt;

/**
 * Whether this JVM can run Vector-API code, and how wide its preferred vectors are.
 *
 * <p>The module {@code jdk.incubator.vector} is only resolved when the JVM is started with
 * {@code --add-modules jdk.incubator.vector}; without it, touching a Vector-API class throws
 * NoClassDefFoundError. So the check looks at the boot layer, and the class that does reference the
 * API ({@link Species}) is loaded only after the check passed.
 */
public final class VectorUnit {

    /** The JVM option that enables the Vector API, for messages that tell users what to add. */
    public static final String ENABLE_FLAG = "--add-modules jdk.incubator.vector";

    private static final boolean AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !Boolean.getBoolean("jfmm.disableVector");

    private VectorUnit() {
    }

    /**
     * True when the Vector API module is resolved (and not vetoed with {@code -Djfmm.disableVector=true},
     * which lets tests and users force the scalar path).
     */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Bit width of the preferred vector species, or empty when the Vector API is unavailable. */
    public static OptionalInt preferredBits() {
        return AVAILABLE ? OptionalInt.of(Species.preferredBits()) : OptionalInt.empty();
    }

    /** Lanes of the preferred double and float species, e.g. "8 x double, 16 x float". */
    public static String describeSpecies() {
        return AVAILABLE ? Species.describe() : "none (Vector API not enabled)";
    }

    /** Loaded only when the module is present. */
    private static final class Species {
        static int preferredBits() {
            return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        }

        static String describe() {
            return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length() + " x double, "
                    + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() + " x float";
        }
    }
}
