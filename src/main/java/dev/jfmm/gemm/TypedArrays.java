package dev.jfmm.gemm;

/**
 * The array primitives the SIMD drivers ({@link BlisGemm}, {@link SmallGemm}) need, written once per
 * element type so the drivers' loops can be written once over X = double[] or float[]. Alpha and beta
 * travel as double; the float form rounds them to float first, as sgemm received them.
 */
abstract sealed class TypedArrays<X> permits TypedArrays.Doubles, TypedArrays.Floats {

    static final TypedArrays<double[]> DOUBLES = new Doubles();
    static final TypedArrays<float[]> FLOATS = new Floats();

    abstract X allocate(int length);

    abstract int elementBytes();

    abstract int length(X array);

    /** dst[dstIndex + i * dstStride] = src[srcIndex + i * srcStride] for i < count. */
    abstract void copy(X src, int srcIndex, int srcStride, X dst, int dstIndex, int dstStride, int count);

    /** dst[index + i * stride] = 0 for i < count. */
    abstract void zero(X dst, int index, int stride, int count);

    /**
     * C(r, j) = T(r, j) * alpha + C(r, j) * beta for r < rows, j < cols, where C(r, j) is
     * c[cIndex + r * ldc + j] and T(r, j) is tile[tileIndex + r * tileStride + j]; beta == 0 does not
     * read C. The same operations, in the same order, as a generated kernel's vector merge.
     */
    abstract void merge(X tile, int tileIndex, int tileStride, int rows, int cols, X c, int cIndex, int ldc,
                        double alpha, double beta);

    /**
     * D(r, j) = coefficient * S(r, j) (when {@code first}) or D(r, j) + coefficient * S(r, j), for r < rows,
     * j < cols, where S(r, j) is src[srcIndex + r * srcRowStride + j * srcColStride] and D(r, j) is
     * dst[dstIndex + r * ldd + j]: one term of a fast scheme's linear combination of blocks. A coefficient
     * of 1 or -1 adds or subtracts without a multiply.
     */
    abstract void addScaled(X src, int srcIndex, int srcRowStride, int srcColStride, int rows, int cols,
                            X dst, int dstIndex, int ldd, double coefficient, boolean first);

    /** Whether every element x[index + r * rowStride + j * colStride], r < rows, j < cols, is finite. */
    abstract boolean allFinite(X x, int index, int rowStride, int colStride, int rows, int cols);

    static final class Doubles extends TypedArrays<double[]> {
        @Override
        int elementBytes() {
            return Double.BYTES;
        }

        @Override
        double[] allocate(int length) {
            return new double[length];
        }

        @Override
        int length(double[] array) {
            return array.length;
        }

        @Override
        void copy(double[] src, int srcIndex, int srcStride, double[] dst, int dstIndex, int dstStride, int count) {
            if (srcStride == 1 && dstStride == 1) {
                System.arraycopy(src, srcIndex, dst, dstIndex, count);
                return;
            }
            for (int i = 0; i < count; i++, srcIndex += srcStride, dstIndex += dstStride) {
                dst[dstIndex] = src[srcIndex];
            }
        }

        @Override
        void zero(double[] dst, int index, int stride, int count) {
            for (int i = 0; i < count; i++, index += stride) {
                dst[index] = 0;
            }
        }

