package dev.jfmm.gemm;

/**
 * The plain triple loop, the oracle every test and {@code jfmm multiply} compare against. Each element
 * is one dot product accumulated in double (also for float, so the oracle is at least as accurate as
 * what it checks), then {@code alpha * sum + beta * c}, with beta == 0 not reading C.
 * Deliberately simple and slow: nothing here may be clever.
 */
public final class ReferenceGemm implements GemmBackend {

    public static final ReferenceGemm INSTANCE = new ReferenceGemm();

    private ReferenceGemm() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c) {
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0;
                for (int p = 0; p < s.k(); p++) {
                    sum += a[s.a(i, p)] * b[s.b(p, j)];
                }
                int ci = s.c(i, j);
                c[ci] = beta == 0 ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    @Override
    public void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c) {
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0;
                for (int p = 0; p < s.k(); p++) {
                    sum += (double) a[s.a(i, p)] * b[s.b(p, j)];
                }
                int ci = s.c(i, j);
                c[ci] = (float) (beta == 0 ? alpha * sum : alpha * sum + beta * (double) c[ci]);
            }
        }
    }
}
