package dev.jfmm.kernel;

/**
 * A fast scheme's A and B sums as generated code, in double (see {@link SchemeSumSpec} and
 * {@link SchemeSums}): pattern p of the spec, coefficients c_0 .. c_{T-1}, sets
 * {@code dst[dstIndex + j] = c_0 * src[srcIndex + offsets[0] + j] + ... + c_{T-1} * src[srcIndex + offsets[T-1] + j]}
 * for j < count, summed left to right, the bits those of the same terms added one after another in
 * scalar code.
 */
public interface DoubleSchemeSums {

    /** @throws IllegalArgumentException for a pattern the class was not generated for */
    void sum(int pattern, double[] src, int srcIndex, int[] offsets, double[] dst, int dstIndex, int count);
}
