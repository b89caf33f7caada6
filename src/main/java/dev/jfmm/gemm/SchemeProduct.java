package dev.jfmm.gemm;

/**
 * One product of a fast scheme as the packed GEMM runs it with its sums fused in: on a block-sized
 * {@link GemmShape}, the left operand is sum_t aCoefficients[t] * A(aOffsets[t] + ...), the right one
 * sum_t bCoefficients[t] * B(bOffsets[t] + ...), both formed while packing, and the product M is
 * scattered from the micro-kernel's tile into each C block d as C_d = alpha * cWeights[d] * M +
 * cBetas[d] * C_d. Offsets are added to the shape's own A, B and C offsets. A plain product is the
 * one-term case ({@link #plain}).
 *
 * <p>With {@code sums} not null, the A sum is pattern {@code aPattern} of that generated code and the B
 * sum pattern {@code bPattern} (-1: none), which packing runs where it reads unit strides; it gives
 * the same bits as the coefficients read term by term.
 *
 * <p>With {@code helpers} not null (a product run on one thread of a {@link ProductSchedule}), the
 * packed GEMM run on one thread offers the row blocks of each packed B block to them.
 */
record SchemeProduct(int[] aOffsets, double[] aCoefficients, int[] bOffsets, double[] bCoefficients,
                     int[] cOffsets, double[] cWeights, double[] cBetas, GeneratedSums sums, int aPattern,
                     int bPattern, IdleThreads helpers) {

    SchemeProduct(int[] aOffsets, double[] aCoefficients, int[] bOffsets, double[] bCoefficients, int[] cOffsets,
                  double[] cWeights, double[] cBetas, GeneratedSums sums, int aPattern, int bPattern) {
        this(aOffsets, aCoefficients, bOffsets, bCoefficients, cOffsets, cWeights, cBetas, sums, aPattern, bPattern,
                null);
    }

    /** The same product, its row blocks offered to {@code helpers}. */
    SchemeProduct helpedBy(IdleThreads helpers) {
        return new SchemeProduct(aOffsets, aCoefficients, bOffsets, bCoefficients, cOffsets, cWeights, cBetas, sums,
                aPattern, bPattern, helpers);
    }

    private static final SchemeProduct BETA_0 = single(0), BETA_1 = single(1);

    /** C = alpha * A * B + beta * C: one term everywhere (the two common betas are shared, not allocated). */
    static SchemeProduct plain(double beta) {
        return beta == 0 ? BETA_0 : beta == 1 ? BETA_1 : single(beta);
    }

    private static SchemeProduct single(double beta) {
        int[] none = {0};
        double[] one = {1};
        return new SchemeProduct(none, one, none, one, none, one, new double[] {beta}, null, -1, -1);
    }
}
