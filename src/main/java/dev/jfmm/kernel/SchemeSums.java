package dev.jfmm.kernel;

import dev.jfmm.kernel.KernelIR.Dispatch;
import dev.jfmm.kernel.KernelIR.LinearSum;
import dev.jfmm.kernel.KernelIR.Method;
import dev.jfmm.kernel.KernelIR.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the IR of a scheme's sums ({@link SchemeSumSpec}, contract in {@link DoubleSchemeSums}): one
 * method pN per coefficient pattern, its coefficients baked in as constants, and {@code sum}, which
 * dispatches on the pattern index. This is what the fused strategy runs while it packs A and B,
 * instead of reading the coefficients from arrays term by term.
 */
public final class SchemeSums {

    private SchemeSums() {
    }

    public static KernelIR build(SchemeSumSpec spec) {
        List<Method> methods = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (List<Double> pattern : spec.patterns()) {
            String name = "p" + targets.size();
            targets.add(name);
            methods.add(new Method(name, Signature.SUM, 0, List.of(new LinearSum(pattern))));
        }
        methods.add(new Method("sum", Signature.DISPATCH, 0, List.of(new Dispatch(targets))));
        String iface = spec.precision() == Precision.DOUBLE ? "DoubleSchemeSums" : "FloatSchemeSums";
        return new KernelIR("SchemeSums_" + spec.key(), spec.key(), spec.precision(), spec.vectorBits(), iface, methods);
    }
}
