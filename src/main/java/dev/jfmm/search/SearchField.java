package dev.jfmm.search;

import dev.jfmm.scheme.Field;
import java.util.Locale;

/**
 * What a search walks over and what it writes, as {@code --field} names it: walks over GF(2) with
 * results kept over GF(2) ({@link #GF2}) or lifted to Z ({@link #Z}), or walks over Z itself with
 * coefficients in {-1, 0, 1}, which need no lifting ({@link #ZT}). Q has no search.
 */
public enum SearchField {
    GF2(Field.GF2, false),
    Z(Field.Z, false),
    ZT(Field.Z, true);

    private final Field field;
    private final boolean ternary;

    SearchField(Field field, boolean ternary) {
        this.field = field;
        this.ternary = ternary;
    }

    /** The field of the schemes the search writes. */
    public Field field() {
        return field;
    }

    /** Whether the walk is over Z with coefficients in {-1, 0, 1} rather than over GF(2). */
    public boolean ternary() {
        return ternary;
    }

    /** Whether the walk's GF(2) schemes are lifted to Z (Hensel lifting) before they are written. */
    public boolean lifts() {
        return this == Z;
    }

    /** Where the walks go, for notes and scheme comments. */
    public String walkDescription() {
        return ternary ? "Z (ternary)" : "GF(2)";
    }

    /**
     * The search field named by {@code --field}, in any case: Z, ZT or GF2 (also F2, GF(2), as for schemes).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SearchField parse(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "Z" -> Z;
            case "ZT" -> ZT;
            case "GF2", "F2", "GF(2)" -> GF2;
            case "Q" -> throw new IllegalArgumentException("search lifts to Z or stays over GF2; use --field Z, ZT or GF2");
            default -> throw new IllegalArgumentException("unknown search field '" + name + "' (use Z, ZT or GF2)");
        };
    }

    /** The search field stored as a scheme field and whether the walk is ternary (checkpoints keep the pair). */
    static SearchField of(Field field, boolean ternary) {
        for (SearchField f : values()) {
            if (f.field == field && f.ternary == ternary) {
                return f;
            }
        }
        throw new IllegalArgumentException("there is no " + (ternary ? "ternary " : "") + "search over " + field);
    }
}
