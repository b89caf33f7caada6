package dev.jfmm.gemm;

import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.hw.Profiles;
import java.util.Arrays;

/**
 * Routes a validated product to the backend: handles the cases no backend needs to see (empty C,
 * alpha == 0 or k == 0, which only scale C), decides how many threads the work is worth, and splits
 * rows between them (or, for a {@link ParallelGemmBackend}, lets it share the work out itself). Splitting rows never
 * changes a result: each element is computed by the same backend in the same order (see
 * {@link GemmBackend}), so results are bitwise identical for every thread count.
 */
public final class Dispatcher {

    /** Rows per thread are a multiple of this, so register tiles are not cut by the split. */
    private static final int ROW_GRAIN = 8;

    private final GemmBackend backend;
    private final HardwareProfile profile;
    /** Kept, so the profile's fast schemes are built once per dispatcher (each when a call first reaches it). */
    private final SchemeChoice choice;

    public Dispatcher(GemmBackend backend, HardwareProfile profile) {
        this.backend = backend;
        this.profile = profile;
        this.choice = new SchemeChoice(this); // reads only the two fields above
    }

    private static final class Default {
        static final Dispatcher VALUE = create();

        private static Dispatcher create() {
            HardwareProfile profile = Profiles.active();
            return new Dispatcher(Backends.select(profile), profile);
        }
    }

    /** The process-wide dispatcher, configured from the active hardware profile on first use. */
    public static Dispatcher get() {
        return Default.VALUE;
    }

    public GemmBackend backend() {
        return backend;
    }

    public HardwareProfile profile() {
        return profile;
    }

    /** The choice between this classical dispatcher and the profile's fast schemes, for calls that name no scheme. */
    public SchemeChoice choice() {
        return choice;
    }

    /** Runs the product on at most {@code threads} threads; returns the name of what ran. */
    public String dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c, int threads) {
        if (s.m() == 0 || s.n() == 0) {
            return "none";
        }
        if (alpha == 0 || s.k() == 0) {
            scale(s, beta, c);
            return "scale";
        }
        int parts = parts(s, threads);
        if (backend instanceof ParallelGemmBackend parallel) {
            parallel.dgemm(s, alpha, a, b, beta, c, parts);
        } else {
            int rows = rowsPerPart(s.m(), parts);
            WorkerPool.run(parts, t -> backend.dgemm(s.rows(t * rows, Math.min(s.m(), (t + 1) * rows)), alpha, a, b, beta, c));
        }
        return backend.lastRun();
    }

    /** As {@link #dgemm}, in float. */
    public String sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c, int threads) {
        if (s.m() == 0 || s.n() == 0) {
            return "none";
        }
        if (alpha == 0 || s.k() == 0) {
            scale(s, beta, c);
            return "scale";
        }
        int parts = parts(s, threads);
        if (backend instanceof ParallelGemmBackend parallel) {
            parallel.sgemm(s, alpha, a, b, beta, c, parts);
        } else {
            int rows = rowsPerPart(s.m(), parts);
            WorkerPool.run(parts, t -> backend.sgemm(s.rows(t * rows, Math.min(s.m(), (t + 1) * rows)), alpha, a, b, beta, c));
        }
        return backend.lastRun();
    }

    /** Whether the backend runs a scheme's products with their sums fused in ({@link #dgemm(GemmShape, SchemeProduct, double, double[], double[], double[], int)}). */
    /**
     * Products of s's dimensions and strides at any offsets, prepared by the backend (see
     * {@link GemmBackend#prepareDoubles}), or null where every call must go through {@link #dgemm}: the
     * degenerate shapes, a backend that prepares nothing, or more than one thread's work.
     */
    public PreparedProduct<double[]> prepareDoubles(GemmShape s, int threads) {
        return prepares(s, threads) ? backend.prepareDoubles(s) : null;
    }

    public PreparedProduct<float[]> prepareFloats(GemmShape s, int threads) {
        return prepares(s, threads) ? backend.prepareFloats(s) : null;
    }

    private boolean prepares(GemmShape s, int threads) {
        return s.m() > 0 && s.n() > 0 && s.k() > 0 && parts(s, threads) == 1;
    }

    boolean fuses() {
        return backend instanceof FusingGemmBackend;
    }

    /** The fusing backend's vector width; needs {@link #fuses()}. */
    int vectorBits() {
        return ((FusingGemmBackend) backend).vectorBits();
    }

    /** One fast-scheme product with its sums fused in, on at most {@code threads} threads; needs {@link #fuses()}. */
    void dgemm(GemmShape s, SchemeProduct product, double alpha, double[] a, double[] b, double[] c, int threads) {
        ((FusingGemmBackend) backend).dgemm(s, product, alpha, a, b, c, parts(s, threads));
    }

    /** As {@link #dgemm(GemmShape, SchemeProduct, double, double[], double[], double[], int)}, in float. */
    void sgemm(GemmShape s, SchemeProduct product, float alpha, float[] a, float[] b, float[] c, int threads) {
        ((FusingGemmBackend) backend).sgemm(s, product, alpha, a, b, c, parts(s, threads));
    }

    /** How many threads are worth it: at most the setting, at least minMultiplyAddsPerThread each. */
    int parts(GemmShape s, int threads) {
        if (threads == 1) {
            return 1; // before reading the profile: at 4 x 4 every load on the path shows
        }
        long perThread = Math.max(1, profile.gemm().minMultiplyAddsPerThread());
        if (s.multiplyAdds() < 2 * perThread) {
            return 1; // without the divisions below: they would cost more than a 4 x 4 product
        }
        long byWork = Math.max(1, s.multiplyAdds() / perThread);
        long byRows = (s.m() + ROW_GRAIN - 1) / ROW_GRAIN;
        int parts = (int) Math.min(threads, Math.min(byWork, byRows));
        // Every part must get rows: with rowsPerPart rounded up, fewer parts may cover m.
        int rows = rowsPerPart(s.m(), Math.max(1, parts));
        return Math.max(1, (s.m() + rows - 1) / rows);
    }

    private static int rowsPerPart(int m, int parts) {
        int rows = (m + parts - 1) / parts;
        return (rows + ROW_GRAIN - 1) / ROW_GRAIN * ROW_GRAIN;
    }

    /** C = beta * C; beta == 0 writes zeros without reading C (NaN in C does not survive). */
    private static void scale(GemmShape s, double beta, double[] c) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < s.m(); i++) {
            int ci = s.c(i, 0);
            if (beta == 0) {
                Arrays.fill(c, ci, ci + s.n(), 0.0);
            } else {
                for (int j = ci; j < ci + s.n(); j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    private static void scale(GemmShape s, float beta, float[] c) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < s.m(); i++) {
            int ci = s.c(i, 0);
            if (beta == 0) {
                Arrays.fill(c, ci, ci + s.n(), 0f);
            } else {
                for (int j = ci; j < ci + s.n(); j++) {
                    c[j] *= beta;
                }
            }
        }
    }
}
