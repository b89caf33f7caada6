package dev.jfmm.gemm;

import dev.jfmm.kernel.DoubleSchemeSums;
import dev.jfmm.kernel.FloatSchemeSums;
import dev.jfmm.kernel.KernelCache;
import dev.jfmm.kernel.Precision;
import dev.jfmm.kernel.SchemeSumSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A flattened scheme's A and B sums as generated code ({@link dev.jfmm.kernel.SchemeSums}, from the
 * kernel cache), in both precisions, and per product the pattern its A sum and its B sum use (-1: no
 * generated code, a plain copy or a sum over the size limits, which the interpretive sums form).
 */
record GeneratedSums(DoubleSchemeSums doubles, FloatSchemeSums floats, int[] aPattern, int[] bPattern) {

    /**
     * The sums whose coefficients are uCoefficients[r] (A's, per product r) and vCoefficients[r] (B's),
     * in vectors as wide as the micro-kernel's (at least 128 bits, which every Vector API platform runs).
     */
    static GeneratedSums of(double[][] uCoefficients, double[][] vCoefficients, int vectorBits) {
        List<double[]> sums = new ArrayList<>(Arrays.asList(uCoefficients));
        sums.addAll(Arrays.asList(vCoefficients));
        SchemeSumSpec d = SchemeSumSpec.of(Precision.DOUBLE, Math.max(128, vectorBits), sums);
        SchemeSumSpec f = new SchemeSumSpec(Precision.FLOAT, d.vectorBits(), d.patterns());
        KernelCache cache = KernelCache.shared();
        return new GeneratedSums(cache.schemeSums(d, DoubleSchemeSums.class), cache.schemeSums(f, FloatSchemeSums.class),
                Arrays.stream(uCoefficients).mapToInt(d::patternOf).toArray(),
                Arrays.stream(vCoefficients).mapToInt(d::patternOf).toArray());
    }
}
