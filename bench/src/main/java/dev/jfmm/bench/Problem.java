package dev.jfmm.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One benchmark input: row-major A (m x k), B (k x n) and the output C (m x n), in double or float.
 * The inputs depend only on the shape and precision, so every library and every forked JVM multiplies
 * exactly the same numbers (uniform in [-1, 1)).
 */
final class Problem {

    final Shape shape;
    final boolean single;
    final double[] ad, bd, cd;
    final float[] af, bf, cf;

    Problem(Shape shape, String precision) {
        this.shape = shape;
        this.single = switch (precision) {
            case "double" -> false;
            case "float" -> true;
            default -> throw new IllegalArgumentException("precision must be double or float, got " + precision);
        };
        SplittableRandom random = new SplittableRandom(31L * shape.m() + 17L * shape.k() + shape.n());
        int sizeA = shape.m() * shape.k(), sizeB = shape.k() * shape.n(), sizeC = shape.m() * shape.n();
        if (single) {
            af = new float[sizeA];
            bf = new float[sizeB];
            cf = new float[sizeC];
            for (int i = 0; i < sizeA; i++) af[i] = (float) random.nextDouble(-1, 1);
            for (int i = 0; i < sizeB; i++) bf[i] = (float) random.nextDouble(-1, 1);
            ad = bd = cd = null;
        } else {
            ad = random.doubles(sizeA, -1, 1).toArray();
            bd = random.doubles(sizeB, -1, 1).toArray();
            cd = new double[sizeC];
            af = bf = cf = null;
        }
    }

    String precision() {
        return single ? "float" : "double";
    }

    /** Fills C with NaN, so a library that leaves part of C unwritten fails the cross-check. */
    void poisonC() {
        if (single) Arrays.fill(cf, Float.NaN);
        else Arrays.fill(cd, Double.NaN);
    }

    double a(int i) {
        return single ? af[i] : ad[i];
    }

    double b(int i) {
        return single ? bf[i] : bd[i];
    }

    double c(int i) {
        return single ? cf[i] : cd[i];
    }

    /** A copy of C widened to double. */
    double[] copyC() {
        double[] copy = new double[shape.m() * shape.n()];
        for (int i = 0; i < copy.length; i++) copy[i] = c(i);
        return copy;
    }

    /** Unit roundoff of the precision. */
    double eps() {
        return single ? Math.ulp(1.0f) / 2 : Math.ulp(1.0) / 2;
    }
}
