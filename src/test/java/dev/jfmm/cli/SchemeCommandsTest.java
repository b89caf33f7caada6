package dev.jfmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verifier;
import dev.jfmm.tune.SchemeErrors;
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


    /** The scheme subcommands take catalog names where they take files, as bench, emit and multiply do. */
    @Test
    void schemeSubcommandsTakeCatalogNames(@TempDir Path dir) {
        Path out = dir.resolve("p.fmm");
        Run r = jfmm("scheme", "product", "sparse_4x2x4_r26_ZT", "strassen_2x2x2_r7_Z", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        var s = SchemeFiles.read(out);
        assertEquals("<8,4,8;182> over Z", s.toString());
        assertTrue(Verifier.verify(s).valid());
        Run show = jfmm("scheme", "show", "strassen_2x2x2_r7_Z");
        assertTrue(show.out().contains("verified:   yes, exactly over Z"), show.out());
        Run missing = jfmm("scheme", "show", "no_such_scheme");
        assertEquals(1, missing.status());
        assertEquals("jfmm: no_such_scheme is neither a file nor a catalog scheme (see jfmm schemes)\n", missing.err());
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
        assertIndexCurrent(Files.readString(CATALOG.resolve(Catalog.INDEX)), Catalog.index(packaged, new SchemeErrors()));
        List<String> formats = packaged.stream().map(e -> e.scheme().format() + ";" + e.scheme().rank()).toList();
        for (String required : List.of("2x2x3;11", "2x3x2;11", "3x2x2;11", "4x4x4;49")) {
            assertTrue(formats.contains(required), required);
        }
        assertTrue(formats.stream().filter("2x2x2;7"::equals).count() >= 2);
    }

    /**
     * The committed index against a fresh one: every column the same, except the measured errors and their
     * ratios, which depend on the machine's kernels (blocking, FMA): those within a factor of 2.
     */
    private static void assertIndexCurrent(String committed, String fresh) {
        List<String> want = committed.lines().toList(), got = fresh.lines().toList();
        assertEquals(got.size(), want.size(), "rows of CATALOG.tsv; run kernels/schemes/regenerate");
        List<String> header = List.of(got.get(0).split("\t", -1));
        assertEquals(header, List.of(want.get(0).split("\t", -1)));
        for (int row = 1; row < got.size(); row++) {
            String[] g = got.get(row).split("\t", -1), w = want.get(row).split("\t", -1);
            assertEquals(g.length, w.length, got.get(row));
            for (int col = 0; col < g.length; col++) {
                boolean measured = header.get(col).contains("error");
                if (!measured || g[col].isEmpty() || g[col].equals("-")) {
                    assertEquals(g[col], w[col], header.get(col) + " of " + g[0] + "; run kernels/schemes/regenerate");
                } else {
                    double ratio = Double.parseDouble(g[col]) / Double.parseDouble(w[col]);
                    assertTrue(ratio >= 0.5 && ratio <= 2, header.get(col) + " of " + g[0] + ": " + g[col] + " now, "
                            + w[col] + " in CATALOG.tsv");
                }
            }
        }
    }

    /** The index's measured columns are the same bits on every run (one thread, fixed seed). */
    @Test
    void indexWithErrorsIsReproducible() {
        String[] args = {"schemes", "--tsv", CATALOG.resolve("strassen_2x2x2_r7_Z.fmm").toString(),
                CATALOG.resolve("strassen_2x2x2_r7_GF2.fmm").toString(), CATALOG.resolve("search_2x2x3_r11_Z.fmm").toString()};
        Run first = jfmm(args), second = jfmm(args);
        assertEquals(0, first.status(), first.err());
        assertEquals(first.out(), second.out());
        List<String> lines = first.out().lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).endsWith("\terror_1\tclassical_error_1\terror_ratio_1\tgrowth_1"
                + "\terror_2\tclassical_error_2\terror_ratio_2\tgrowth_2"), lines.get(0));
        String[] strassen = lines.get(1).split("\t");
        assertEquals("6", strassen[12]);
        assertEquals("36", strassen[16]);
        assertTrue(Double.parseDouble(strassen[9]) > Double.parseDouble(strassen[10]), lines.get(1));
        assertEquals(Double.parseDouble(strassen[9]) / Double.parseDouble(strassen[10]), Double.parseDouble(strassen[11]),
                0.01 * Double.parseDouble(strassen[11]), lines.get(1));
        assertTrue(lines.get(2).endsWith("\tGF2\t12\t12\t12\t18\t18\t\t\t\t\t\t\t\t"), lines.get(2));
    }
}
