package dev.jfmm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.SchemeAlgebra;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generated scheme sums against their contract ({@link DoubleSchemeSums}), computed here by a plain
 * loop that multiplies every term, 1 and -1 included: the bytecode class and the emitted Java source
 * compiled on its own, every pattern, both precisions, three widths, lengths around the vector width;
 * and the limits that keep the generated methods small.
 */
class SchemeSumsTest {

    /** Coefficients of a Q-field scheme's kind: halves, eighths, thirds, mixed with 1 and -1. */
    private static final List<List<Double>> RATIONAL = List.of(List.of(-1.0), List.of(0.5, -0.125),
            List.of(1.0 / 3, 1.0, -1.0, 2.0), List.of(-1.0, -1.0, 1.0, 0.25, -3.0));

    static List<SchemeSumSpec> specs() {
        List<SchemeSumSpec> specs = new ArrayList<>();
        for (Precision precision : Precision.values()) {
            for (int bits : new int[] {128, 256, 512}) {
                specs.add(SchemeSumSpec.forScheme(SchemeAlgebra.power(Catalog.find("winograd_2x2x2_r7_Z").orElseThrow(), 2),
                        precision, bits));
                specs.add(new SchemeSumSpec(precision, bits, RATIONAL));
            }
        }
        return specs;
    }

    @Test
    void bytecodeAndJavaSourceComputeTheContract() throws Exception {
        for (SchemeSumSpec spec : specs()) {
            KernelIR ir = SchemeSums.build(spec);
            Object bytecode = BytecodeBackend.load(BytecodeBackend.generate(ir));
            Object source = KernelGeneratorTest.compileAndInstantiate(ir.name(), JavaSourceBackend.generate(ir));
            SplittableRandom random = new SplittableRandom(spec.hashCode());
            for (int pattern = 0; pattern < spec.patterns().size(); pattern++) {
                List<Double> coefficients = spec.patterns().get(pattern);
                for (int count : new int[] {0, 1, spec.lanes() - 1, spec.lanes(), 3 * spec.lanes() + 5, 70}) {
                    int[] offsets = new int[coefficients.size()];
                    for (int t = 0; t < offsets.length; t++) {
                        offsets[t] = random.nextInt(200);
                    }
                    int srcIndex = random.nextInt(5), dstIndex = random.nextInt(5);
                    double[] src = random.doubles(srcIndex + 200 + count, -1, 1).toArray();
                    String where = ir.name() + " p" + pattern + " " + coefficients + " count " + count;
                    double[] expected = contract(spec.precision(), coefficients, src, srcIndex, offsets, dstIndex, count);
                    assertBits(expected, run(bytecode, pattern, src, srcIndex, offsets, dstIndex, count), "bytecode " + where);
                    assertBits(expected, run(source, pattern, src, srcIndex, offsets, dstIndex, count), "source " + where);
                }
            }
        }
    }

    /** dst = c_0 x_0 + c_1 x_1 + ... left to right, every term multiplied, in the spec's precision; one spare element on each side. */
    private static double[] contract(Precision precision, List<Double> c, double[] src, int srcIndex, int[] offsets,
                                     int dstIndex, int count) {
        double[] dst = new double[dstIndex + count + 1];
        java.util.Arrays.fill(dst, 7);
        for (int j = 0; j < count; j++) {
            if (precision == Precision.DOUBLE) {
                double sum = c.get(0) * src[srcIndex + offsets[0] + j];
                for (int t = 1; t < c.size(); t++) {
                    sum += c.get(t) * src[srcIndex + offsets[t] + j];
                }
                dst[dstIndex + j] = sum;
            } else {
                float sum = (float) (double) c.get(0) * (float) src[srcIndex + offsets[0] + j];
                for (int t = 1; t < c.size(); t++) {
                    sum += (float) (double) c.get(t) * (float) src[srcIndex + offsets[t] + j];
                }
                dst[dstIndex + j] = sum;
            }
        }
        return dst;
    }

    private static double[] run(Object sums, int pattern, double[] src, int srcIndex, int[] offsets, int dstIndex, int count) {
        double[] out = new double[dstIndex + count + 1];
        java.util.Arrays.fill(out, 7);
        if (sums instanceof DoubleSchemeSums d) {
            d.sum(pattern, src, srcIndex, offsets, out, dstIndex, count);
            return out;
        }
        float[] fsrc = new float[src.length], fdst = new float[out.length];
        for (int i = 0; i < src.length; i++) {
            fsrc[i] = (float) src[i];
        }
        java.util.Arrays.fill(fdst, 7);
        ((FloatSchemeSums) sums).sum(pattern, fsrc, srcIndex, offsets, fdst, dstIndex, count);
        for (int i = 0; i < out.length; i++) {
            out[i] = fdst[i];
        }
        return out;
    }

