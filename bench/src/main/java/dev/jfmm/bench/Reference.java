package dev.jfmm.bench;

/** The plain reference: a naive triple loop, nothing else. Too slow past {@link #MAX_DIM}. */
final class Reference {

    static final int MAX_DIM = 1024;

    private Reference() {
    }

    static void multiply(Problem p) {
        int m = p.shape.m(), k = p.shape.k(), n = p.shape.n();
        if (p.single) {
            float[] a = p.af, b = p.bf, c = p.cf;
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, i * n, i * n + n, 0f);
                for (int l = 0; l < k; l++) {
                    float ail = a[i * k + l];
                    for (int j = 0; j < n; j++) c[i * n + j] += ail * b[l * n + j];
                }
            }
        } else {
            double[] a = p.ad, b = p.bd, c = p.cd;
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, i * n, i * n + n, 0.0);
                for (int l = 0; l < k; l++) {
                    double ail = a[i * k + l];
                    for (int j = 0; j < n; j++) c[i * n + j] += ail * b[l * n + j];
                }
            }
        }
    }
}
