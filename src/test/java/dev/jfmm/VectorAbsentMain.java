package dev.jfmm;

import java.io.PrintWriter;
import java.util.SplittableRandom;

/**
 * Run by {@link VectorAbsentTest} in a JVM started without jdk.incubator.vector: multiplies twice
 * (the warning must appear once), checks the products against a plain triple loop, runs
 * {@code jfmm info}, and prints what it saw. Exits 0 only if all products were right.
 */
public final class VectorAbsentMain {

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(3);
        int m = 37, n = 29, k = 41;
        boolean ok = true;
        for (int round = 0; round < 2; round++) {
            double[] a = random.ints(m * k, -5, 6).asDoubleStream().toArray();
            double[] b = random.ints(k * n, -5, 6).asDoubleStream().toArray();
            double[] c = Jfmm.multiply(a, b, m, k, n);
            float[] cf = Jfmm.multiply(BlasCase.toFloat(a), BlasCase.toFloat(b), m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[i * k + p] * b[p * n + j];
                    }
                    ok &= c[i * n + j] == sum && cf[i * n + j] == sum;
                }
            }
        }
        System.out.println("vectorApiEnabled=" + Jfmm.vectorApiEnabled());
        System.out.println("backend=" + Jfmm.backend());
        System.out.println("lastBackend=" + Jfmm.lastBackend());
        System.out.println("products=" + (ok ? "correct" : "WRONG"));
        int info = dev.jfmm.cli.Main.run(new String[] {"info"}, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
        System.out.println("info exit=" + info);
        System.exit(ok && info == 0 ? 0 : 1);
    }
}
