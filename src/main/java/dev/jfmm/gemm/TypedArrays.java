package dev.jfmm.gemm;

import dev.jfmm.hw.VectorUnit;

/**
 * The array primitives the SIMD drivers ({@link BlisGemm}, {@link SmallGemm}) need, written once per
 * element type so the drivers' loops can be written once over X = double[] or float[]. Alpha and beta
 * travel as double; the float form rounds them to float first, as sgemm received them. Unit-stride
 * loops run in vectors ({@link VectorLoops}) where the Vector API is enabled.
 */
abstract sealed class TypedArrays<X> permits TypedArrays.Doubles, TypedArrays.Floats {

    static final TypedArrays<double[]> DOUBLES = new Doubles();
    static final TypedArrays<float[]> FLOATS = new Floats();

    /** Whether the unit-stride loops go to {@link VectorLoops}; when false that class is never loaded. */
    static final boolean VECTOR = VectorUnit.available();

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
     * of 1 or -1 adds or subtracts without a multiply; the first term with coefficient 1 is a copy.
     */
    final void addScaled(X src, int srcIndex, int srcRowStride, int srcColStride, int rows, int cols,
                         X dst, int dstIndex, int ldd, double coefficient, boolean first) {
        for (int r = 0; r < rows; r++) {
            int si = srcIndex + r * srcRowStride, di = dstIndex + r * ldd;
            if (srcColStride != 1 || coefficient != 1 && coefficient != -1) {
                axpy(src, si, srcColStride, dst, di, 1, cols, coefficient, first);
            } else if (first && coefficient == 1) {
                copy(src, si, 1, dst, di, 1, cols);
            } else if (first) {
                axpy(src, si, 1, dst, di, 1, cols, -1, true);
            } else {
                addOrSubtract(src, si, dst, di, cols, coefficient == 1);
            }
        }
    }

    /**
     * dst[di + j * dstStride] = (first ? 0 : dst[di + j * dstStride]) + coefficient * src[si + j * srcStride]
     * for j < count.
     */
    abstract void axpy(X src, int si, int srcStride, X dst, int di, int dstStride, int count, double coefficient,
                       boolean first);

    /** dst[di + j] += src[si + j] (add) or -= src[si + j] for j < count: no multiply. */
    abstract void addOrSubtract(X src, int si, X dst, int di, int count, boolean add);

