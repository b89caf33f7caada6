package dev.jfmm.kernel;

/** {@link DoubleSchemeSums} in float; the coefficients are rounded to float. */
public interface FloatSchemeSums {

    /** @throws IllegalArgumentException for a pattern the class was not generated for */
    void sum(int pattern, float[] src, int srcIndex, int[] offsets, float[] dst, int dstIndex, int count);
}
