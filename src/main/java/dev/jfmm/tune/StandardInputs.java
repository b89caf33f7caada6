package dev.jfmm.tune;

import dev.jfmm.Gemm;
import dev.jfmm.Layout;
import dev.jfmm.Transpose;
import dev.jfmm.gemm.GemmShape;
import dev.jfmm.gemm.ReferenceGemm;
import dev.jfmm.kernel.Precision;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The standard inputs every measurement runs on: A (m x k) and B (k x n), row-major, uniform in [-1, 1)
 * from a seed (rounded to float for float products, so the double oracle sees exactly what sgemm sees),
 * and the check of a result against the reference on them.
 *
 * <p>The error is componentwise: max over the checked C(i, j) of |C - R| / (|A| |B|)(i, j), the quantity
 * the classical bound k * eps limits. The reference recomputes {@code checkedRows} rows spread over C (all
 * of them when m is smaller), once, however many products are checked against it.
 */
public final class StandardInputs {

    /** The seed of the standard inputs. */
    public static final long SEED = 42;

    /**
     * One product on these inputs: run it, then read C back in double. All products of one instance write
     * the same C (a bench holds a product per configuration, and C can be 512 MB), so read a result before
     * running another product.
     */
    public interface Product extends Runnable {
        double[] resultAsDouble();
    }

    private final int m, n, k, checkedRows;
    private final Precision precision;
    private final double[] a, b;
    private double[] reference, magnitude;
    /** The inputs in float and the shared C, made when a product first needs them. */
    private float[] aFloat, bFloat, cFloat;
    private double[] cDouble;
    private double referenceGflops;

    private StandardInputs(int m, int n, int k, Precision precision, long seed, int checkedRows) {
        checkShape(m, n, k);
        this.m = m;
        this.n = n;
        this.k = k;
        this.precision = precision;
        this.checkedRows = Math.min(m, checkedRows);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = random.doubles((long) m * k, -1, 1).toArray();
        double[] y = random.doubles((long) k * n, -1, 1).toArray();
        this.a = precision == Precision.DOUBLE ? x : toDouble(toFloat(x));
        this.b = precision == Precision.DOUBLE ? y : toDouble(toFloat(y));
    }

    /**
     * Inputs for an m x n x k product from {@code seed}, checked on at most {@code checkedRows} rows.
     *
     * @throws IllegalArgumentException when a dimension is under 1 or a matrix would not fit a Java array
     */
    public static StandardInputs of(int m, int n, int k, Precision precision, long seed, int checkedRows) {
        return new StandardInputs(m, n, k, precision, seed, checkedRows);
    }

    private static void checkShape(int m, int n, int k) {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("m, n and k must be at least 1; got " + m + " x " + n + " x " + k);
        }
        for (long size : new long[] {(long) m * k, (long) k * n, (long) m * n}) {
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a " + m + " x " + n + " x " + k
                        + " product has a matrix larger than a Java array can hold");
            }
        }
    }

    /** 2 m n k: the flops of the classical product, the yardstick of effective GFLOP/s. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** A product C = A B on {@code gemm}, in this precision, into the C all products here share. */
    public Product product(Gemm gemm) {
        return precision == Precision.DOUBLE ? doubleProduct(gemm) : floatProduct(gemm);
    }

    private Product doubleProduct(Gemm gemm) {
        if (cDouble == null) {
            cDouble = new double[m * n];
        }
        double[] c = cDouble;
        return new Product() {
            @Override
            public void run() {
                gemm.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE,
                        m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n);
            }

            @Override
            public double[] resultAsDouble() {
                return c;
            }
        };
    }

    private Product floatProduct(Gemm gemm) {
        if (cFloat == null) {
            aFloat = toFloat(a);
            bFloat = toFloat(b);
            cFloat = new float[m * n];
        }
        float[] af = aFloat, bf = bFloat, c = cFloat;
        return new Product() {
            @Override
            public void run() {
                gemm.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE,
                        m, n, k, 1, af, 0, k, bf, 0, n, 0, c, 0, n);
            }

            @Override
            public double[] resultAsDouble() {
                return toDouble(c);
            }
        };
    }

    /** The max componentwise error of {@code product}'s last result against the reference, relative to |A| |B|. */
    public double maxError(Product product) {
        computeReference();
        double[] c = product.resultAsDouble();
        double maxError = 0;
        for (int r = 0; r < checkedRows; r++) {
            int i = row(r);
            for (int j = 0; j < n; j++) {
                double scale = magnitude[r * n + j] == 0 ? Double.MIN_NORMAL : magnitude[r * n + j];
                maxError = Math.max(maxError, Math.abs(c[i * n + j] - reference[r * n + j]) / scale);
            }
        }
        return maxError;
    }

    /** The plain triple loop's speed on the checked rows, one thread (it runs on the first check). */
    public double referenceGflops() {
        computeReference();
        return referenceGflops;
    }

    /** The classical error bound k * eps for these inputs. */
    public double classicalBound() {
        return k * precision.eps;
    }

    private int row(int r) {
        return (int) ((long) r * m / checkedRows);
    }

    private void computeReference() {
        if (reference != null) {
            return;
        }
        double[] absA = Arrays.stream(a).map(Math::abs).toArray();
        double[] absB = Arrays.stream(b).map(Math::abs).toArray();
        reference = new double[checkedRows * n];
        magnitude = new double[checkedRows * n];
        long nanos = 0;
        for (int r = 0; r < checkedRows; r++) {
            GemmShape row = new GemmShape(1, n, k, row(r) * k, k, 1, 0, n, 1, r * n, n);
            long t0 = System.nanoTime();
            ReferenceGemm.INSTANCE.dgemm(row, 1, a, b, 0, reference);
            nanos += System.nanoTime() - t0;
            ReferenceGemm.INSTANCE.dgemm(row, 1, absA, absB, 0, magnitude);
        }
        referenceGflops = 2.0 * checkedRows * n * k / Math.max(1, nanos);
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