    /** Whether every element x[index + r * rowStride + j * colStride], r < rows, j < cols, is finite. */
    final boolean allFinite(X x, int index, int rowStride, int colStride, int rows, int cols) {
        if (colStride > rowStride) { // a transposed view: scan it in memory order
            return allFinite(x, index, colStride, rowStride, cols, rows);
        }
        for (int r = 0; r < rows; r++) {
            if (!finite(x, index + r * rowStride, colStride, cols)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether x[index + j * stride] is finite for every j < count. Implementations add x * 0 (0 for finite
     * x, NaN for Inf and NaN: no branch per element), in vectors at unit stride, else into four sums, since
     * one waits out an add's latency per element: perf put 158 samples in it against 288 with one sum (4096
     * Strassen on two threads, 8 runs), about 13 ms a call, near the speed of memory.
     */
    abstract boolean finite(X x, int index, int stride, int count);

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
                int ci = cIndex + r * ldc, ti = tileIndex + r * tileStride;
                if (VECTOR) {
                    VectorLoops.merge(tile, ti, c, ci, cols, alpha, beta);
                } else if (beta == 0) { // beta tested once per row, not per element
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] = tile[ti + j] * alpha;
                    }
                } else if (beta == 1) { // c * 1 is c exactly
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] += tile[ti + j] * alpha;
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] = c[ci + j] * beta + tile[ti + j] * alpha;
                    }
                }
            }
        }

        @Override
        void axpy(double[] src, int si, int srcStride, double[] dst, int di, int dstStride, int count,
                  double coefficient, boolean first) {
            if (srcStride == 1 && dstStride == 1) {
                if (VECTOR) {
                    VectorLoops.axpy(src, si, dst, di, count, coefficient, first);
                } else if (first) {
                    for (int j = 0; j < count; j++) {
                        dst[di + j] = coefficient * src[si + j];
                    }
                } else {
                    for (int j = 0; j < count; j++) {
                        dst[di + j] += coefficient * src[si + j];
                    }
                }
                return;
            }
            for (int j = 0; j < count; j++, si += srcStride, di += dstStride) {
                dst[di] = first ? coefficient * src[si] : dst[di] + coefficient * src[si];
            }
        }

        @Override
        void addOrSubtract(double[] src, int si, double[] dst, int di, int count, boolean add) {
            if (VECTOR) {
                VectorLoops.addOrSubtract(src, si, dst, di, count, add);
            } else if (add) {
                for (int j = 0; j < count; j++) {
                    dst[di + j] += src[si + j];
                }
            } else {
                for (int j = 0; j < count; j++) {
                    dst[di + j] -= src[si + j];
                }
            }
        }

        @Override
        boolean finite(double[] x, int index, int stride, int count) {
            if (stride == 1 && VECTOR) {
                return VectorLoops.finite(x, index, count);
            }
            double zero0 = 0, zero1 = 0, zero2 = 0, zero3 = 0;
            int j = 0;
            for (; j + 3 < count; j += 4, index += 4 * stride) {
                zero0 += x[index] * 0;
                zero1 += x[index + stride] * 0;
                zero2 += x[index + 2 * stride] * 0;
                zero3 += x[index + 3 * stride] * 0;
            }
            for (; j < count; j++, index += stride) {
                zero0 += x[index] * 0;
            }
            return zero0 + zero1 + zero2 + zero3 == 0;
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
                int ci = cIndex + r * ldc, ti = tileIndex + r * tileStride;
                if (VECTOR) {
                    VectorLoops.merge(tile, ti, c, ci, cols, fa, fb);
                } else if (fb == 0) { // beta tested once per row, not per element
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] = tile[ti + j] * fa;
                    }
                } else if (fb == 1) { // c * 1 is c exactly
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] += tile[ti + j] * fa;
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        c[ci + j] = c[ci + j] * fb + tile[ti + j] * fa;
                    }
                }
            }
        }

        @Override
        void axpy(float[] src, int si, int srcStride, float[] dst, int di, int dstStride, int count,
                  double coefficient, boolean first) {
            float w = (float) coefficient;
            if (srcStride == 1 && dstStride == 1) {
                if (VECTOR) {
                    VectorLoops.axpy(src, si, dst, di, count, w, first);
                } else if (first) {
                    for (int j = 0; j < count; j++) {
                        dst[di + j] = w * src[si + j];
                    }
                } else {
                    for (int j = 0; j < count; j++) {
                        dst[di + j] += w * src[si + j];
                    }
                }
                return;
            }
            for (int j = 0; j < count; j++, si += srcStride, di += dstStride) {
                dst[di] = first ? w * src[si] : dst[di] + w * src[si];
            }
        }

        @Override
        void addOrSubtract(float[] src, int si, float[] dst, int di, int count, boolean add) {
            if (VECTOR) {
                VectorLoops.addOrSubtract(src, si, dst, di, count, add);
            } else if (add) {
                for (int j = 0; j < count; j++) {
                    dst[di + j] += src[si + j];
                }
            } else {
                for (int j = 0; j < count; j++) {
                    dst[di + j] -= src[si + j];
                }
            }
        }

        @Override
        boolean finite(float[] x, int index, int stride, int count) {
            if (stride == 1 && VECTOR) {
                return VectorLoops.finite(x, index, count);
            }
            float zero0 = 0, zero1 = 0, zero2 = 0, zero3 = 0;
            int j = 0;
            for (; j + 3 < count; j += 4, index += 4 * stride) {
                zero0 += x[index] * 0;
                zero1 += x[index + stride] * 0;
                zero2 += x[index + 2 * stride] * 0;
                zero3 += x[index + 3 * stride] * 0;
            }
            for (; j < count; j++, index += stride) {
                zero0 += x[index] * 0;
            }
            return zero0 + zero1 + zero2 + zero3 == 0;
        }
    }
}
