package dev.jfmm.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A blocked Vector-API GEMM: B is packed a KC x NC block at a time into a zero-padded row-major
 * buffer, A four rows at a time, and a 4 x (2 vectors) register tile accumulates each block with FMA.
 *
 * <p>This is the foundation's SIMD path, hand-written; the generated, tuned kernels replace it.
 * Only load this class when the {@code jdk.incubator.vector} module is present (see {@link Backends}).
 *
 * <p>Rounding order: element C(i, j) sums its k products in KC-sized blocks, each block left to right
 * with FMA, independent of how rows are split between threads.
 */
final class SimdGemm implements GemmBackend {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int MR = 4;
    private static final int DNR = 2 * DS.length();
    private static final int FNR = 2 * FS.length();

    private final int kc;
    private final int nc;
    private final ThreadLocal<double[][]> doubleBuffers = ThreadLocal.withInitial(() -> new double[2][0]);
    private final ThreadLocal<float[][]> floatBuffers = ThreadLocal.withInitial(() -> new float[2][0]);

    SimdGemm(int kc, int nc) {
        if (kc < 1 || nc < 1) {
            throw new IllegalArgumentException("block sizes must be positive: kc=" + kc + ", nc=" + nc);
        }
        this.kc = kc;
        this.nc = nc;
    }

