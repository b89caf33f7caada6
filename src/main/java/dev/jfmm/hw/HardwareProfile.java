package dev.jfmm.hw;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A hardware profile: the tuning data for one kind of machine, stored as JSON in
 * {@code hardware-profiles/}. Code holds only the {@link #BUILT_IN} defaults used when no file matches.
 *
 * @param name        short identifier shown by {@code jfmm info}
 * @param description free text: the machine it was measured on and how
 * @param match       which machines the profile applies to
 * @param gemm        blocking and threading parameters of the GEMM driver
 * @param source      where it was loaded from (set by the loader, not read from the file)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HardwareProfile(String name, String description, Match match, Gemm gemm, String source) {

    /**
     * @param cpuFeatures every listed flag must be present (as in /proc/cpuinfo)
     * @param vectorBits  the preferred Vector-API width must equal this; 0 matches any width
     */
    public record Match(List<String> cpuFeatures, int vectorBits) {
        public Match {
            cpuFeatures = cpuFeatures == null ? List.of() : List.copyOf(cpuFeatures);
        }

        boolean matches(CpuInfo cpu, int preferredVectorBits) {
            return cpu.features().containsAll(cpuFeatures) && (vectorBits == 0 || vectorBits == preferredVectorBits);
        }

        /** More required facts means a more specific profile, preferred when several match. */
        int specificity() {
            return cpuFeatures.size() + (vectorBits == 0 ? 0 : 1);
        }
    }

    /**
     * @param kc                      depth of the packed k blocks
     * @param nc                      width of the packed B blocks
     * @param minMultiplyAddsPerThread below this much work per thread a call runs on fewer threads
     */
    public record Gemm(int kc, int nc, long minMultiplyAddsPerThread) {
    }

    /** The defaults when no profile matches: modest blocks that fit the L2 cache of any recent x86 or Arm core. */
    public static final HardwareProfile BUILT_IN = new HardwareProfile(
            "built-in", "defaults compiled into jfmm; no profile file matched this machine",
            new Match(List.of(), 0), new Gemm(256, 512, 1L << 17), "built-in");

    HardwareProfile withSource(String where) {
        return new HardwareProfile(name, description, match, gemm, where);
    }

    /** Checks the values a file supplied; the message names the field. */
    void validate() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("missing \"name\"");
        }
        if (match == null) {
            throw new IllegalArgumentException("missing \"match\"");
        }
        if (gemm == null) {
            throw new IllegalArgumentException("missing \"gemm\"");
        }
        if (gemm.kc() < 1 || gemm.kc() > 1 << 16) {
            throw new IllegalArgumentException("gemm.kc = " + gemm.kc() + " must be in [1, 65536]");
        }
        if (gemm.nc() < 1 || gemm.nc() > 1 << 20) {
            throw new IllegalArgumentException("gemm.nc = " + gemm.nc() + " must be in [1, 1048576]");
        }
        if (gemm.minMultiplyAddsPerThread() < 0) {
            throw new IllegalArgumentException("gemm.minMultiplyAddsPerThread must not be negative");
        }
    }
}
