package dev.jfmm.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    static final CpuInfo AVX512 = new CpuInfo("test", 2, Set.of("avx2", "fma", "avx512f"));
    static final CpuInfo AVX2 = new CpuInfo("test", 2, Set.of("avx2", "fma"));
    static final CpuInfo UNKNOWN = new CpuInfo("test", 2, Set.of());

    @Test
    void packagedProfilesAreValidAndMatchByFeaturesAndWidth() {
        List<HardwareProfile> packaged = Profiles.packaged();
        assertTrue(packaged.size() >= 2, "profiles in the jar: " + packaged);
        assertEquals("x86-avx512", Profiles.bestMatch(packaged, AVX512, 512).name());
        assertEquals("x86-avx2", Profiles.bestMatch(packaged, AVX512, 256).name());
        assertEquals("x86-avx2", Profiles.bestMatch(packaged, AVX2, 256).name());
        assertEquals(null, Profiles.bestMatch(packaged, UNKNOWN, 128));
        assertSame(HardwareProfile.BUILT_IN, Profiles.select(UNKNOWN, 128));
    }

    @Test
    void theMostSpecificMatchWins(@TempDir Path dir) throws IOException {
        write(dir, "any.json", "any", "[]", 0, 0);
        write(dir, "fma.json", "fma", "[\"fma\"]", 64, 0);
        assertEquals("fma", Profiles.bestMatch(Profiles.readAll(dir), AVX2, 256).name());
        assertEquals("any", Profiles.bestMatch(Profiles.readAll(dir), UNKNOWN, 256).name());
        assertEquals(64, Profiles.bestMatch(Profiles.readAll(dir), AVX2, 256).gemm().doubles().kc());
    }

    @Test
    void cpuFlagsAreReadFromCpuinfo(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu avx2 fma avx512f\n");
        CpuInfo cpu = CpuInfo.read(cpuinfo);
        assertEquals("Test CPU", cpu.model());
        assertEquals(List.of("avx2", "fma", "avx512f"), cpu.relevantFeatures());
        assertFalse(CpuInfo.read(dir.resolve("missing")).features().iterator().hasNext());
    }

    @Test
    void badFilesGetOneLineNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path syntax = dir.resolve("syntax.json");
        Files.writeString(syntax, "{\n  \"name\": \"x\",\n  \"match\": {,\n}");
        var e = assertThrows(Profiles.ProfileException.class, () -> Profiles.read(syntax));
        assertTrue(e.getMessage().startsWith(syntax + ":3: "), e.getMessage());

        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, "{\"name\": \"x\", \"match\": {\"cpuFeatures\": [], \"vectorBits\": 0},\n"
                + " \"gemm\": {\"minMultiplyAddsPerThread\": 0}, \"kcc\": 3}");
        var u = assertThrows(Profiles.ProfileException.class, () -> Profiles.read(unknown));
        assertTrue(u.getMessage().contains("kcc"), u.getMessage());

        Path range = write(dir, "range.json", "r", "[]", -4, 0);
        var r = assertThrows(Profiles.ProfileException.class, () -> Profiles.read(range));
        assertEquals(range + ": gemm.doubles.kc = -4 must be in [1, 65536]", r.getMessage());

        Path group = dir.resolve("group.json");
        Files.writeString(group, Files.readString(range).replace("\"kc\": -4,", "\"kc\": 64, \"panelGroup\": 0,"));
        var g = assertThrows(Profiles.ProfileException.class, () -> Profiles.read(group));
        assertEquals(group + ": gemm.doubles.panelGroup = 0 must be in [1, 64]", g.getMessage());
        Path merge = dir.resolve("merge.json");
        Files.writeString(merge, Files.readString(range).replace("\"kc\": -4,", "\"kc\": 64, \"mergeColumns\": -1,"));
        var mc = assertThrows(Profiles.ProfileException.class, () -> Profiles.read(merge));
        assertEquals(merge + ": gemm.doubles.mergeColumns = -1 must be in [0, 1048576]", mc.getMessage());
        // absent, it is BLIS's one panel at a time, each tile merged as it is computed
        HardwareProfile.Blocking plain = Profiles.read(write(dir, "plain.json", "p", "[]", 64, 0)).gemm().doubles();
        assertEquals(1, plain.panelGroup());
        assertEquals(0, plain.mergeColumns());
    }

    @Test
    void fastSchemeCandidatesAreOptional(@TempDir Path dir) throws IOException {
        List<HardwareProfile> packaged = Profiles.packaged();
        HardwareProfile avx512 = Profiles.bestMatch(packaged, AVX512, 512);
        assertEquals(List.of(new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 2048, 2, "double", "fused-basis"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 2048, 2, "double"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 2048, 2, "double"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 3072, 1, "float", "fused-basis"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 3072, 1, "float"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 3072, 1, "float", "fused-basis"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 3072, 1, "float"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 2048, 2, "float", "fused-basis"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 2, 2048, 2, "float"),
                        new HardwareProfile.FastScheme("strassen_2x2x2_r7_Z", 1, 2048, 2, "float")),
                avx512.fastSchemes());
        assertTrue(avx512.description().contains("2048"), "the profile says why: " + avx512.description());
        assertEquals(List.of(), Profiles.bestMatch(packaged, AVX2, 256).fastSchemes());
        assertEquals(List.of(), HardwareProfile.BUILT_IN.fastSchemes());

        Path without = write(dir, "without.json", "without", "[]", 0, 0);
        assertEquals(List.of(), Profiles.read(without).fastSchemes());
        Path with = withFastSchemes(dir, "with.json", """
                [{"scheme": "winograd_2x2x2_r7_Z", "levels": 2, "cutoff": 4096, "threads": 0, "precision": "float"},
                 {"scheme": "strassen_2x2x2_r7_Z", "levels": 1, "cutoff": 2048, "threads": 2, "precision": "double"}]""");
        HardwareProfile p = Profiles.read(with);
        assertEquals(2, p.fastSchemes().size());
        HardwareProfile.FastScheme winograd = p.fastSchemes().get(0);
        assertEquals(new HardwareProfile.FastScheme("winograd_2x2x2_r7_Z", 2, 4096, 0, "float"), winograd);
        assertTrue(winograd.applies(4096, 5000, 4096, "float", 16));
        assertFalse(winograd.applies(4096, 4095, 4096, "float", 1));
        assertFalse(winograd.applies(4096, 4096, 4096, "double", 1));
        HardwareProfile.FastScheme strassen = p.fastSchemes().get(1);
        assertTrue(strassen.applies(2048, 2048, 2048, "double", 2));
        assertFalse(strassen.applies(2048, 2048, 2048, "double", 3));
    }

    @Test
    void badCandidatesGetOneLineNamingTheField(@TempDir Path dir) throws IOException {
        String valid = "\"scheme\": \"s\", \"levels\": 1, \"cutoff\": 64, \"threads\": 1, \"precision\": \"double\"";
        String[][] cases = {
                {valid.replace("\"scheme\": \"s\", ", ""), "missing fastSchemes[0].scheme"},
                {valid.replace("\"levels\": 1", "\"levels\": 0"), "fastSchemes[0].levels = 0 must be at least 1"},
                {valid.replace("\"cutoff\": 64", "\"cutoff\": 0"), "fastSchemes[0].cutoff = 0 must be at least 1"},
                {valid.replace("\"threads\": 1", "\"threads\": -1"), "fastSchemes[0].threads = -1 must be at least 0"},
                {valid.replace("double", "half"), "fastSchemes[0].precision = half must be double or float"},
                {valid + ", \"strategy\": \" \"", "fastSchemes[0].strategy is blank"},
                {valid + ", \"speedup\": 2", "speedup"}};
        for (String[] c : cases) {
            Path file = withFastSchemes(dir, "bad.json", "[{" + c[0] + "}]");
            var e = assertThrows(Profiles.ProfileException.class, () -> Profiles.read(file), c[0]);
            assertTrue(e.getMessage().startsWith(file + ":") && e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /** A valid profile with that JSON as its fastSchemes. */
    private static Path withFastSchemes(Path dir, String file, String fastSchemes) throws IOException {
        Path path = dir.resolve(file);
        Files.writeString(path, """
                {"name": "f", "description": "test", "match": {"cpuFeatures": [], "vectorBits": 0},
                 "gemm": {"minMultiplyAddsPerThread": 1000,
                          "doubles": {"mr": 4, "nrVectors": 2, "kUnroll": 2, "mc": 64, "kc": 64, "nc": 128},
                          "floats": {"mr": 4, "nrVectors": 2, "kUnroll": 2, "mc": 64, "kc": 64, "nc": 128}},
                 "fastSchemes": %s}
                """.formatted(fastSchemes));
        return path;
    }

    private static Path write(Path dir, String file, String name, String features, int kc, int bits) throws IOException {
        Path path = dir.resolve(file);
        Files.writeString(path, """
                {"name": "%s", "description": "test",
                 "match": {"cpuFeatures": %s, "vectorBits": %d},
                 "gemm": {"minMultiplyAddsPerThread": 1000,
                          "doubles": {"mr": 4, "nrVectors": 2, "kUnroll": 2, "mc": 64, "kc": %d, "nc": 128},
                          "floats": {"mr": 4, "nrVectors": 2, "kUnroll": 2, "mc": 64, "kc": 64, "nc": 128}}}
                """.formatted(name, features, bits, kc == 0 ? 32 : kc));
        return path;
    }
}
