package dev.jfmm;

import java.math.BigDecimal;

/**
 * How much accuracy a product may give up for speed: the policy within which jfmm may run a fast
 * scheme on its own. Fast schemes round worse than the classical algorithm; their error bound is the
 * classical one times the scheme's growth ({@link dev.jfmm.gemm.FastGemm#growth()}, 9 for one level of
 * Strassen's &lt;2,2,2;7&gt;).
 *
 * <ul>
 *   <li>{@link #CLASSICAL}, the default: never a fast scheme unless one is asked for
 *       ({@link Gemm#withScheme}).</li>
 *   <li>{@link #growthAtMost(double)}: the fast schemes the hardware profile lists for a call's shape,
 *       precision and threads, when their growth is at most the bound.</li>
 * </ul>
 *
 * Set it for the process with {@link Jfmm#setAccuracy}, the system property {@value #PROPERTY}
 * ({@code classical} or {@code growth:X}) or per call site with {@link Gemm#withAccuracy}. What ran,
 * and why, is in {@link Jfmm#lastBackend()}. Immutable.
 */
public final class Accuracy {

    /** The system property that sets the process-wide policy: {@code classical} or {@code growth:X}. */
    public static final String PROPERTY = "jfmm.accuracy";

    /** Classical products only, unless a scheme is asked for: the default. */
    public static final Accuracy CLASSICAL = new Accuracy(0);

    private static final String GROWTH_PREFIX = "growth:";

    /** The largest growth admitted; 0 for {@link #CLASSICAL}, which admits no fast scheme. */
    private final double maxGrowth;

    private Accuracy(double maxGrowth) {
        this.maxGrowth = maxGrowth;
    }

    /**
     * Fast schemes whose growth is at most {@code maxGrowth} (1 admits only schemes as accurate as the
     * classical algorithm by that measure).
     *
     * @throws IllegalArgumentException when the bound is not a finite number of at least 1
     */
    public static Accuracy growthAtMost(double maxGrowth) {
        if (!(maxGrowth >= 1) || Double.isInfinite(maxGrowth)) {
            throw new IllegalArgumentException("growth bound " + maxGrowth + " must be a finite number of at least 1");
        }
        return new Accuracy(maxGrowth);
    }

    /**
     * The policy written as {@code classical} or {@code growth:X} (X a number of at least 1).
     *
     * @throws IllegalArgumentException for any other text, in one line that quotes it
     */
    public static Accuracy parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("classical")) {
            return CLASSICAL;
        }
        if (t.startsWith(GROWTH_PREFIX)) {
            try {
                return growthAtMost(Double.parseDouble(t.substring(GROWTH_PREFIX.length())));
            } catch (IllegalArgumentException e) { // a NumberFormatException too
                // falls through to the one message below
            }
        }
        throw new IllegalArgumentException("accuracy '" + text + "' is neither classical nor growth:X with X a number "
                + "of at least 1");
    }

    /** The policy the system property asks for: CLASSICAL when it is unset; an error naming the property when bad. */
    static Accuracy fromProperty(String value) {
        if (value == null || value.isBlank()) {
            return CLASSICAL;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " = '" + value + "': " + e.getMessage());
        }
    }

    /** Whether this is {@link #CLASSICAL}: no fast scheme unless asked for. */
    public boolean isClassical() {
        return maxGrowth == 0;
    }

    /** The largest scheme growth admitted; 0 for {@link #CLASSICAL}. */
    public double maxGrowth() {
        return maxGrowth;
    }

    /** "classical" or "growth<=X", as {@code jfmm info} and {@link Jfmm#lastBackend()} show it. */
    @Override
    public String toString() {
        return isClassical() ? "classical"
                : "growth<=" + BigDecimal.valueOf(maxGrowth).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Accuracy other && Double.compare(maxGrowth, other.maxGrowth) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(maxGrowth);
    }
}
