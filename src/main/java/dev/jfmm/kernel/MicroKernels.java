package dev.jfmm.kernel;

import dev.jfmm.kernel.KernelIR.Array;
import dev.jfmm.kernel.KernelIR.Broadcast;
import dev.jfmm.kernel.KernelIR.Fma;
import dev.jfmm.kernel.KernelIR.Index;
import dev.jfmm.kernel.KernelIR.IntVar;
import dev.jfmm.kernel.KernelIR.Load;
import dev.jfmm.kernel.KernelIR.Loop;
import dev.jfmm.kernel.KernelIR.Method;
import dev.jfmm.kernel.KernelIR.Signature;
import dev.jfmm.kernel.KernelIR.Stmt;
import dev.jfmm.kernel.KernelIR.StoreTile;
import dev.jfmm.kernel.KernelIR.MergeC;
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
 *   <li>kc is a multiple of kUnroll (the driver zero-pads the packed panels up to it);</li>
 *   <li>{@code compute} writes the MR x NR product, row-major, to {@code tile[0 .. MR * NR)}: each
 *       element sums its kc products left to right with FMA, starting from zero;</li>
 *   <li>{@code merge} then sets the full tile of C, {@code c[cIndex + r * ldc + j]}, to
 *       {@code tile * alpha + C * beta}, not reading C when beta == 0.</li>
 * </ul>
 *
 * Registers: MR x NRV accumulators (row-major), then NRV for B's row, then one for A's broadcast.
 */
public final class MicroKernels {

    private MicroKernels() {
    }

    public static KernelIR build(KernelSpec spec) {
        int mr = spec.mr(), nrv = spec.nrVectors(), lanes = spec.lanes(), nr = spec.nr();
        int bReg = mr * nrv, aReg = bReg + nrv;
        List<Stmt> compute = new ArrayList<>();
        for (int acc = 0; acc < mr * nrv; acc++) {
            compute.add(new Zero(acc));
        }
        compute.add(new Loop(spec.kUnroll(), steps(spec, bReg, aReg)));
        List<Stmt> merge = new ArrayList<>();
        for (int r = 0; r < mr; r++) {
            for (int v = 0; v < nrv; v++) {
                compute.add(new StoreTile(r * nrv + v, r * nr + v * lanes));
                merge.add(MergeC.fromTile(r * nr + v * lanes, r, v * lanes));
            }
        }
        String iface = spec.precision() == Precision.DOUBLE ? "DoubleMicroKernel" : "FloatMicroKernel";
        return new KernelIR("MicroKernel_" + spec.key(), spec.key(), spec.precision(), spec.vectorBits(), iface, List.of(
                new Method("compute", Signature.COMPUTE, aReg + 1, compute),
                new Method("merge", Signature.MERGE, 1, merge)));
    }

    /**
     * kUnroll k steps, indexed from the loop counter rather than from advancing cursors: C2 then hoists
     * the range checks out of the loop instead of paying a compare and branch per load, which on
     * AVX-512 competes with the FMAs for ports.
     */
    private static List<Stmt> steps(KernelSpec spec, int bReg, int aReg) {
        int mr = spec.mr(), nrv = spec.nrVectors(), lanes = spec.lanes(), nr = spec.nr();
        List<Stmt> steps = new ArrayList<>();
        for (int u = 0; u < spec.kUnroll(); u++) {
            for (int v = 0; v < nrv; v++) {
                steps.add(new Load(bReg + v, Array.B, Index.scaled(IntVar.B_INDEX, u * nr + v * lanes, IntVar.P, nr)));
            }
            for (int r = 0; r < mr; r++) {
                steps.add(new Broadcast(aReg, Array.A, Index.scaled(IntVar.A_INDEX, u * mr + r, IntVar.P, mr)));
                for (int v = 0; v < nrv; v++) {
                    steps.add(new Fma(r * nrv + v, aReg, bReg + v));
                }
            }
        }
        return steps;
    }
}
