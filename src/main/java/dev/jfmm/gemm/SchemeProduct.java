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
 *
 * <p>With {@code clip} not null, the blocks are padded: a block of a matrix whose size the grid does not
 * divide reaches past the matrix's edge, and only its first rows and columns given by {@link Clip} are
 * read (the rest counts as zero) or written.
 */
record SchemeProduct(int[] aOffsets, double[] aCoefficients, int[] bOffsets, double[] bCoefficients,
                     int[] cOffsets, double[] cWeights, double[] cBetas, GeneratedSums sums, int aPattern,
                     int bPattern, IdleThreads helpers, Clip clip) {

    SchemeProduct(int[] aOffsets, double[] aCoefficients, int[] bOffsets, double[] bCoefficients, int[] cOffsets,
                  double[] cWeights, double[] cBetas, GeneratedSums sums, int aPattern, int bPattern) {
        this(aOffsets, aCoefficients, bOffsets, bCoefficients, cOffsets, cWeights, cBetas, sums, aPattern, bPattern,
                null, null);
    }

    /**
     * How much of each padded block lies inside its matrix: rows and columns of A term t (aRows[t],
     * aCols[t]), of B term t, and of C block d, each between 0 and the block's size.
     */
    record Clip(int[] aRows, int[] aCols, int[] bRows, int[] bCols, int[] cRows, int[] cCols) {

        /** Columns [from, from + count) of a row that term t has inside its matrix (0 past its last row). */
        static int inside(int[] rows, int[] cols, int t, int row, int from, int count) {
            return row >= rows[t] ? 0 : Math.max(0, Math.min(count, cols[t] - from));
        }

        /** Whether every term has all of rows [row, row + rowCount) and columns [col, col + colCount). */
        static boolean covers(int[] rows, int[] cols, int row, int rowCount, int col, int colCount) {
            for (int t = 0; t < rows.length; t++) {
                if (rows[t] < row + rowCount || cols[t] < col + colCount) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether packing A's rows [row, row + rows) and columns [col, col + cols) reaches past a padded term's edge. */
    boolean clipsA(int row, int rows, int col, int cols) {
        return clip != null && !Clip.covers(clip.aRows(), clip.aCols(), row, rows, col, cols);
    }

    /** Whether packing B's rows [row, row + rows) and columns [col, col + cols) reaches past a padded term's edge. */
    boolean clipsB(int row, int rows, int col, int cols) {
        return clip != null && !Clip.covers(clip.bRows(), clip.bCols(), row, rows, col, cols);
    }

    /** The same product, its row blocks offered to {@code helpers}. */
    SchemeProduct helpedBy(IdleThreads helpers) {
        return new SchemeProduct(aOffsets, aCoefficients, bOffsets, bCoefficients, cOffsets, cWeights, cBetas, sums,
                aPattern, bPattern, helpers, clip);
    }

    /** The same product on padded blocks, clipped to the matrices' edges. */
    SchemeProduct clippedTo(Clip clip) {
        return new SchemeProduct(aOffsets, aCoefficients, bOffsets, bCoefficients, cOffsets, cWeights, cBetas, sums,
                aPattern, bPattern, helpers, clip);
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