    @Override
    public String name() {
        return "simd-" + DS.vectorBitSize() + "bit";
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    // ---------------------------------------------------------------- double

    @Override
    public void dgemm(GemmShape s, double alpha, double[] a, double[] b, double beta, double[] c) {
        double[][] buffers = doubleBuffers.get();
        int ncPad = roundUp(Math.min(nc, s.n()), DNR);
        int kcMax = Math.min(kc, s.k());
        if (buffers[0].length < kcMax * ncPad) {
            buffers[0] = new double[kcMax * ncPad];
        }
        if (buffers[1].length < kcMax * MR) {
            buffers[1] = new double[kcMax * MR];
        }
        double[] bp = buffers[0];
        double[] ap = buffers[1];
        for (int jc = 0; jc < s.n(); jc += nc) {
            int nb = Math.min(nc, s.n() - jc);
            int nbPad = roundUp(nb, DNR);
            for (int pc = 0; pc < s.k(); pc += kc) {
                int kb = Math.min(kc, s.k() - pc);
                double betaBlock = pc == 0 ? beta : 1;
                packB(s, b, pc, kb, jc, nb, nbPad, bp);
                for (int ic = 0; ic < s.m(); ic += MR) {
                    int mb = Math.min(MR, s.m() - ic);
                    packA(s, a, ic, mb, pc, kb, ap);
                    for (int jr = 0; jr < nb; jr += DNR) {
                        kernel(ap, bp, kb, jr * kb, c, s.c(ic, jc + jr), s.ldc(), mb,
                                Math.min(DNR, nb - jr), alpha, betaBlock);
                    }
                }
            }
        }
    }

    /** Packs B(pc.., jc..) as NR-wide micro-panels, each kb x NR contiguous, zero-padded past nb. */
    private static void packB(GemmShape s, double[] b, int pc, int kb, int jc, int nb, int nbPad, double[] bp) {
        for (int jr = 0; jr < nbPad; jr += DNR) {
            int panel = jr * kb;
            int cols = Math.min(DNR, nb - jr);
            for (int p = 0; p < kb; p++) {
                int row = panel + p * DNR;
                for (int j = 0; j < cols; j++) {
                    bp[row + j] = b[s.b(pc + p, jc + jr + j)];
                }
                for (int j = cols; j < DNR; j++) {
                    bp[row + j] = 0;
                }
            }
        }
    }

    private static void packA(GemmShape s, double[] a, int ic, int mb, int pc, int kb, double[] ap) {
        for (int p = 0; p < kb; p++) {
            for (int r = 0; r < MR; r++) {
                ap[p * MR + r] = r < mb ? a[s.a(ic + r, pc + p)] : 0;
            }
        }
    }

    private static void kernel(double[] ap, double[] bp, int kb, int panel,
                               double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta) {
        int l = DS.length();
        DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kb; p++) {
            int bo = panel + p * DNR;
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bo + l);
            int ao = p * MR;
            DoubleVector a0 = DoubleVector.broadcast(DS, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(DS, ap[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(DS, ap[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(DS, ap[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        storeRow(c00, c01, c, ci, cols, alpha, beta);
        if (rows > 1) {
            storeRow(c10, c11, c, ci + ldc, cols, alpha, beta);
        }
        if (rows > 2) {
            storeRow(c20, c21, c, ci + 2 * ldc, cols, alpha, beta);
        }
        if (rows > 3) {
            storeRow(c30, c31, c, ci + 3 * ldc, cols, alpha, beta);
        }
    }

    private static void storeRow(DoubleVector x0, DoubleVector x1, double[] c, int ci, int cols,
                                 double alpha, double beta) {
        int l = DS.length();
        if (cols == 2 * l) {
            store(x0, c, ci, alpha, beta);
            store(x1, c, ci + l, alpha, beta);
        } else {
            store(x0, c, ci, alpha, beta, DS.indexInRange(0, cols));
            store(x1, c, ci + l, alpha, beta, DS.indexInRange(l, cols));
        }
    }

    private static void store(DoubleVector x, double[] c, int ci, double alpha, double beta) {
        DoubleVector r = x.mul(alpha);
        if (beta != 0) {
            r = DoubleVector.fromArray(DS, c, ci).fma(DoubleVector.broadcast(DS, beta), r);
        }
        r.intoArray(c, ci);
    }

    private static void store(DoubleVector x, double[] c, int ci, double alpha, double beta,
                              VectorMask<Double> mask) {
        DoubleVector r = x.mul(alpha);
        if (beta != 0) {
            r = DoubleVector.fromArray(DS, c, ci, mask).fma(DoubleVector.broadcast(DS, beta), r);
        }
        r.intoArray(c, ci, mask);
    }

    // ---------------------------------------------------------------- float (the same, in float)

    @Override
    public void sgemm(GemmShape s, float alpha, float[] a, float[] b, float beta, float[] c) {
        float[][] buffers = floatBuffers.get();
        int ncPad = roundUp(Math.min(nc, s.n()), FNR);
        int kcMax = Math.min(kc, s.k());
        if (buffers[0].length < kcMax * ncPad) {
            buffers[0] = new float[kcMax * ncPad];
        }
        if (buffers[1].length < kcMax * MR) {
            buffers[1] = new float[kcMax * MR];
        }
        float[] bp = buffers[0];
        float[] ap = buffers[1];
        for (int jc = 0; jc < s.n(); jc += nc) {
            int nb = Math.min(nc, s.n() - jc);
            int nbPad = roundUp(nb, FNR);
            for (int pc = 0; pc < s.k(); pc += kc) {
                int kb = Math.min(kc, s.k() - pc);
                float betaBlock = pc == 0 ? beta : 1;
                packB(s, b, pc, kb, jc, nb, nbPad, bp);
                for (int ic = 0; ic < s.m(); ic += MR) {
                    int mb = Math.min(MR, s.m() - ic);
                    packA(s, a, ic, mb, pc, kb, ap);
                    for (int jr = 0; jr < nb; jr += FNR) {
                        kernel(ap, bp, kb, jr * kb, c, s.c(ic, jc + jr), s.ldc(), mb,
                                Math.min(FNR, nb - jr), alpha, betaBlock);
                    }
                }
            }
        }
    }

    /** Packs B(pc.., jc..) as NR-wide micro-panels, each kb x NR contiguous, zero-padded past nb. */
    private static void packB(GemmShape s, float[] b, int pc, int kb, int jc, int nb, int nbPad, float[] bp) {
        for (int jr = 0; jr < nbPad; jr += FNR) {
            int panel = jr * kb;
            int cols = Math.min(FNR, nb - jr);
            for (int p = 0; p < kb; p++) {
                int row = panel + p * FNR;
                for (int j = 0; j < cols; j++) {
                    bp[row + j] = b[s.b(pc + p, jc + jr + j)];
                }
                for (int j = cols; j < FNR; j++) {
                    bp[row + j] = 0;
                }
            }
        }
    }

    private static void packA(GemmShape s, float[] a, int ic, int mb, int pc, int kb, float[] ap) {
        for (int p = 0; p < kb; p++) {
            for (int r = 0; r < MR; r++) {
                ap[p * MR + r] = r < mb ? a[s.a(ic + r, pc + p)] : 0;
            }
        }
    }

    private static void kernel(float[] ap, float[] bp, int kb, int panel,
                               float[] c, int ci, int ldc, int rows, int cols, float alpha, float beta) {
        int l = FS.length();
        FloatVector c00 = FloatVector.zero(FS), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kb; p++) {
            int bo = panel + p * FNR;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bo);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bo + l);
            int ao = p * MR;
            FloatVector a0 = FloatVector.broadcast(FS, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(FS, ap[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(FS, ap[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(FS, ap[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        storeRow(c00, c01, c, ci, cols, alpha, beta);
        if (rows > 1) {
            storeRow(c10, c11, c, ci + ldc, cols, alpha, beta);
        }
        if (rows > 2) {
            storeRow(c20, c21, c, ci + 2 * ldc, cols, alpha, beta);
        }
        if (rows > 3) {
            storeRow(c30, c31, c, ci + 3 * ldc, cols, alpha, beta);
        }
    }

    private static void storeRow(FloatVector x0, FloatVector x1, float[] c, int ci, int cols,
                                 float alpha, float beta) {
        int l = FS.length();
        if (cols == 2 * l) {
            store(x0, c, ci, alpha, beta);
            store(x1, c, ci + l, alpha, beta);
        } else {
            store(x0, c, ci, alpha, beta, FS.indexInRange(0, cols));
            store(x1, c, ci + l, alpha, beta, FS.indexInRange(l, cols));
        }
    }

    private static void store(FloatVector x, float[] c, int ci, float alpha, float beta) {
        FloatVector r = x.mul(alpha);
        if (beta != 0) {
            r = FloatVector.fromArray(FS, c, ci).fma(FloatVector.broadcast(FS, beta), r);
        }
        r.intoArray(c, ci);
    }

    private static void store(FloatVector x, float[] c, int ci, float alpha, float beta,
                              VectorMask<Float> mask) {
        FloatVector r = x.mul(alpha);
        if (beta != 0) {
            r = FloatVector.fromArray(FS, c, ci, mask).fma(FloatVector.broadcast(FS, beta), r);
        }
        r.intoArray(c, ci, mask);
    }
}
