package dev.jfmm.kernel;

import dev.jfmm.kernel.KernelIR.AdvanceBy;
import dev.jfmm.kernel.KernelIR.Array;
import dev.jfmm.kernel.KernelIR.Broadcast;
import dev.jfmm.kernel.KernelIR.Fma;
import dev.jfmm.kernel.KernelIR.Index;
import dev.jfmm.kernel.KernelIR.IntVar;
import dev.jfmm.kernel.KernelIR.Load;
import dev.jfmm.kernel.KernelIR.Loop;
import dev.jfmm.kernel.KernelIR.MergeC;
import dev.jfmm.kernel.KernelIR.Method;
import dev.jfmm.kernel.KernelIR.SetInt;
import dev.jfmm.kernel.KernelIR.Signature;
import dev.jfmm.kernel.KernelIR.Stmt;
import dev.jfmm.kernel.KernelIR.StoreTile;
import dev.jfmm.kernel.KernelIR.Zero;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the IR of a small-shape kernel ({@link SmallKernelSpec}, contract in {@link DoubleSmallKernel}).
 * Each method holds its rows x vectors accumulators in registers through the whole k loop, reads B's
 * rows and broadcasts A's elements straight from the caller's arrays, and merges whole vectors into C;
 * a partial last vector goes to the tile. Every element of C sums its k products left to right with
 * FMA from zero, then becomes alpha * sum + beta * C: the packed micro-kernel's order, so a product
 * gives the same bits on either path.
 *
 * <p>k is unrolled completely when the steps fit a budget of vector operations, else in a loop of as
 * many steps as fit: HotSpot's C1 gives up on methods with much more (see {@link KernelIR}; the budget
 * is checked by KernelGeneratorTest.profileKernelsCompileAtEveryTier).
 */
public final class SmallKernels {

    /** Vector operations one method may have, a merge counting as four. */
    private static final int BUDGET = 200;
    private static final int MERGE_COST = 4;

    private SmallKernels() {
    }

    public static KernelIR build(SmallKernelSpec spec) {
        String iface = spec.precision() == Precision.DOUBLE ? "DoubleSmallKernel" : "FloatSmallKernel";
        return new KernelIR("SmallKernel_" + spec.key(), spec.key(), spec.precision(), spec.vectorBits(), iface, List.of(
                method("rows", spec, spec.mr()),
                method("fringe", spec, spec.fringeRows())));
    }

    private static Method method(String name, SmallKernelSpec spec, int rows) {
        int nv = spec.vectors(), lanes = spec.lanes();
        int bReg = rows * nv, aReg = bReg + nv;
        List<Stmt> body = new ArrayList<>();
        if (rows > 0) {
            SmallKernelSpec.Strides strides = spec.strides();
            if (strides != null) { // the arguments are overwritten, so every index below is a constant offset
                body.add(new SetInt(IntVar.A_ROW_STRIDE, strides.aRow()));
                body.add(new SetInt(IntVar.A_COL_STRIDE, strides.aCol()));
                body.add(new SetInt(IntVar.LDB, strides.ldb()));
                body.add(new SetInt(IntVar.LDC, strides.ldc()));
            }
            for (int acc = 0; acc < rows * nv; acc++) {
                body.add(new Zero(acc));
            }
            int stepCost = nv + rows + rows * nv;
            int budget = Math.max(stepCost, BUDGET - rows * nv * (1 + MERGE_COST));
            if (spec.k() * stepCost <= budget) {
                for (int p = 0; p < spec.k(); p++) {
                    body.addAll(step(spec, rows, bReg, aReg));
                }
            } else {
                int unroll = Math.min(spec.k(), budget / stepCost);
                body.add(new SetInt(IntVar.KC, spec.k()));
                List<Stmt> steps = new ArrayList<>();
                for (int u = 0; u < unroll; u++) {
                    steps.addAll(step(spec, rows, bReg, aReg));
                }
                body.add(new Loop(unroll, steps));
                if (spec.k() % unroll != 0) {
                    body.add(new Loop(1, step(spec, rows, bReg, aReg)));
                }
            }
            for (int r = 0; r < rows; r++) {
                for (int v = 0; v < nv; v++) {
                    if (v * lanes < spec.wholeColumns()) {
                        body.add(MergeC.fromRegister(r * nv + v, r, v * lanes));
                    } else {
                        body.add(new StoreTile(r * nv + v, r * lanes));
                    }
                }
            }
        }
        return new Method(name, Signature.ROWS, rows == 0 ? 0 : aReg + 1, body);
    }

    /** One k step: B's row p into registers, then each row's A(r, p) broadcast and multiplied in; cursors move to p + 1. */
    private static List<Stmt> step(SmallKernelSpec spec, int rows, int bReg, int aReg) {
        int nv = spec.vectors(), lanes = spec.lanes();
        List<Stmt> step = new ArrayList<>();
        for (int v = 0; v < nv; v++) {
            step.add(new Load(bReg + v, Array.B, Index.at(IntVar.B_INDEX, v * lanes)));
        }
        for (int r = 0; r < rows; r++) {
            step.add(new Broadcast(aReg, Array.A, Index.scaled(IntVar.A_INDEX, 0, IntVar.A_ROW_STRIDE, r)));
            for (int v = 0; v < nv; v++) {
                step.add(new Fma(r * nv + v, aReg, bReg + v));
            }
        }
        step.add(new AdvanceBy(IntVar.A_INDEX, IntVar.A_COL_STRIDE));
        step.add(new AdvanceBy(IntVar.B_INDEX, IntVar.LDB));
        return step;
    }
}
