package dev.jfmm.search;

import java.util.Arrays;

/**
 * A linear system over GF(2), rows as bit sets, solved by Gauss-Jordan elimination. The solutions
 * are one particular solution plus any combination of the free columns: {@link #solution} takes the
 * values of the free unknowns and returns the whole vector.
 */
final class Gf2System {

    private final int unknowns;
    private final int words;
    private long[][] rows;
    private boolean[] rhs;
    private int count;
    private boolean inconsistent;
    private int[] pivotColumn;
    private int pivots;

    Gf2System(int unknowns) {
        this.unknowns = unknowns;
        this.words = (unknowns + 63) >>> 6;
        rows = new long[16][];
        rhs = new boolean[16];
    }

    /** A row to fill with {@link #set} and then {@link #add}. */
    long[] newRow() {
        return new long[words];
    }

    static void set(long[] row, int column) {
        row[column >>> 6] ^= 1L << column;
    }

    /** Adds the equation row · x = value (the row is kept, not copied). */
    void add(long[] row, boolean value) {
        boolean empty = true;
        for (long w : row) {
            empty &= w == 0;
        }
        if (empty) {
            inconsistent |= value;
            return;
        }
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, count * 2);
            rhs = Arrays.copyOf(rhs, count * 2);
        }
        rows[count] = row;
        rhs[count++] = value;
    }

    /** Eliminates; returns false when the system has no solution. */
    boolean solve() {
        pivotColumn = new int[Math.min(count, unknowns)];
        int r = 0;
        for (int col = 0; col < unknowns && r < count && !inconsistent; col++) {
            int w = col >>> 6;
            long bit = 1L << col;
            int p = r;
            while (p < count && (rows[p][w] & bit) == 0) {
                p++;
            }
            if (p == count) {
                continue;
            }
            long[] pr = rows[p];
            rows[p] = rows[r];
            rows[r] = pr;
            boolean pv = rhs[p];
            rhs[p] = rhs[r];
            rhs[r] = pv;
            for (int q = 0; q < count; q++) {
                long[] row = rows[q];
                if (q != r && (row[w] & bit) != 0) {
                    for (int k = w; k < words; k++) {
                        row[k] ^= pr[k];
                    }
                    rhs[q] ^= pv;
                }
            }
            pivotColumn[r++] = col;
        }
        pivots = r;
        for (int q = r; q < count; q++) {
            inconsistent |= rhs[q];
        }
        return !inconsistent;
    }

    /** True when column is a free unknown (after {@link #solve}). */
    boolean[] freeColumns() {
        boolean[] free = new boolean[unknowns];
        Arrays.fill(free, true);
        for (int r = 0; r < pivots; r++) {
            free[pivotColumn[r]] = false;
        }
        return free;
    }

    /** The solution with these values of the free unknowns (pivot entries of {@code free} are ignored). */
    boolean[] solution(boolean[] freeValues) {
        boolean[] free = freeColumns();
        long[] x = new long[words];
        for (int c = 0; c < unknowns; c++) {
            if (free[c] && freeValues[c]) {
                set(x, c);
            }
        }
        boolean[] out = new boolean[unknowns];
        for (int c = 0; c < unknowns; c++) {
            out[c] = free[c] && freeValues[c];
        }
        for (int r = 0; r < pivots; r++) {
            long[] row = rows[r];
            int parity = 0;
            for (int k = 0; k < words; k++) {
                parity ^= Long.bitCount(row[k] & x[k]);
            }
            out[pivotColumn[r]] = rhs[r] ^ (parity & 1) != 0;
        }
        return out;
    }
}
