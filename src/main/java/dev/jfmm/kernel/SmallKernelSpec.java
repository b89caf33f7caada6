package dev.jfmm.kernel;

/**
 * A small-shape kernel: C (rows x n) = alpha * A (rows x k) * B (k x n) + beta * C straight from the
 * caller's arrays, without packing, with n and k baked in (LIBXSMM's idea). Rows come in blocks of
 * {@link #mr()} (method {@code rows}) and one final block of {@code fringeRows} (method {@code fringe}),
 * so one kernel serves every m with the same remainder.
 *
 * <p>The plan is derived from n: vectors of the narrowest species that holds a row of B (at least
 * 128 bits, at most {@code maxVectorBits}), several when a row is wider; as many rows per block as keep
 * about 16 accumulators busy. When n does not fill the last vector ({@link #partial()}), B must come
 * with a row stride of whole vectors (the driver copies it so), and the last vector of each row goes
 * to a tile the driver merges: masked loads and stores would make the methods too big for C1.
 *
 * @param precision     element type
 * @param maxVectorBits the widest species the machine has
 * @param n             columns of B and C
 * @param k             depth
 * @param fringeRows    rows of the final block, below {@link #mr()}
 * @param strides       strides baked into the kernel as constants, or null when they come with each call
 */
public record SmallKernelSpec(Precision precision, int maxVectorBits, int n, int k, int fringeRows, Strides strides) {

    /**
     * The strides of a planned product (A's row and column strides, B's and C's row strides, in elements),
     * baked into its kernel: with constant index arithmetic C2 folds the addresses and merges the range
     * checks of neighbouring elements, which at 4 x 4 is a third of the kernel's time. The kernel then
     * ignores the stride arguments of its calls.
     */
    public record Strides(int aRow, int aCol, int ldb, int ldc) {
        public Strides {
            if (aRow < 0 || aCol < 0 || ldb < 0 || ldc < 0) {
                throw new IllegalArgumentException("strides " + aRow + ", " + aCol + ", " + ldb + ", " + ldc
                        + " must not be negative");
            }
        }
    }

    /** The largest n and k a small kernel takes: past that, packing pays for itself. */
    public static final int MAX_DIMENSION = 32;
    private static final int ACCUMULATORS = 16;
    private static final int MIN_VECTOR_BITS = 128;

    /** A kernel that takes its strides with each call. */
    public SmallKernelSpec(Precision precision, int maxVectorBits, int n, int k, int fringeRows) {
        this(precision, maxVectorBits, n, k, fringeRows, null);
    }

    public SmallKernelSpec {
        if (precision == null) {
            throw new IllegalArgumentException("precision is null");
        }
        if (maxVectorBits < MIN_VECTOR_BITS || maxVectorBits > 512 || Integer.bitCount(maxVectorBits) != 1) {
            throw new IllegalArgumentException("maxVectorBits = " + maxVectorBits + " must be 128, 256 or 512");
        }
        if (n < 1 || n > MAX_DIMENSION || k < 1 || k > MAX_DIMENSION) {
            throw new IllegalArgumentException("n = " + n + " and k = " + k + " must be in [1, " + MAX_DIMENSION + "]");
        }
        if (fringeRows < 0 || fringeRows >= mr(precision, maxVectorBits, n)) {
            throw new IllegalArgumentException("fringeRows = " + fringeRows + " must be in [0, "
                    + mr(precision, maxVectorBits, n) + ")");
        }
    }

    /** The spec for an m x n x k product. */
    public static SmallKernelSpec forShape(Precision precision, int maxVectorBits, int m, int n, int k) {
        return new SmallKernelSpec(precision, maxVectorBits, n, k, m % mr(precision, maxVectorBits, n));
    }

    /** This kernel with the strides baked in (null: passed per call). */
    public SmallKernelSpec withStrides(Strides strides) {
        return new SmallKernelSpec(precision, maxVectorBits, n, k, fringeRows, strides);
    }

    /** Width of the species the kernel uses. */
    public int vectorBits() {
        return vectorBits(precision, maxVectorBits, n);
    }

    public int lanes() {
        return precision.lanes(vectorBits());
    }

    /** Vectors per row of C. */
    public int vectors() {
        return (n + lanes() - 1) / lanes();
    }

    /** Whether n leaves the last vector of a row partly empty. */
    public boolean partial() {
        return n % lanes() != 0;
    }

    /** Columns covered by whole vectors: those the kernel merges into C itself. */
    public int wholeColumns() {
        return n / lanes() * lanes();
    }

    /** Rows per full block. */
    public int mr() {
        return mr(precision, maxVectorBits, n);
    }

    /**
     * A stable name, e.g. "d512_small_n4_k4_f1" (n, k, fringe rows), with baked strides
     * "d512_small_n4_k4_f4_s4_1_4_4" (A's row and column strides, ldb, ldc).
     */
    public String key() {
        return (precision == Precision.DOUBLE ? "d" : "s") + maxVectorBits + "_small_n" + n + "_k" + k + "_f" + fringeRows
                + (strides == null ? "" : "_s" + strides.aRow() + "_" + strides.aCol() + "_" + strides.ldb() + "_" + strides.ldc());
    }

    private static int vectorBits(Precision precision, int maxVectorBits, int n) {
        int bits = MIN_VECTOR_BITS;
        while (bits < maxVectorBits && bits < n * precision.bits) {
            bits *= 2;
        }
        return bits;
    }

    private static int mr(Precision precision, int maxVectorBits, int n) {
        int lanes = precision.lanes(vectorBits(precision, maxVectorBits, n));
        int vectors = (n + lanes - 1) / lanes;
        return Math.max(1, Math.min(8, ACCUMULATORS / vectors));
    }
}
