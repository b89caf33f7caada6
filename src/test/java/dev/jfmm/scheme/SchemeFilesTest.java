package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SchemeFilesTest {

    private static List<String> strassenLines() {
        return FmmFormat.write(VerifierTest.strassen()).lines().toList();
    }

    @Test
    void writeThenParseGivesTheSameSchemeAndComments() {
        Scheme s = VerifierTest.strassen().withComments(List.of("made by hand", "second line"));
        Scheme back = SchemeFiles.parse("x.fmm", FmmFormat.write(s).lines().toList());
        assertEquals(s, back);
        assertEquals(s.comments(), back.comments());
        assertEquals(FmmFormat.write(s), FmmFormat.write(back));
    }

    @Test
    void readsRationalCoefficientsExactly() {
        List<String> lines = new ArrayList<>(strassenLines());
        lines.set(lines.indexOf("field Z"), "field Q");
        lines.set(lines.indexOf("U 4 7") + 1, "1/2 0 1 0 1 -1 0");
        Scheme s = SchemeFiles.parse("q.fmm", lines);
        assertEquals(Rational.of(1, 2), s.coefficient(Factor.U, 0, 0));
    }

    /** Each malformed variant of Strassen's file: the line to change (by its text), its replacement, the message. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "format 2 2 2 | format 2 2    | 2 | 'format' needs 3 numbers, found 2",
        "format 2 2 2 | format 2 2 99 | 2 | format 2x2x99 is out of range",
        "format 2 2 2 | format 2 two 2 | 2 | 'two' in the format line is not a whole number",
        "rank 7       | rank 100000000 | 3 | rank 100000000 is out of range",
        "field Z      | field R       | 4 | unknown field 'R'",
        "field Z      | field C       | 4 | complex coefficients need complex arithmetic",
        "U 4 7        | U 4 6         | 5 | U is declared 4 x 6; format 2x2x2 rank 7 needs 4 x 7",
        "V 4 7        | X 4 7         | 10 | expected the V matrix header 'V 4 7', found 'X 4 7'",
        "0 0 0 0 1 0 1 | 0 0 0 0 1 0  | 7 | U row 1 has 6 coefficients, needs 7",
        "0 0 0 0 1 0 1 | 0 0 0 0 1 0 x | 7 | U: 'x' is not a number",
        "0 0 0 0 1 0 1 | 0 0 0 0 1 0 1/2 | 7 | U: 1/2 is not an integer but the field is Z",
        "0 0 0 0 1 0 1 | 0 0 0 0 1 0 1+1i | 7 | complex coefficients need complex arithmetic",
    })
    void malformedFilesGiveOneLineWithTheLineNumber(String line, String replacement, int lineNumber, String message) {
        List<String> lines = new ArrayList<>(strassenLines());
        int at = lines.indexOf(line.strip());
        lines.set(at, replacement.strip());
        SchemeFormatException e = assertThrows(SchemeFormatException.class, () -> SchemeFiles.parse("bad.fmm", lines));
        assertEquals(lineNumber, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.fmm:" + lineNumber + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void missingSectionsAndRowsAreReportedWhereTheyWereExpected() {
        List<String> lines = strassenLines();
        SchemeFormatException cut = assertThrows(SchemeFormatException.class,
                () -> SchemeFiles.parse("cut.fmm", lines.subList(0, lines.indexOf("W 4 7"))));
        assertEquals("cut.fmm:14: missing W matrix (the file ends)", cut.getMessage());
        List<String> short3 = new ArrayList<>(lines);
        short3.remove(lines.indexOf("V 4 7") - 1); // U loses its last row
        SchemeFormatException rows = assertThrows(SchemeFormatException.class, () -> SchemeFiles.parse("r.fmm", short3));
        assertEquals("r.fmm:9: U has 3 rows, needs 4", rows.getMessage());
        SchemeFormatException noField = assertThrows(SchemeFormatException.class,
                () -> SchemeFiles.parse("h.fmm", List.of("format 2 2 2", "rank 7", "U 4 7")));
        assertTrue(noField.getMessage().startsWith("h.fmm:3: U matrix before"), noField.getMessage());
        SchemeFormatException extra = assertThrows(SchemeFormatException.class, () -> {
            List<String> more = new ArrayList<>(lines);
            more.add("1 2 3");
            SchemeFiles.parse("e.fmm", more);
        });
        assertEquals("e.fmm:20: unexpected '1 2 3' after the W matrix", extra.getMessage());
    }

    @Test
    void readsBensonBallardCoefficientFiles() {
        // The same layout fast-matmul's codegen reads: U rows, '#', V rows, '#', W rows; no header.
        Scheme s = VerifierTest.strassen();
        List<String> lines = new ArrayList<>(List.of("# Strassen for the fast-matmul generator"));
        for (Factor f : Factor.values()) {
            if (f != Factor.U) {
                lines.add("#");
            }
            for (int i = 0; i < 4; i++) {
                StringBuilder row = new StringBuilder();
                for (int r = 0; r < 7; r++) {
                    row.append(r == 0 ? "" : " ").append(s.coefficient(f, i, r));
                }
                lines.add(row.toString());
            }
        }
        Scheme back = SchemeFiles.parse("strassen222-7-36", lines);
        assertEquals(s, back);
        assertTrue(back.comments().contains("Strassen for the fast-matmul generator"));
        lines.set(1, "0.5 0 1 0 1 -1 0");
        assertEquals(Field.Q, SchemeFiles.parse("q", lines).field());
        SchemeFormatException ragged = assertThrows(SchemeFormatException.class,
                () -> SchemeFiles.parse("bb", lines.subList(0, 10)));
        assertEquals("bb:10: found 2 coefficient blocks; a Benson-Ballard file has three (U, V, W) separated by '#' lines",
                ragged.getMessage());
        List<String> wrong = new ArrayList<>(lines);
        wrong.remove(2);
        SchemeFormatException fit = assertThrows(SchemeFormatException.class, () -> SchemeFiles.parse("bb", wrong));
        assertTrue(fit.getMessage().contains("blocks of 3, 4 and 4 rows fit no format"), fit.getMessage());
    }
}
