package dev.jfmm.bench;

import dev.jfmm.Gemm;
import dev.jfmm.GemmPlan;
import dev.jfmm.Jfmm;
import dev.jfmm.Layout;
import dev.jfmm.Transpose;
import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Scheme;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.matrix.store.R032Store;
import org.ojalgo.matrix.store.R064Store;

/**
 * The libraries compared. Each turns a {@link Problem} into a {@link Kernel} that computes C = A * B
 * into the problem's C array, with the library's own way of using {@code threads} threads. Nothing
 * is copied or allocated inside {@link Kernel#run()}: matrices are wrapped once, before timing.
 */
enum Lib {
    JFMM("jfmm", "jfmm through its public API, Jfmm.withThreads(t).dgemm/sgemm, row-major") {
        @Override
        Kernel kernel(Problem p, int threads) {
            return jfmm(Jfmm.withThreads(threads), p);
        }
    },
    JFMM_PLAN("jfmm-plan", "jfmm's plan for repeated products of one shape (as MKL's JIT GEMM), "
            + "Jfmm.withThreads(t).planDgemm/planSgemm once, then plan.multiply per call") {
        @Override
        Kernel kernel(Problem p, int threads) {
            Gemm gemm = Jfmm.withThreads(threads);
            int m = p.shape.m(), k = p.shape.k(), n = p.shape.n();
            Layout row = Layout.ROW_MAJOR;
            Transpose no = Transpose.NO_TRANSPOSE;
            if (p.single) {
                GemmPlan<float[]> plan = gemm.planSgemm(row, no, no, m, n, k, 1f, k, n, 0f, n);
                return () -> plan.multiply(p.af, 0, p.bf, 0, p.cf, 0);
            }
            GemmPlan<double[]> plan = gemm.planDgemm(row, no, no, m, n, k, 1.0, k, n, 0.0, n);
            return () -> plan.multiply(p.ad, 0, p.bd, 0, p.cd, 0);
        }
    },
    JFMM_STRASSEN("jfmm-strassen", "jfmm with one level of Strassen's <2,2,2;7> (default strategy: fused) over its "
            + "classical kernel, Jfmm.withThreads(t).withScheme(strassen, 1)") {
        @Override
        Kernel kernel(Problem p, int threads) {
            return strassen(p, threads, 1);
        }

        @Override
        double errorGrowth() {
            return strassenGrowth(1);
        }
    },
    JFMM_STRASSEN2("jfmm-strassen2", "as jfmm-strassen, two levels (Jfmm.withThreads(t).withScheme(strassen, 2))") {
        @Override
        Kernel kernel(Problem p, int threads) {
            return strassen(p, threads, 2);
        }

        @Override
        double errorGrowth() {
            return strassenGrowth(2);
        }
    },
    JFMM_STRASSEN2_BASIS("jfmm-strassen2-basis", "as jfmm-strassen2, with the fused-basis strategy (products into C "
            + "in the basis where W is sparsest, C decoded after them)") {
        @Override
        Kernel kernel(Problem p, int threads) {
            return jfmm(Jfmm.withThreads(threads).withScheme(strassen(), 2, FastGemm.Strategy.FUSED_BASIS), p);
        }

        @Override
        double errorGrowth() {
            return FastGemm.of(strassen(), 2, FastGemm.Strategy.FUSED_BASIS, Dispatcher.get()).growth();
        }
    },
    OPENBLAS("openblas", "OpenBLAS through dev.ludovic.netlib's JNI path (NativeBLAS); threads from OPENBLAS_NUM_THREADS") {
        @Override
        Kernel kernel(Problem p, int threads) {
            OpenBlas.requireThreads(threads);
            return netlib(OpenBlas.blas(), p);
        }

        @Override
        String unavailable(Shape shape, int threads) {
            return OpenBlas.status().available() ? null : "OpenBLAS could not be loaded: " + OpenBlas.status().detail();
        }
    },
    NETLIB_JAVA("netlib-java", "dev.ludovic.netlib's pure-Java path (JavaBLAS.getInstance(): VectorBLAS on JDK 16+), single-threaded") {
        @Override
        Kernel kernel(Problem p, int threads) {
            return netlib(JavaBLAS.getInstance(), p);
        }

        @Override
        String unavailable(Shape shape, int threads) {
            return threads == 1 ? null : "single-threaded library: 1-thread rows only";
        }
    },
    EJML("ejml", "EJML CommonOps_DDRM/FDRM.mult (1 thread), CommonOps_MT_*.mult with EjmlConcurrency.setMaxThreads(t)") {
        @Override
        Kernel kernel(Problem p, int threads) {
            int m = p.shape.m(), k = p.shape.k(), n = p.shape.n();
            EjmlConcurrency.setMaxThreads(threads);
            if (p.single) {
                FMatrixRMaj a = FMatrixRMaj.wrap(m, k, p.af), b = FMatrixRMaj.wrap(k, n, p.bf), c = FMatrixRMaj.wrap(m, n, p.cf);
                return threads == 1 ? () -> CommonOps_FDRM.mult(a, b, c) : () -> CommonOps_MT_FDRM.mult(a, b, c);
            }
            DMatrixRMaj a = DMatrixRMaj.wrap(m, k, p.ad), b = DMatrixRMaj.wrap(k, n, p.bd), c = DMatrixRMaj.wrap(m, n, p.cd);
            return threads == 1 ? () -> CommonOps_DDRM.mult(a, b, c) : () -> CommonOps_MT_DDRM.mult(a, b, c);
        }
    },
    OJALGO("ojalgo", "ojAlgo R064Store/R032Store.fillByMultiplying, its own pool limited by OjAlgoUtils.limitThreadsTo(t)") {
        @Override
        Kernel kernel(Problem p, int threads) {
            OjAlgoUtils.limitThreadsTo(threads);
            int n = p.shape.n();
            // ojAlgo stores are column-major: the row-major arrays are A^T, B^T and C^T, and C^T = B^T A^T.
            if (p.single) {
                R032Store at = R032Store.wrap(p.af, p.shape.k()), bt = R032Store.wrap(p.bf, n), ct = R032Store.wrap(p.cf, n);
                return () -> ct.fillByMultiplying(bt, at);
            }
            R064Store at = R064Store.wrap(p.ad, p.shape.k()), bt = R064Store.wrap(p.bd, n), ct = R064Store.wrap(p.cd, n);
            return () -> ct.fillByMultiplying(bt, at);
        }
    },
    REFERENCE("reference", "naive triple loop in this module (i-k-j order, plain Java), max(m,k,n) <= " + Reference.MAX_DIM) {
        @Override
        Kernel kernel(Problem p, int threads) {
            return () -> Reference.multiply(p);
        }

        @Override
        String unavailable(Shape shape, int threads) {
            if (threads != 1) return "single-threaded: 1-thread rows only";
            return shape.maxDim() <= Reference.MAX_DIM ? null : "capped at max(m,k,n) <= " + Reference.MAX_DIM;
        }
    };

