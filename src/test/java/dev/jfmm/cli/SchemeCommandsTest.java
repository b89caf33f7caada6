package dev.jfmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jfmm verify, schemes and scheme, run through Main as a user would; and the catalog regenerated from RECIPES. */
class SchemeCommandsTest {

    private static final Path CATALOG = Path.of(Catalog.DIRECTORY);

    record Run(int status, String out, String err) {}

    static Run jfmm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static Path shared(String relative) {
        Path p = Path.of(System.getProperty("jfmm.shared", "../shared"), "schemes", relative);
        assumeTrue(Files.isRegularFile(p), "shared schemes not found at " + p.toAbsolutePath() + "; skipping");
        return p;
    }

    @Test
    void verifyPrintsOneLinePerFileAndSucceedsWhenAllVerify() {
        Run r = jfmm("verify", shared("alphatensor/alphatensor_4x4x4_r47_GF2.txt").toString(),
                CATALOG.resolve("strassen_2x2x2_r7_Z.fmm").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.out().lines().count());
        assertTrue(r.out().contains("alphatensor_4x4x4_r47_GF2.txt: ok, <4,4,4;47> over GF2"), r.out());
    }

    @Test
    void verifyFailsWithOneLineOnAMalformedFileAndStillChecksTheOthers(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.fmm");
        List<String> lines = new ArrayList<>(Files.readAllLines(CATALOG.resolve("strassen_2x2x2_r7_Z.fmm")));
        int at = lines.indexOf("V 4 7") + 2;
        lines.set(at, "0 0 1 zero 0 1 0");
        Files.write(bad, lines);
        Run r = jfmm("verify", bad.toString(), CATALOG.resolve("winograd_2x2x2_r7_Z.fmm").toString());
        assertEquals(1, r.status());
        assertEquals("jfmm: " + bad + ":" + (at + 1) + ": V: 'zero' is not a number (write integers, a/b or decimals)\n",
                r.err());
        assertEquals(1, r.out().lines().count());
    }

    @Test
    void verifyNamesTheViolatedEquationOfAWrongScheme(@TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("wrong.fmm");
        List<String> lines = new ArrayList<>(Files.readAllLines(CATALOG.resolve("strassen_2x2x2_r7_Z.fmm")));
        lines.set(lines.indexOf("W 4 7") + 1, "1 0 0 1 -1 0 0");
        Files.write(wrong, lines);
        Run r = jfmm("verify", wrong.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("jfmm: " + wrong + ": <2,2,2;7> over Z does NOT verify: Brent equation for A[0][1] B[1][0] C[0][0] is 0, should be 1"),
                r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void complexSchemesAreRefusedWithTheReason() {
        Run r = jfmm("verify", shared("alphaevolve/alphaevolve_4x4x4_r48_C.txt").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains(":11: field C: complex coefficients need complex arithmetic"), r.err());
    }

    @Test
    void schemesListsThePackagedCatalog() {
        Run r = jfmm("schemes");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("winograd_2x2x2_r7_Z.fmm"), r.out());
        assertTrue(r.out().lines().skip(1).allMatch(l -> l.endsWith("yes")), r.out());
    }

    @Test
    void showPrintsFactsAndConvertsToFmm() {
        Run r = jfmm("scheme", "show", CATALOG.resolve("winograd_2x2x2_r7_Z.fmm").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("additions:  24 straightforward, 15 after common-subexpression elimination"), r.out());
        assertTrue(r.out().contains("verified:   yes, exactly over Z"), r.out());
        Run fmm = jfmm("scheme", "show", "--fmm", CATALOG.resolve("winograd_2x2x2_r7_Z.fmm").toString());
        assertTrue(fmm.out().contains("format 2 2 2\nrank 7\nfield Z\nU 4 7\n"), fmm.out());
    }

    @Test
    void derivingCommandsWriteVerifiedFmmFilesThatRecordTheCommand(@TempDir Path dir) {
        Path out = dir.resolve("t.fmm");
        String in = shared("alphatensor/alphatensor_3x4x5_r47_Z.txt").toString();
        Run r = jfmm("scheme", "transpose", in, "--to", "mpn", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        var s = SchemeFiles.read(out);
        assertEquals("<4,5,3;47> over Z", s.toString());
        assertTrue(Verifier.verify(s).valid());
        assertEquals("produced by: jfmm scheme transpose " + in + " --to mpn", s.comments().get(0));
        Run reduce = jfmm("scheme", "reduce", out.toString());
        assertTrue(reduce.out().contains("field GF2"), reduce.out());
        Run bad = jfmm("scheme", "transpose", in, "--to", "xyz");
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("jfmm: 'xyz' is no symmetry"), bad.err());
    }

    /** Every RECIPES line, rerun, reproduces its catalog file byte for byte; every catalog file verifies; the index is current. */
    @Test
    void catalogIsReproducibleFromItsRecipesAndVerifies() throws IOException {
        for (String line : Files.readAllLines(CATALOG.resolve("RECIPES"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String file = line.substring(0, line.indexOf(':'));
            Run r = jfmm(line.substring(line.indexOf(':') + 1).strip().split("\\s+"));
            assertEquals(0, r.status(), r.err());
            assertEquals(Files.readString(CATALOG.resolve(file)), r.out(),
                    file + " differs from its recipe; run kernels/schemes/regenerate");
        }
        List<Catalog.Entry> packaged = Catalog.load();
        try (var files = Files.list(CATALOG)) {
            assertEquals(files.filter(p -> p.toString().endsWith(".fmm")).count(), packaged.size(),
                    "every .fmm file is listed in CATALOG.tsv");
        }
        for (Catalog.Entry e : packaged) {
            assertTrue(Verifier.verify(e.scheme()).valid(), e.file());
            assertEquals(SchemeFiles.read(CATALOG.resolve(e.file())), e.scheme(), e.file() + " packaged copy is stale");
        }
        assertEquals(Files.readString(CATALOG.resolve(Catalog.INDEX)), Catalog.index(packaged));
        List<String> formats = packaged.stream().map(e -> e.scheme().format() + ";" + e.scheme().rank()).toList();
        for (String required : List.of("2x2x3;11", "2x3x2;11", "3x2x2;11", "4x4x4;49")) {
            assertTrue(formats.contains(required), required);
        }
        assertTrue(formats.stream().filter("2x2x2;7"::equals).count() >= 2);
    }
}
