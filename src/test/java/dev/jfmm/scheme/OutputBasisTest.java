package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The sparsest output basis against its definition: Y^-1 (Y W) gives back W exactly (so the decoded scheme
 * is the scheme, which the exact verifier and the evaluation oracle confirm), Y Y^-1 = I with integer
 * entries, and W never gets denser.
 */
class OutputBasisTest {

    private static Scheme catalog(String file) {
        return Catalog.load().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow().scheme();
    }

    /** Strassen's W goes from 12 nonzeros to 10, two levels from 144 to 100: the count worked out by hand. */
    @Test
    void strassensWLosesTwoOfTwelveNonzerosPerLevel() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        OutputBasis basis = OutputBasis.sparsest(strassen);
        assertFalse(basis.isIdentity());
        assertEquals(10, nonzeros(basis.transform(strassen.factor(Factor.W))));
        // C11, C12, C21 stay; the fourth entry is C11 + C12 - C21 - C22, where M6 and M7 alone go.
        assertArrayEquals(new Rational[] {Rational.ONE, Rational.ONE, Rational.MINUS_ONE, Rational.MINUS_ONE},
                basis.forward()[3]);
        Rational[][] w2 = basis.times(basis).transform(SchemeAlgebra.product(strassen, strassen).factor(Factor.W));
        assertEquals(100, nonzeros(w2));
        assertDecodes(SchemeAlgebra.product(strassen, strassen), basis.times(basis));
    }

    /** Where no combination of W's rows is sparser, as in the classical algorithm, C keeps its basis. */
    @Test
    void theClassicalAlgorithmKeepsItsBasis() {
        Scheme classical = SchemeAlgebra.classical(new Format(2, 3, 2));
        assertTrue(OutputBasis.sparsest(classical).isIdentity());
        assertEquals(OutputBasis.identity(classical.format()).transform(classical.factor(Factor.W)).length, 4);
    }

    @TestFactory
    Stream<DynamicTest> everyCatalogSchemeOverZOrQ() {
        return Catalog.load().stream().filter(e -> e.scheme().field() != Field.GF2)
                .map(e -> DynamicTest.dynamicTest(e.file(), () -> assertDecodes(e.scheme(), OutputBasis.sparsest(e.scheme()))));
    }

    /** Two different schemes multiplied out, each in its own basis: the product's basis decodes the product. */
    @Test
    void theBasesOfTwoLevelsMultiplyOutInTheProductsOrder() {
        Scheme strassen = catalog("strassen_2x2x2_r7_Z.fmm");
        for (Scheme inner : List.of(catalog("polished_3x3x3_r23_Z.fmm"), catalog("sparse_3x2x3_r15_ZT.fmm"),
                SharedSchemes.read("alphatensor/alphatensor_2x3x4_r20_Z.txt"))) {
            OutputBasis product = OutputBasis.sparsest(strassen).times(OutputBasis.sparsest(inner));
            assertDecodes(SchemeAlgebra.product(strassen, inner), product);
            assertDecodes(SchemeAlgebra.product(inner, strassen), OutputBasis.sparsest(inner).times(OutputBasis.sparsest(strassen)));
        }
    }

    private static void assertDecodes(Scheme s, OutputBasis basis) {
        int size = s.format().n() * s.format().p();
        Rational[][] y = basis.forward(), inverse = basis.inverse();
        assertEquals(size, y.length);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                Rational sum = Rational.ZERO;
                for (int t = 0; t < size; t++) {
                    sum = sum.add(y[i][t].multiply(inverse[t][j]));
                }
                assertEquals(i == j ? Rational.ONE : Rational.ZERO, sum, s + ": Y Y^-1 at " + i + "," + j);
                assertTrue(inverse[i][j].isInteger(), s + ": Y^-1 is not integer");
            }
        }
        Rational[][] w = s.factor(Factor.W), transformed = basis.transform(w);
        assertTrue(nonzeros(transformed) <= nonzeros(w), s + ": W got denser");
        Rational[][] decoded = new OutputBasis(s.format(), inverse, y).transform(transformed);
        assertTrue(Arrays.deepEquals(w, decoded), s + ": Y^-1 (Y W) is not W");
        Scheme back = Scheme.of(s.format(), s.field(), s.factor(Factor.U), s.factor(Factor.V), decoded, List.of());
        assertTrue(Verifier.verify(back).valid());
        assertTrue(SchemeEvaluation.multipliesCorrectly(back, new Random(size), 1));
    }

    private static int nonzeros(Rational[][] rows) {
        return (int) Arrays.stream(rows).flatMap(Arrays::stream).filter(x -> !x.isZero()).count();
    }
}
