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
 * @param fastSchemes fast schemes measured to beat the classical kernel here, in order of preference;
 *                    optional (none: every product the API chooses on its own is classical)
 * @param source      where it was loaded from (set by the loader, not read from the file)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HardwareProfile(String name, String description, Match match, Gemm gemm, List<FastScheme> fastSchemes,
                              String source) {

    public HardwareProfile {
        fastSchemes = fastSchemes == null ? List.of() : List.copyOf(fastSchemes);
    }

    /** A profile with no fast-scheme candidates. */
    public HardwareProfile(String name, String description, Match match, Gemm gemm, String source) {
        this(name, description, match, gemm, List.of(), source);
    }

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
     * @param minMultiplyAddsPerThread below this much work per thread a call runs on fewer threads
     * @param doubles                  blocking of dgemm
     * @param floats                   blocking of sgemm
     */
    public record Gemm(long minMultiplyAddsPerThread, Blocking doubles, Blocking floats) {
    }

    /**
     * The BLIS blocking of one precision: the register tile of the micro-kernel (mr x nrVectors vectors,
     * k unrolled kUnroll times), the cache blocks (mc x kc of packed A, kc x nc of packed B), and
     * panelGroup, how many micro-panels of packed B the tiles of an mc block sweep across, row of tiles
     * by row, before the next panels, in a product that merges each tile into several C blocks (a fast
     * scheme's fused product; a plain product keeps BLIS's order, one panel down every row). With more
     * than one, a tile's C rows are written in runs of panelGroup tiles, which the hardware prefetcher
     * follows, while those panels, and the A block, must share L2. Absent from a file (null), it is 1.
     * mergeColumns, in such a product, how many columns of finished tiles an mc block collects in a
     * buffer (mc x mergeColumns, kept in L2) before it merges them into each C block a row at a time, so
     * C is read and written in long rows the prefetcher streams rather than tile by tile, each tile's rows
     * a page apart; rounded up to whole panel groups. Absent (null) or 0, each tile is merged as it is
     * computed.
     */
    public record Blocking(int mr, int nrVectors, int kUnroll, int mc, int kc, int nc, Integer panelGroup,
                           Integer mergeColumns) {

        public Blocking {
            panelGroup = panelGroup == null ? 1 : panelGroup;
            mergeColumns = mergeColumns == null ? 0 : mergeColumns;
        }

        /** BLIS's order, one micro-panel at a time, each tile merged as it is computed. */
        public Blocking(int mr, int nrVectors, int kUnroll, int mc, int kc, int nc) {
            this(mr, nrVectors, kUnroll, mc, kc, nc, 1, 0);
        }

        void validate(String where) {
            check(where + ".mr", mr, 1, 32);
            check(where + ".nrVectors", nrVectors, 1, 8);
            check(where + ".kUnroll", kUnroll, 1, 16);
            check(where + ".mc", mc, 1, 1 << 16);
            check(where + ".kc", kc, 1, 1 << 16);
            check(where + ".nc", nc, 1, 1 << 20);
            check(where + ".panelGroup", panelGroup, 1, 64);
            check(where + ".mergeColumns", mergeColumns, 0, 1 << 20);
        }
    }

    /**
     * A fast scheme the API may choose on its own, within the caller's accuracy policy: one where it was
     * measured to beat the classical kernel.
     *
     * @param scheme    a catalog scheme name (as in {@code jfmm schemes}), e.g. "strassen_2x2x2_r7_Z"
     * @param levels    recursion levels to run it for
     * @param cutoff    it is chosen only when m, n and k are all at least this
     * @param threads   it is chosen only for calls on at most this many threads (the count it was measured
     *                  for); 0 for any
     * @param precision "double" or "float": the one it was measured in
     * @param strategy  how its sums and merges run, as {@code jfmm multiply --strategy} names it (e.g.
     *                  "fused-basis"); absent for the library's default
     */
    public record FastScheme(String scheme, int levels, int cutoff, int threads, String precision, String strategy) {

        /** A candidate run with the library's default strategy. */
        public FastScheme(String scheme, int levels, int cutoff, int threads, String precision) {
            this(scheme, levels, cutoff, threads, precision, null);
        }

        void validate(String where) {
            if (scheme == null || scheme.isBlank()) {
                throw new IllegalArgumentException("missing " + where + ".scheme");
            }
            atLeast(where + ".levels", levels, 1);
            atLeast(where + ".cutoff", cutoff, 1);
            atLeast(where + ".threads", threads, 0);
            if (!"double".equals(precision) && !"float".equals(precision)) {
                throw new IllegalArgumentException(where + ".precision = " + precision + " must be double or float");
            }
            if (strategy != null && strategy.isBlank()) {
                throw new IllegalArgumentException(where + ".strategy is blank (leave it out for the default)");
            }
        }

        /** Whether an m x n x k call in that precision ("double" or "float") on {@code threads} threads may run it. */
        public boolean applies(int m, int n, int k, String precision, int threads) {
            return Math.min(m, Math.min(n, k)) >= cutoff && this.precision.equals(precision)
                    && (this.threads == 0 || threads <= this.threads);
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " = " + value + " must be at least " + min);
        }
    }

    private static void check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " must be in [" + min + ", " + max + "]");
        }
    }

    /** The defaults when no profile matches: a tile that fits 16 vector registers and blocks that fit any recent L2. */
    public static final HardwareProfile BUILT_IN = new HardwareProfile(
            "built-in", "defaults compiled into jfmm; no profile file matched this machine",
            new Match(List.of(), 0),
            new Gemm(1L << 17, new Blocking(3, 3, 1, 96, 256, 1024), new Blocking(3, 3, 1, 96, 256, 2048)),
            "built-in");

    HardwareProfile withSource(String where) {
        return new HardwareProfile(name, description, match, gemm, fastSchemes, where);
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
        if (gemm.doubles() == null || gemm.floats() == null) {
            throw new IllegalArgumentException("\"gemm\" needs \"doubles\" and \"floats\" blockings");
        }
        gemm.doubles().validate("gemm.doubles");
        gemm.floats().validate("gemm.floats");
        if (gemm.minMultiplyAddsPerThread() < 0) {
            throw new IllegalArgumentException("gemm.minMultiplyAddsPerThread must not be negative");
        }
        for (int i = 0; i < fastSchemes.size(); i++) {
            fastSchemes.get(i).validate("fastSchemes[" + i + "]");
        }
    }
}