    private static void assertBits(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    where + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    @Test
    void onesAndMinusOnesAddAndSubtractWithoutAMultiply() {
        SchemeSumSpec spec = new SchemeSumSpec(Precision.DOUBLE, 256, List.of(List.of(-1.0, 1.0, -1.0), List.of(1.0, 0.5)));
        String listing = BytecodeBackend.listing(BytecodeBackend.generate(SchemeSums.build(spec)));
        String p0 = listing.substring(listing.indexOf("p0("), listing.indexOf("p1("));
        String p1 = listing.substring(listing.indexOf("p1("), listing.indexOf(" sum("));
        assertTrue(!p0.contains("mul") && !p0.contains("DMUL"), p0);
        assertTrue(p0.contains("DoubleVector.neg") && p0.contains("DoubleVector.sub") && p0.contains("DNEG"), p0);
        assertTrue(p1.contains("DoubleVector.mul") && p1.contains("DMUL") && p1.contains("LDC 0.5"), p1);
        String source = JavaSourceBackend.generate(SchemeSums.build(spec));
        assertTrue(source.contains("dst[dstIndex + j] = -src[o0 + j]\n") && source.contains("+ src[o1 + j] * 0.5;"), source);
    }

    @Test
    void theDispatchRejectsAPatternItWasNotGeneratedFor() {
        SchemeSumSpec spec = new SchemeSumSpec(Precision.DOUBLE, 128, RATIONAL);
        DoubleSchemeSums sums = KernelCache.shared().schemeSums(spec, DoubleSchemeSums.class);
        assertSame(sums, KernelCache.shared().schemeSums(new SchemeSumSpec(Precision.DOUBLE, 128, RATIONAL), DoubleSchemeSums.class));
        double[] x = new double[8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sums.sum(RATIONAL.size(), x, 0, new int[] {0}, x, 0, 1));
        assertEquals("no such sum pattern", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sums.sum(-1, x, 0, new int[] {0}, x, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> KernelCache.shared().schemeSums(spec, FloatSchemeSums.class));
    }

    /** Copies, empty sums and sums over MAX_TERMS get no code; the largest class allowed stays under HotSpot's limit. */
    @Test
    void limitsKeepEveryMethodCompilable() {
        double[] tooLong = new double[SchemeSumSpec.MAX_TERMS + 1];
        java.util.Arrays.fill(tooLong, 1);
        SchemeSumSpec spec = SchemeSumSpec.of(Precision.DOUBLE, 512,
                List.of(new double[] {1}, new double[0], tooLong, new double[] {-1}, new double[] {1, 1}, new double[] {-1}));
        assertEquals(List.of(List.of(-1.0), List.of(1.0, 1.0)), spec.patterns());
        assertEquals(-1, spec.patternOf(new double[] {1}));
        assertEquals(-1, spec.patternOf(tooLong));
        assertEquals(1, spec.patternOf(new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> new SchemeSumSpec(Precision.DOUBLE, 512, List.of(List.of(1.0))));
        assertThrows(IllegalArgumentException.class,
                () -> new SchemeSumSpec(Precision.DOUBLE, 512, List.of(List.of(1.0, 0.0))));

        List<double[]> largest = new ArrayList<>();
        for (int p = 0; p < SchemeSumSpec.MAX_PATTERNS + 10; p++) {
            double[] pattern = new double[SchemeSumSpec.MAX_TERMS];
            java.util.Arrays.fill(pattern, 0.75);
            pattern[p % pattern.length] = -0.5 - p;
            largest.add(pattern);
        }
        for (Precision precision : Precision.values()) {
            SchemeSumSpec big = SchemeSumSpec.of(precision, 512, largest);
            assertEquals(SchemeSumSpec.MAX_PATTERNS, big.patterns().size(), "patterns past the limit stay interpretive");
            assertEquals(-1, big.patternOf(largest.get(SchemeSumSpec.MAX_PATTERNS)));
            BytecodeBackend.ClassFile file = BytecodeBackend.generate(SchemeSums.build(big));
            assertTrue(file.largestMethodBytes() < BytecodeBackend.HUGE_METHOD_LIMIT, file.methodBytes().toString());
            assertEquals(Collections.max(file.methodBytes().values()), file.largestMethodBytes());
        }
    }
}
