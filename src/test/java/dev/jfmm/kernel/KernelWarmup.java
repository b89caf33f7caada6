package dev.jfmm.kernel;

import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.hw.Profiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link KernelGeneratorTest#profileKernelsCompileAtEveryTier} in a child JVM: calls the kernels
 * of every profile in hardware-profiles/ (at the widths this machine has) often enough for C2, on short
 * panels as small products use them, and prints "warmed NAME" for each.
 */
public final class KernelWarmup {

    public static void main(String[] args) {
        List<HardwareProfile> profiles = new ArrayList<>(Profiles.readAll(Path.of("hardware-profiles")));
        profiles.add(HardwareProfile.BUILT_IN);
        for (HardwareProfile profile : profiles) {
            int bits = profile.match().vectorBits() == 0 ? 256 : profile.match().vectorBits();
            warm(new KernelSpec(Precision.DOUBLE, bits, profile.gemm().doubles().mr(),
                    profile.gemm().doubles().nrVectors(), profile.gemm().doubles().kUnroll()));
            warm(new KernelSpec(Precision.FLOAT, bits, profile.gemm().floats().mr(),
                    profile.gemm().floats().nrVectors(), profile.gemm().floats().kUnroll()));
        }
        // The small-shape kernels with the most vector operations per method, and a masked one.
        for (Precision precision : Precision.values()) {
            for (int[] mnk : new int[][] {{32, 32, 32}, {31, 30, 29}, {5, 3, 7}}) {
                warm(SmallKernelSpec.forShape(precision, 512, mnk[0], mnk[1], mnk[2]));
            }
        }
        warmLargestSums();
    }

    /** The largest sum a generated class may hold: MAX_TERMS terms, none of them 1 or -1. */
    private static void warmLargestSums() {
        double[] largest = new double[SchemeSumSpec.MAX_TERMS];
        java.util.Arrays.fill(largest, 0.5);
        for (Precision precision : Precision.values()) {
            SchemeSumSpec spec = SchemeSumSpec.of(precision, 512, List.of(largest));
            KernelIR ir = SchemeSums.build(spec);
            Object sums = BytecodeBackend.load(BytecodeBackend.generate(ir));
            int[] offsets = new int[largest.length];
            for (int i = 0; i < 30_000; i++) {
                if (sums instanceof DoubleSchemeSums d) {
                    d.sum(0, new double[64], 0, offsets, new double[64], 0, 64);
                } else {
                    ((FloatSchemeSums) sums).sum(0, new float[64], 0, offsets, new float[64], 0, 64);
                }
            }
            System.out.println("warmed " + ir.name());
        }
    }

    private static void warm(SmallKernelSpec spec) {
        KernelIR ir = SmallKernels.build(spec);
        Object kernel = BytecodeBackend.load(BytecodeBackend.generate(ir));
        int rows = spec.mr(), ldb = spec.vectors() * spec.lanes(), size = rows * ldb + ldb * spec.k() + rows * spec.k();
        for (int i = 0; i < 30_000; i++) {
            if (kernel instanceof DoubleSmallKernel d) {
                double[] x = new double[size];
                d.rows(x, 0, spec.k(), 1, x, 0, ldb, new double[size], 0, spec.n(), 1, 0, new double[size]);
                d.fringe(x, 0, spec.k(), 1, x, 0, ldb, new double[size], 0, spec.n(), 1, 0, new double[size]);
            } else {
                float[] x = new float[size];
                ((FloatSmallKernel) kernel).rows(x, 0, spec.k(), 1, x, 0, ldb, new float[size], 0, spec.n(), 1, 0, new float[size]);
                ((FloatSmallKernel) kernel).fringe(x, 0, spec.k(), 1, x, 0, ldb, new float[size], 0, spec.n(), 1, 0, new float[size]);
            }
        }
        System.out.println("warmed " + ir.name());
    }

    private static void warm(KernelSpec spec) {
        KernelIR ir = MicroKernels.build(spec);
        Object kernel = KernelCache.shared().get(spec, Object.class, s -> BytecodeBackend.load(BytecodeBackend.generate(ir)));
        int kc = 2 * spec.kUnroll(), tile = spec.mr() * spec.nr();
        for (int i = 0; i < 30_000; i++) {
            if (kernel instanceof DoubleMicroKernel d) {
                double[] t = new double[tile];
                d.compute(kc, new double[kc * spec.mr()], 0, new double[kc * spec.nr()], 0, t);
                d.merge(t, new double[tile], 0, spec.nr(), 1, 0);
            } else {
                float[] t = new float[tile];
                ((FloatMicroKernel) kernel).compute(kc, new float[kc * spec.mr()], 0, new float[kc * spec.nr()], 0, t);
                ((FloatMicroKernel) kernel).merge(t, new float[tile], 0, spec.nr(), 1, 0);
            }
        }
        System.out.println("warmed " + ir.name());
    }
}
