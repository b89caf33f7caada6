package dev.jfmm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jfmm.Accuracy;
import dev.jfmm.Jfmm;
import dev.jfmm.hw.CpuInfo;
import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.hw.VectorUnit;
import dev.jfmm.gemm.Dispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jfmm info}: the JDK, vector unit, CPU, backend, threads, hardware profile and accuracy policy in use. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JDK, Vector API species, CPU features, backend, threads, hardware profile, the "
                + "accuracy policy and the profile's fast-scheme candidates.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> facts = facts();
        if (json) {
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(facts));
        } else {
            facts.forEach((key, value) -> spec.commandLine().getOut().printf("%-12s %s%n", key + ":", value));
        }
        return 0;
    }

    static Map<String, Object> facts() {
        CpuInfo cpu = CpuInfo.detect();
        HardwareProfile profile = Dispatcher.get().profile();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", new Main.Version().getVersion()[0]);
        facts.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        facts.put("vector API", VectorUnit.available()
                ? "enabled, preferred species " + VectorUnit.preferredBits().getAsInt() + " bits ("
                        + VectorUnit.describeSpecies() + ")"
                : "not enabled; start java with " + VectorUnit.ENABLE_FLAG + " for SIMD kernels");
        facts.put("cpu", cpu.model() + ", " + cpu.logicalProcessors() + " logical processors");
        facts.put("features", cpu.relevantFeatures().isEmpty() ? "unknown" : String.join(" ", cpu.relevantFeatures()));
        facts.put("backend", Jfmm.backend());
        facts.put("threads", Jfmm.threads());
        facts.put("profile", profile.name() + " (" + profile.source() + ")");
        facts.put("dgemm", describe(profile.gemm().doubles()));
        facts.put("sgemm", describe(profile.gemm().floats()));
        facts.put("accuracy", Jfmm.accuracy() + (System.getProperty(Accuracy.PROPERTY) != null
                ? " (-D" + Accuracy.PROPERTY + ")" : " (default: fast schemes only when asked for)"));
        facts.put("fast schemes", profile.fastSchemes().isEmpty() ? "none in the profile"
                : profile.fastSchemes().stream().map(InfoCommand::describe).collect(Collectors.joining("; ")));
        return facts;
    }

    private static String describe(HardwareProfile.FastScheme f) {
        return f.scheme() + ", " + f.levels() + " level" + (f.levels() == 1 ? "" : "s")
                + (f.strategy() == null ? "" : ", " + f.strategy()) + ", where m, n, k >= "
                + f.cutoff() + ", " + f.precision() + ", " + (f.threads() == 0 ? "any threads"
                : "up to " + f.threads() + " thread" + (f.threads() == 1 ? "" : "s"));
    }

    private static String describe(HardwareProfile.Blocking b) {
        return "micro-kernel " + b.mr() + " x " + b.nrVectors() + " vectors, k unrolled " + b.kUnroll()
                + "; blocks mc=" + b.mc() + " kc=" + b.kc() + " nc=" + b.nc() + "; fast-scheme tiles sweep "
                + b.panelGroup() + " B panel" + (b.panelGroup() == 1 ? "" : "s") + " at a time, "
                + (b.mergeColumns() == 0 ? "merged tile by tile" : "merged " + b.mergeColumns() + " columns at a time");
    }
}