        @Override
        void merge(double[] tile, int tileIndex, int tileStride, int rows, int cols, double[] c, int cIndex, int ldc,
                   double alpha, double beta) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0, ci = cIndex + r * ldc, ti = tileIndex + r * tileStride; j < cols; j++, ci++, ti++) {
                    c[ci] = beta == 0 ? tile[ti] * alpha : c[ci] * beta + tile[ti] * alpha;
                }
            }
        }

        @Override
        void addScaled(double[] src, int srcIndex, int srcRowStride, int srcColStride, int rows, int cols,
                       double[] dst, int dstIndex, int ldd, double coefficient, boolean first) {
            double w = (double) coefficient;
            for (int r = 0; r < rows; r++) {
                int si = srcIndex + r * srcRowStride, di = dstIndex + r * ldd;
                if (srcColStride != 1) {
                    for (int j = 0; j < cols; j++, si += srcColStride, di++) {
                        dst[di] = first ? w * src[si] : dst[di] + w * src[si];
                    }
                } else if (first && w == 1) {
                    System.arraycopy(src, si, dst, di, cols);
                } else if (first) {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] = w * src[si + j];
                    }
                } else if (w == 1) {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] += src[si + j];
                    }
                } else if (w == -1) {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] -= src[si + j];
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] += w * src[si + j];
                    }
                }
            }
        }

        @Override
        boolean allFinite(double[] x, int index, int rowStride, int colStride, int rows, int cols) {
            // x * 0 is 0 for finite x and NaN for Inf or NaN: one sum per row, no branch per element.
            for (int r = 0; r < rows; r++) {
                double zero = 0;
                for (int j = 0, i = index + r * rowStride; j < cols; j++, i += colStride) {
                    zero += x[i] * 0;
                }
                if (zero != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Floats extends TypedArrays<float[]> {
        @Override
        int elementBytes() {
            return Float.BYTES;
        }

        @Override
        float[] allocate(int length) {
            return new float[length];
        }

        @Override
        int length(float[] array) {
            return array.length;
        }

        @Override
        void copy(float[] src, int srcIndex, int srcStride, float[] dst, int dstIndex, int dstStride, int count) {
            if (srcStride == 1 && dstStride == 1) {
                System.arraycopy(src, srcIndex, dst, dstIndex, count);
                return;
            }
            for (int i = 0; i < count; i++, srcIndex += srcStride, dstIndex += dstStride) {
                dst[dstIndex] = src[srcIndex];
            }
        }

        @Override
        void zero(float[] dst, int index, int stride, int count) {
            for (int i = 0; i < count; i++, index += stride) {
                dst[index] = 0;
            }
        }

        @Override
        void merge(float[] tile, int tileIndex, int tileStride, int rows, int cols, float[] c, int cIndex, int ldc,
                   double alpha, double beta) {
            float fa = (float) alpha, fb = (float) beta;
            for (int r = 0; r < rows; r++) {
                for (int j = 0, ci = cIndex + r * ldc, ti = tileIndex + r * tileStride; j < cols; j++, ci++, ti++) {
                    c[ci] = fb == 0 ? tile[ti] * fa : c[ci] * fb + tile[ti] * fa;
                }
            }
        }

        @Override
        void addScaled(float[] src, int srcIndex, int srcRowStride, int srcColStride, int rows, int cols,
                       float[] dst, int dstIndex, int ldd, double coefficient, boolean first) {
            float w = (float) coefficient;
            for (int r = 0; r < rows; r++) {
                int si = srcIndex + r * srcRowStride, di = dstIndex + r * ldd;
                if (srcColStride != 1) {
                    for (int j = 0; j < cols; j++, si += srcColStride, di++) {
                        dst[di] = first ? w * src[si] : dst[di] + w * src[si];
                    }
                } else if (first && w == 1) {
                    System.arraycopy(src, si, dst, di, cols);
                } else if (first) {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] = w * src[si + j];
                    }
                } else if (w == 1) {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] += src[si + j];
                    }
                } else if (w == -1) {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] -= src[si + j];
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        dst[di + j] += w * src[si + j];
                    }
                }
            }
        }

        @Override
        boolean allFinite(float[] x, int index, int rowStride, int colStride, int rows, int cols) {
            // x * 0 is 0 for finite x and NaN for Inf or NaN: one sum per row, no branch per element.
            for (int r = 0; r < rows; r++) {
                float zero = 0;
                for (int j = 0, i = index + r * rowStride; j < cols; j++, i += colStride) {
                    zero += x[i] * 0;
                }
                if (zero != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
