package dev.jfmm.gemm;

/**
 * The path without the Vector API: row by row, C's row accumulates A(i, p) * B(p, :) for each p in a
 * per-thread buffer (an order the JIT can auto-vectorise when B's rows are contiguous), then
 * {@code alpha * row + beta * C}. Floats accumulate in float, as sgemm does.
 */
final class ScalarGemm implements GemmBackend {

    static final ScalarGemm INSTANCE = new ScalarGemm();

    private final ThreadLocal<double[]> doubleRow = ThreadLocal.withInitial(() -> new double[0]);
    private final ThreadLocal<float[]> floatRow = ThreadLocal.withInitial(() -> new float[0]);

    private ScalarGemm() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c) {
        double[] row = doubleRow.get();
        if (row.length < s.n()) {
            doubleRow.set(row = new double[s.n()]);
        }
        for (int i = 0; i < s.m(); i++) {
            java.util.Arrays.fill(row, 0, s.n(), 0.0);
            for (int p = 0; p < s.k(); p++) {
                double aip = a[s.a(i, p)];
                int bi = s.b(p, 0);
                for (int j = 0; j < s.n(); j++, bi += s.bColStride()) {
                    row[j] += aip * b[bi];
                }
            }
            int ci = s.c(i, 0);
            for (int j = 0; j < s.n(); j++) {
                c[ci + j] = beta == 0 ? alpha * row[j] : alpha * row[j] + beta * c[ci + j];
            }
        }
    }

    @Override
    public void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c) {
        float[] row = floatRow.get();
        if (row.length < s.n()) {
            floatRow.set(row = new float[s.n()]);
        }
        for (int i = 0; i < s.m(); i++) {
            java.util.Arrays.fill(row, 0, s.n(), 0f);
            for (int p = 0; p < s.k(); p++) {
                float aip = a[s.a(i, p)];
                int bi = s.b(p, 0);
                for (int j = 0; j < s.n(); j++, bi += s.bColStride()) {
                    row[j] += aip * b[bi];
                }
            }
            int ci = s.c(i, 0);
            for (int j = 0; j < s.n(); j++) {
                c[ci + j] = beta == 0 ? alpha * row[j] : alpha * row[j] + beta * c[ci + j];
            }
        }
    }
}