    /** One product on fixed, pre-wrapped operands. */
    interface Kernel {
        void run();
    }

    final String id;
    final String description;

    Lib(String id, String description) {
        this.id = id;
        this.description = description;
    }

    abstract Kernel kernel(Problem p, int threads);

    /**
     * How much larger than classical this library's rounding error may be: 1, or a fast scheme's
     * coefficient growth ({@link FastGemm#growth()}); the cross-check's bound is scaled by it.
     */
    double errorGrowth() {
        return 1;
    }

    /** Why this library is not run for the shape and thread count, or null when it is. */
    String unavailable(Shape shape, int threads) {
        return null;
    }

    static Lib of(String id) {
        for (Lib lib : values()) {
            if (lib.id.equals(id)) return lib;
        }
        throw new IllegalArgumentException("unknown library '" + id + "'");
    }

    /** jfmm's public API, row-major, no transposes. */
    private static Kernel jfmm(Gemm gemm, Problem p) {
        int m = p.shape.m(), k = p.shape.k(), n = p.shape.n();
        Layout row = Layout.ROW_MAJOR;
        Transpose no = Transpose.NO_TRANSPOSE;
        return p.single
                ? () -> gemm.sgemm(row, no, no, m, n, k, 1f, p.af, 0, k, p.bf, 0, n, 0f, p.cf, 0, n)
                : () -> gemm.dgemm(row, no, no, m, n, k, 1.0, p.ad, 0, k, p.bd, 0, n, 0.0, p.cd, 0, n);
    }

    /** jfmm with that many levels of Strassen's <2,2,2;7>, default strategy and cutoff. */
    private static Kernel strassen(Problem p, int threads, int levels) {
        return jfmm(Jfmm.withThreads(threads).withScheme(strassen(), levels), p);
    }

    private static double strassenGrowth(int levels) {
        return FastGemm.of(strassen(), levels, Dispatcher.get()).growth();
    }

    private static Scheme strassen() {
        return Catalog.find("strassen_2x2x2_r7_Z").orElseThrow();
    }

    /** Column-major BLAS on row-major data: C^T (n x m) = B^T (n x k) * A^T (k x m). */
    private static Kernel netlib(BLAS blas, Problem p) {
        int m = p.shape.m(), k = p.shape.k(), n = p.shape.n();
        return p.single
                ? () -> blas.sgemm("N", "N", n, m, k, 1f, p.bf, 0, n, p.af, 0, k, 0f, p.cf, 0, n)
                : () -> blas.dgemm("N", "N", n, m, k, 1.0, p.bd, 0, n, p.ad, 0, k, 0.0, p.cd, 0, n);
    }
}
