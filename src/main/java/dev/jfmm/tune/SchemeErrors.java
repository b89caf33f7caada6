package dev.jfmm.tune;

import dev.jfmm.Gemm;
import dev.jfmm.Jfmm;
import dev.jfmm.gemm.Dispatcher;
import dev.jfmm.gemm.FastGemm;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Field;
import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How accurate a scheme is in practice: its max componentwise error against the reference on the
 * standard inputs (double, seed 42), next to the classical kernel's on the same inputs, for the catalog
 * index. The size is the scheme's format to the power of the levels times {@link #BLOCK}, and levels run
 * down to blocks of {@code BLOCK}, so every level runs at a size that takes a fraction of a second. One
 * thread, so the same machine gives the same bits every run. The strategy is write-once: it runs on every
 * backend and every level count (the fused one multiplies the levels out, which stops at dimension 32,
 * e.g. two levels of &lt;4,4,6&gt;), so the index does not depend on whether the machine can fuse.
 */
public final class SchemeErrors implements Catalog.Columns {

    /** The levels the index reports. */
    public static final List<Integer> LEVELS = List.of(1, 2);
    /** The size of the innermost blocks, and the cutoff that lets every level run at that size. */
    public static final int BLOCK = 16;

    /**
     * One scheme at one level count, on an m x n x k product.
     *
     * @param error          max |C - R| / (|A| |B|) of the scheme's product
     * @param classicalError the same for the classical kernel on the same inputs
     * @param growth         {@link FastGemm#growth()}
     */
    public record Measurement(int m, int n, int k, double error, double classicalError, double growth) {
        /** error / classicalError, or null when the classical error is 0 (no ratio to give). */
        public Double ratio() {
            return SchemeErrors.ratio(error, classicalError);
        }
    }

    /** The scheme run for {@code levels} levels on its standard size (see the class comment). */
    public static Measurement measure(Scheme scheme, int levels) {
        Format f = scheme.format();
        int m = power(f.n(), levels) * BLOCK, k = power(f.m(), levels) * BLOCK, n = power(f.p(), levels) * BLOCK;
        StandardInputs inputs = StandardInputs.of(m, n, k, Precision.DOUBLE, StandardInputs.SEED, Integer.MAX_VALUE);
        Gemm classical = Jfmm.withThreads(1);
        FastGemm fast = FastGemm.of(scheme, levels, FastGemm.Strategy.WRITE_ONCE, Dispatcher.get()).withCutoff(BLOCK);
        return new Measurement(m, n, k, error(inputs, classical.with(fast)), error(inputs, classical), fast.growth());
    }

    private static double error(StandardInputs inputs, Gemm gemm) {
        StandardInputs.Product product = inputs.product(gemm);
        product.run();
        return inputs.maxError(product);
    }

    /** error / classicalError, or null when the classical error is 0. */
    public static Double ratio(double error, double classicalError) {
        return classicalError == 0 ? null : error / classicalError;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int levels : LEVELS) {
            names.addAll(List.of("error_" + levels, "classical_error_" + levels, "error_ratio_" + levels,
                    "growth_" + levels));
        }
        return names;
    }

    /** The columns for one scheme: empty for GF2 schemes, which do not multiply real matrices. */
    @Override
    public List<String> cells(Scheme scheme) {
        if (scheme.field() == Field.GF2) {
            return Collections.nCopies(names().size(), "");
        }
        List<String> cells = new ArrayList<>();
        for (int levels : LEVELS) {
            Measurement x = measure(scheme, levels);
            cells.addAll(List.of(error(x.error()), error(x.classicalError()), ratio(x.ratio()), growth(x.growth())));
        }
        return cells;
    }

    /** An error to 3 significant digits, as the index and {@code jfmm bench} print it. */
    public static String error(double error) {
        return String.format(Locale.ROOT, "%.3e", error);
    }

    /** A ratio to 3 significant digits, or "-" for none (null). */
    public static String ratio(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.3g", ratio);
    }

    /** A growth factor to 4 significant digits, without an exponent (9, 10.33, 25280). */
    public static String growth(double growth) {
        return new BigDecimal(growth).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static int power(int base, int exponent) {
        int x = 1;
        for (int i = 0; i < exponent; i++) {
            x = Math.multiplyExact(x, base);
        }
        return x;
    }
}
