package dev.jfmm.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unit-stride loops of {@link TypedArrays} in the preferred vector species. C2 does not vectorize
 * them as plain loops: source and destination are arrays of one type at offsets it cannot tell apart, so
 * it must assume they overlap. A fast scheme's merges into C ran at about 10 GB/s that way, 24 GB/s in
 * vectors, and took 13% of a two-level Strassen product in float (AMD EPYC, 2026-12-03). Every lane does
 * what the scalar loop does to that element (IEEE multiply and add, no FMA), so the bits are the same.
 * Loaded only where the Vector API is enabled ({@link TypedArrays#VECTOR}).
 */
final class VectorLoops {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorLoops() {
    }

    /** c[ci + j] = t[ti + j] * alpha + c[ci + j] * beta for j < count; beta 0 does not read c, beta 1 does not multiply. */
    static void merge(double[] t, int ti, double[] c, int ci, int count, double alpha, double beta) {
        int j = 0, bound = DOUBLES.loopBound(count);
        if (beta == 0) {
            for (; j < bound; j += DOUBLES.length()) {
                DoubleVector.fromArray(DOUBLES, t, ti + j).mul(alpha).intoArray(c, ci + j);
            }
            for (; j < count; j++) {
                c[ci + j] = t[ti + j] * alpha;
            }
        } else if (beta == 1) {
            for (; j < bound; j += DOUBLES.length()) {
                DoubleVector.fromArray(DOUBLES, c, ci + j).add(DoubleVector.fromArray(DOUBLES, t, ti + j).mul(alpha))
                        .intoArray(c, ci + j);
            }
            for (; j < count; j++) {
                c[ci + j] += t[ti + j] * alpha;
            }
        } else {
            for (; j < bound; j += DOUBLES.length()) {
                DoubleVector.fromArray(DOUBLES, c, ci + j).mul(beta)
                        .add(DoubleVector.fromArray(DOUBLES, t, ti + j).mul(alpha)).intoArray(c, ci + j);
            }
            for (; j < count; j++) {
                c[ci + j] = c[ci + j] * beta + t[ti + j] * alpha;
            }
        }
    }

    /** As {@link #merge(double[], int, double[], int, int, double, double)}, in float. */
    static void merge(float[] t, int ti, float[] c, int ci, int count, float alpha, float beta) {
        int j = 0, bound = FLOATS.loopBound(count);
        if (beta == 0) {
            for (; j < bound; j += FLOATS.length()) {
                FloatVector.fromArray(FLOATS, t, ti + j).mul(alpha).intoArray(c, ci + j);
            }
            for (; j < count; j++) {
                c[ci + j] = t[ti + j] * alpha;
            }
        } else if (beta == 1) {
            for (; j < bound; j += FLOATS.length()) {
                FloatVector.fromArray(FLOATS, c, ci + j).add(FloatVector.fromArray(FLOATS, t, ti + j).mul(alpha))
                        .intoArray(c, ci + j);
            }
            for (; j < count; j++) {
                c[ci + j] += t[ti + j] * alpha;
            }
        } else {
            for (; j < bound; j += FLOATS.length()) {
                FloatVector.fromArray(FLOATS, c, ci + j).mul(beta)
                        .add(FloatVector.fromArray(FLOATS, t, ti + j).mul(alpha)).intoArray(c, ci + j);
            }
            for (; j < count; j++) {
                c[ci + j] = c[ci + j] * beta + t[ti + j] * alpha;
            }
        }
    }

    /** dst[di + j] = coefficient * src[si + j] (first) or dst[di + j] + coefficient * src[si + j], j < count. */
    static void axpy(double[] src, int si, double[] dst, int di, int count, double coefficient, boolean first) {
        merge(src, si, dst, di, count, coefficient, first ? 0 : 1);
    }

    /** As {@link #axpy(double[], int, double[], int, int, double, boolean)}, in float. */
    static void axpy(float[] src, int si, float[] dst, int di, int count, float coefficient, boolean first) {
        merge(src, si, dst, di, count, coefficient, first ? 0 : 1);
    }

    /** dst[di + j] += src[si + j] (add) or -= src[si + j], j < count. */
    static void addOrSubtract(double[] src, int si, double[] dst, int di, int count, boolean add) {
        int j = 0, bound = DOUBLES.loopBound(count);
        for (; j < bound; j += DOUBLES.length()) {
            DoubleVector d = DoubleVector.fromArray(DOUBLES, dst, di + j), s = DoubleVector.fromArray(DOUBLES, src, si + j);
            (add ? d.add(s) : d.sub(s)).intoArray(dst, di + j);
        }
        for (; j < count; j++) {
            dst[di + j] = add ? dst[di + j] + src[si + j] : dst[di + j] - src[si + j];
        }
    }

    /** As {@link #addOrSubtract(double[], int, double[], int, int, boolean)}, in float. */
    static void addOrSubtract(float[] src, int si, float[] dst, int di, int count, boolean add) {
        int j = 0, bound = FLOATS.loopBound(count);
        for (; j < bound; j += FLOATS.length()) {
            FloatVector d = FloatVector.fromArray(FLOATS, dst, di + j), s = FloatVector.fromArray(FLOATS, src, si + j);
            (add ? d.add(s) : d.sub(s)).intoArray(dst, di + j);
        }
        for (; j < count; j++) {
            dst[di + j] = add ? dst[di + j] + src[si + j] : dst[di + j] - src[si + j];
        }
    }

    /** Whether x[index + j] is finite for every j < count: x * 0 is 0 for finite x and NaN otherwise. */
    static boolean finite(double[] x, int index, int count) {
        int j = 0, bound = DOUBLES.loopBound(count);
        DoubleVector zeros = DoubleVector.zero(DOUBLES);
        for (; j < bound; j += DOUBLES.length()) {
            zeros = zeros.add(DoubleVector.fromArray(DOUBLES, x, index + j).mul(0.0));
        }
        double zero = zeros.reduceLanes(VectorOperators.ADD);
        for (; j < count; j++) {
            zero += x[index + j] * 0;
        }
        return zero == 0;
    }

    /** As {@link #finite(double[], int, int)}, in float. */
    static boolean finite(float[] x, int index, int count) {
        int j = 0, bound = FLOATS.loopBound(count);
        FloatVector zeros = FloatVector.zero(FLOATS);
        for (; j < bound; j += FLOATS.length()) {
            zeros = zeros.add(FloatVector.fromArray(FLOATS, x, index + j).mul(0.0f));
        }
        float zero = zeros.reduceLanes(VectorOperators.ADD);
        for (; j < count; j++) {
            zero += x[index + j] * 0;
        }
        return zero == 0;
    }
}
