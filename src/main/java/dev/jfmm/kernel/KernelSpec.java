package dev.jfmm.kernel;

/**
 * What a generated micro-kernel is: precision, vector width, register tile and k-unroll. Equal specs
 * generate identical code, so the spec is the cache key, and {@link #key()} names it in class names,
 * emitted sources and profiles.
 *
 * @param precision  element type
 * @param vectorBits width of the Vector-API species the code is baked for (128, 256 or 512)
 * @param mr         rows of the register tile (broadcasts of packed A per k step)
 * @param nrVectors  columns of the register tile, in vectors (NR = nrVectors * lanes)
 * @param kUnroll    k steps per iteration of the main loop
 */
public record KernelSpec(Precision precision, int vectorBits, int mr, int nrVectors, int kUnroll) {

    public KernelSpec {
        if (precision == null) {
            throw new IllegalArgumentException("precision is null");
        }
        if (vectorBits != 64 && vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
            throw new IllegalArgumentException("vectorBits = " + vectorBits + " must be 64, 128, 256 or 512");
        }
        if (precision.lanes(vectorBits) < 1) {
            throw new IllegalArgumentException(vectorBits + "-bit vectors hold no " + precision.javaType);
        }
        if (mr < 1 || mr > 32) {
            throw new IllegalArgumentException("mr = " + mr + " must be in [1, 32]");
        }
        if (nrVectors < 1 || nrVectors > 8) {
            throw new IllegalArgumentException("nrVectors = " + nrVectors + " must be in [1, 8]");
        }
        if (mr * nrVectors > 32) {
            throw new IllegalArgumentException("an " + mr + " x " + nrVectors
                    + "-vector tile needs more than 32 accumulators, more than any vector register file");
        }
        if (kUnroll < 1 || kUnroll > 16) {
            throw new IllegalArgumentException("kUnroll = " + kUnroll + " must be in [1, 16]");
        }
    }

    /** The same kernel with a tile {@code vectors} vectors wide (a narrower one runs a matrix's last columns). */
    public KernelSpec withNrVectors(int vectors) {
        return new KernelSpec(precision, vectorBits, mr, vectors, kUnroll);
    }

    /** Lanes per vector. */
    public int lanes() {
        return precision.lanes(vectorBits);
    }

    /** Columns of the register tile. */
    public int nr() {
        return nrVectors * lanes();
    }

    /** A stable name, e.g. "d512_8x3v_u4": precision, bits, MR x NR-vectors, unroll. */
    public String key() {
        return (precision == Precision.DOUBLE ? "d" : "s") + vectorBits + "_" + mr + "x" + nrVectors + "v_u" + kUnroll;
    }
}
