package dev.jfmm.hw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the processor offers that matters for matrix multiplication: its model, logical processors and
 * the instruction-set flags the kernels and profiles care about. Read from /proc/cpuinfo on Linux;
 * elsewhere the features are unknown (empty) and profiles that require features do not match.
 */
public record CpuInfo(String model, int logicalProcessors, Set<String> features) {

    /** The flags worth showing: vector extensions and fused multiply-add. */
    public static final List<String> RELEVANT_FEATURES = List.of(
            "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_fp16",
            "avx512_bf16", "amx_tile", "asimd", "sve", "sve2");

    public CpuInfo {
        features = Set.copyOf(features);
    }

    private static final class Detected {
        static final CpuInfo VALUE = read(Path.of("/proc/cpuinfo"));
    }

    /** This machine, detected once. */
    public static CpuInfo detect() {
        return Detected.VALUE;
    }

    static CpuInfo read(Path cpuinfo) {
        String model = System.getProperty("os.arch");
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equals("model name") || key.equals("Model")) {
                    model = value;
                } else if (key.equals("flags") || key.equals("Features")) {
                    flags.addAll(Arrays.asList(value.split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux or not readable: features stay unknown, which only means no profile matches.
        }
        return new CpuInfo(model, Runtime.getRuntime().availableProcessors(), flags);
    }

    /** The relevant features this CPU has, in a stable order. */
    public List<String> relevantFeatures() {
        return RELEVANT_FEATURES.stream().filter(features::contains).toList();
    }
}
