package dev.jfmm.kernel;

import dev.jfmm.kernel.KernelIR.Advance;
import dev.jfmm.kernel.KernelIR.Array;
import dev.jfmm.kernel.KernelIR.Broadcast;
import dev.jfmm.kernel.KernelIR.Fma;
import dev.jfmm.kernel.KernelIR.IntVar;
import dev.jfmm.kernel.KernelIR.Load;
import dev.jfmm.kernel.KernelIR.Loop;
import dev.jfmm.kernel.KernelIR.Stmt;
import dev.jfmm.kernel.KernelIR.StoreC;
import dev.jfmm.kernel.KernelIR.Zero;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the IR of the packed GEMM micro-kernel, whose contract (the kernel's whole world; see also
 * {@link DoubleMicroKernel}) is:
 *
 * <ul>
 *   <li>packed A: {@code a[aIndex + p * MR + r]} is A(r, p) for r < MR, p < kc;</li>
 *   <li>packed B: {@code b[bIndex + p * NR + j]} is B(p, j) for j < NR;</li>
 *   <li>C: a full MR x NR row-major tile, {@code c[cIndex + r * ldc + j]};</li>
 *   <li>computes C = alpha * A B + beta * C; beta == 0 does not read C; each C element sums its kc
 *       products left to right with FMA, starting from zero, then scales by alpha.</li>
 * </ul>
 *
 * Registers: MR x NRV accumulators (row-major), then NRV for B's row, then one for A's broadcast.
 */
public final class MicroKernels {

    private MicroKernels() {
    }

    public static KernelIR build(KernelSpec spec) {
        int mr = spec.mr(), nrv = spec.nrVectors(), lanes = spec.lanes();
        int bReg = mr * nrv, aReg = bReg + nrv;
        List<Stmt> body = new ArrayList<>();
        for (int acc = 0; acc < mr * nrv; acc++) {
            body.add(new Zero(acc));
        }
        body.add(new Loop(spec.kUnroll(), steps(spec, spec.kUnroll(), bReg, aReg)));
        if (spec.kUnroll() > 1) {
            body.add(new Loop(1, steps(spec, 1, bReg, aReg)));
        }
        for (int r = 0; r < mr; r++) {
            for (int v = 0; v < nrv; v++) {
                body.add(new StoreC(r * nrv + v, r, v * lanes));
            }
        }
        return new KernelIR("MicroKernel_" + spec.key(), spec, aReg + 1, body);
    }

    /** {@code count} k steps, then the cursors advance past them. */
    private static List<Stmt> steps(KernelSpec spec, int count, int bReg, int aReg) {
        int mr = spec.mr(), nrv = spec.nrVectors(), lanes = spec.lanes(), nr = spec.nr();
        List<Stmt> steps = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            for (int v = 0; v < nrv; v++) {
                steps.add(new Load(bReg + v, Array.B, IntVar.B_INDEX, u * nr + v * lanes));
            }
            for (int r = 0; r < mr; r++) {
                steps.add(new Broadcast(aReg, Array.A, IntVar.A_INDEX, u * mr + r));
                for (int v = 0; v < nrv; v++) {
                    steps.add(new Fma(r * nrv + v, aReg, bReg + v));
                }
            }
        }
        steps.add(new Advance(IntVar.A_INDEX, count * mr));
        steps.add(new Advance(IntVar.B_INDEX, count * nr));
        return steps;
    }
}
