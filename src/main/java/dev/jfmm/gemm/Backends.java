package dev.jfmm.gemm;

import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.hw.VectorUnit;
import java.util.List;

/**
 * The one place that chooses the backend. The system property {@code jfmm.backend} forces one
 * ({@code simd}, {@code scalar} or {@code reference}); otherwise the SIMD backend when the Vector API
 * is enabled, else the scalar one, after saying once why.
 */
public final class Backends {

    public static final List<String> NAMES = List.of("simd", "scalar", "reference");

    private static final System.Logger LOG = System.getLogger("dev.jfmm");

    private Backends() {
    }

    /** The backend for this process, given its hardware profile. */
    public static GemmBackend select(HardwareProfile profile) {
        String forced = System.getProperty("jfmm.backend", "").trim();
        return forced.isEmpty() ? simdOrScalar(profile) : byName(forced, profile);
    }

    /**
     * The backend of that name. "simd" needs the Vector API: without it the answer is "scalar", after
     * the one warning.
     */
    public static GemmBackend byName(String name, HardwareProfile profile) {
        return switch (name) {
            case "reference" -> ReferenceGemm.INSTANCE;
            case "scalar" -> ScalarGemm.INSTANCE;
            case "simd" -> simdOrScalar(profile);
            default -> throw new IllegalArgumentException(
                    "unknown jfmm backend '" + name + "'; expected one of " + String.join(", ", NAMES));
        };
    }

    private static GemmBackend simdOrScalar(HardwareProfile profile) {
        if (VectorUnit.available()) {
            return new BlisGemm(profile, VectorUnit.preferredBits().getAsInt());
        }
        warnOnce();
        return ScalarGemm.INSTANCE;
    }

    private static boolean warned;

    private static synchronized void warnOnce() {
        if (warned || Boolean.getBoolean("jfmm.disableVector")) {
            return;
        }
        warned = true;
        LOG.log(System.Logger.Level.WARNING,
                "jfmm: the Vector API is not enabled, so matrix products run on the slower scalar path; "
                        + "start java with " + VectorUnit.ENABLE_FLAG + " for SIMD kernels");
    }
}
