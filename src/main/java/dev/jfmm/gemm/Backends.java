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
        if (!forced.isEmpty() && !NAMES.contains(forced)) {
            throw new IllegalArgumentException(
                    "unknown jfmm.backend '" + forced + "'; expected one of " + String.join(", ", NAMES));
        }
        return switch (forced) {
            case "reference" -> ReferenceGemm.INSTANCE;
            case "scalar" -> ScalarGemm.INSTANCE;
            default -> simdOrScalar(profile);
        };
    }

    private static GemmBackend simdOrScalar(HardwareProfile profile) {
        if (VectorUnit.available()) {
            return new SimdGemm(profile.gemm().kc(), profile.gemm().nc());
        }
        if (!Boolean.getBoolean("jfmm.disableVector")) {
            LOG.log(System.Logger.Level.WARNING,
                    "jfmm: the Vector API is not enabled, so matrix products run on the slower scalar path; "
                            + "start java with " + VectorUnit.ENABLE_FLAG + " for SIMD kernels");
        }
        return ScalarGemm.INSTANCE;
    }
}
