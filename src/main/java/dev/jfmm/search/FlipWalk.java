package dev.jfmm.search;

/**
 * A GF(2) scheme being walked on in the flip graph: a multiset of rank-one terms a⊗b⊗c with the
 * factors as bit masks, indexed per slot by factor value (see {@link FactorIndex}), so that a random
 * flip is drawn in O(1). The moves keep the sum of the terms, so a valid scheme stays valid:
 *
 * <ul>
 *   <li>the flip, on two terms sharing a factor (in any of the three slots):
 *       a⊗b⊗c + a⊗b'⊗c' = a⊗(b+b')⊗c + a⊗b'⊗(c+c');</li>
 *   <li>the reduction, applied after every move until none applies: two terms sharing two factors
 *       merge (a⊗b⊗c + a⊗b⊗c' = a⊗b⊗(c+c')), and a term with a zero factor drops;</li>
 *   <li>the plus transition (Arai, Ichikawa, Hukushima), which raises the rank by one to leave a
 *       plateau: a⊗b⊗c + a'⊗b'⊗c' = a⊗(b+b')⊗c + a⊗b'⊗(c+c') + (a+a')⊗b'⊗c'.</li>
 * </ul>
 *
 * Between moves no two terms share two factors, so a flip never produces a zero factor. The moves
 * allocate nothing. Not thread-safe: one per walker.
 */
final class FlipWalk {

    private final dev.jfmm.scheme.Format format;
    private final int cap;
    /** Factor of slot s of term t at s * cap + t. */
    private final long[] f;
    private final FactorIndex[] index = new FactorIndex[3];
    private final Rng rng;
    private final long[] scratch = new long[3];
    private int rank;
    private int nonzeros;

    /** Terms whose factor in a slot changed, still to be checked for reductions. */
    private final int[] pendingTerm;
    private final int[] pendingSlot;
    private int pending;

    /**
     * Acceptance thresholds for flips that add nonzeros (index: the increase), as unsigned
     * comparisons against a random long; null accepts every flip.
     */
    private long[] accept;

    /** Loads the scheme (reducing it) with room for {@code cap} terms (at least its rank). */
    FlipWalk(BitScheme start, int cap, Rng rng) {
        this.format = start.format();
        this.cap = Math.max(cap, start.rank()) + 1;
        this.rng = rng;
        f = new long[3 * this.cap];
        for (int s = 0; s < 3; s++) {
            index[s] = new FactorIndex(this.cap);
        }
        pendingTerm = new int[4 * this.cap + 16];
        pendingSlot = new int[4 * this.cap + 16];
        for (int r = 0; r < start.rank(); r++) {
            long a = start.factor(0, r);
            long b = start.factor(1, r);
            long c = start.factor(2, r);
            if (a == 0 || b == 0 || c == 0) {
                continue;
            }
            int t = rank++;
            set(t, a, b, c);
            push(t, 0);
            push(t, 1);
        }
        settle();
    }

    int rank() {
        return rank;
    }

    int nonzeros() {
        return nonzeros;
    }

    /** Flips that raise the nonzero count by d are accepted with probability exp(-d / temperature); 0 turns it off. */
    void temperature(double temperature) {
        if (temperature <= 0) {
            accept = null;
            return;
        }
        accept = new long[3 * BitScheme.MAX_ENTRIES + 1];
        for (int d = 1; d < accept.length; d++) {
            double p = Math.exp(-d / temperature);
            accept[d] = p >= 1 ? -1L : (long) (p * 0x1p63) << 1;
        }
    }

    /** The current scheme, copied. */
    BitScheme snapshot() {
        long[][] out = new long[3][rank];
        for (int s = 0; s < 3; s++) {
            System.arraycopy(f, s * cap, out[s], 0, rank);
        }
        return new BitScheme(format, out[0], out[1], out[2]);
    }

    /**
     * One random flip, then reductions. Returns false when no two terms share a factor (no flip
     * exists); a flip refused by the temperature still counts as done.
     */
    boolean flip() {
        FactorIndex i0 = index[0];
        FactorIndex i1 = index[1];
        FactorIndex i2 = index[2];
        int total = i0.sharedCount + i1.sharedCount + i2.sharedCount;
        if (total == 0) {
            return false;
        }
        long bits = rng.next();
        int pick = (int) (((bits >>> 32) * total) >>> 32);
        int s = 0;
        FactorIndex idx = i0;
        if (pick >= i0.sharedCount) {
            pick -= i0.sharedCount;
            s = 1;
            idx = i1;
            if (pick >= i1.sharedCount) {
                pick -= i1.sharedCount;
                s = 2;
                idx = i2;
            }
        }
        int g = idx.shared[pick];
        int n = idx.size(g);
        int x = (int) (((bits & 0xFFFF_FFFFL) * n) >>> 32);
        long more = rng.next();
        int y = (int) (((more >>> 32) * (n - 1)) >>> 32);
        if (y >= x) {
            y++;
        }
        int i = idx.member(g, x);
        int j = idx.member(g, y);
        int t = s == 2 ? 0 : s + 1;
        int u = t == 2 ? 0 : t + 1;
        if ((more & 1) != 0) {
            int swap = t;
            t = u;
            u = swap;
        }
        long fi = f[t * cap + i] ^ f[t * cap + j];
        long fj = f[u * cap + j] ^ f[u * cap + i];
        if (accept != null) {
            int delta = Long.bitCount(fi) - Long.bitCount(f[t * cap + i]) + Long.bitCount(fj)
                    - Long.bitCount(f[u * cap + j]);
            if (delta > 0 && Long.compareUnsigned(rng.next(), accept[delta]) >= 0) {
                return true;
            }
        }
        int last = rank - 1;
        change(t, i, fi);
        if (fi == 0 && j == last) {
            j = i;
        }
        change(u, j, fj);
        settle();
        return true;
    }

    /**
     * One plus transition on two random terms that differ in all three factors; returns false when
     * there is no room or no such pair was drawn in a few tries.
     */
    boolean plus() {
        if (rank + 1 >= cap || rank < 2) {
            return false;
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            int i = rng.below(rank);
            int j = rng.below(rank - 1);
            if (j >= i) {
                j++;
            }
            int s = rng.below(3);
            int t = s == 2 ? 0 : s + 1;
            int u = t == 2 ? 0 : t + 1;
            long ai = f[s * cap + i];
            long aj = f[s * cap + j];
            long bi = f[t * cap + i];
            long bj = f[t * cap + j];
            long ci = f[u * cap + i];
            long cj = f[u * cap + j];
            if (ai == aj || bi == bj || ci == cj) {
                continue;
            }
            int nt = rank++;
            scratch[s] = ai;
            scratch[t] = bj;
            scratch[u] = cj ^ ci;
            set(nt, scratch[0], scratch[1], scratch[2]);
            push(nt, s);
            push(nt, t);
            change(t, i, bi ^ bj);
            change(s, j, aj ^ ai);
            settle();
            return true;
        }
        return false;
    }

    private void set(int t, long a, long b, long c) {
        f[t] = a;
        f[cap + t] = b;
        f[2 * cap + t] = c;
        index[0].add(t, a);
        index[1].add(t, b);
        index[2].add(t, c);
        nonzeros += Long.bitCount(a) + Long.bitCount(b) + Long.bitCount(c);
    }

    private void push(int t, int s) {
        pendingTerm[pending] = t;
        pendingSlot[pending++] = s;
    }

    /** Sets factor s of term t; a zero factor drops the term. Term ids may change (see removeTerm). */
    private void change(int s, int t, long value) {
        if (value == 0) {
            removeTerm(t);
            return;
        }
        index[s].remove(t);
        nonzeros += Long.bitCount(value) - Long.bitCount(f[s * cap + t]);
        f[s * cap + t] = value;
        index[s].add(t, value);
        push(t, s);
    }

    /** Removes term t; the last term takes its id (pending entries follow). */
    private void removeTerm(int t) {
        int last = --rank;
        for (int s = 0; s < 3; s++) {
            index[s].remove(t);
            nonzeros -= Long.bitCount(f[s * cap + t]);
        }
        for (int p = 0; p < pending; p++) {
            if (pendingTerm[p] == t) {
                pendingTerm[p] = -1;
            } else if (pendingTerm[p] == last) {
                pendingTerm[p] = t;
            }
        }
        if (t != last) {
            for (int s = 0; s < 3; s++) {
                f[s * cap + t] = f[s * cap + last];
                index[s].rename(last, t);
            }
        }
    }

    /** Applies reductions around the pending terms until none applies. */
    private void settle() {
        while (pending > 0) {
            int x = pendingTerm[--pending];
            int s = pendingSlot[pending];
            if (x < 0) {
                continue;
            }
            int t = s == 2 ? 0 : s + 1;
            int u = t == 2 ? 0 : t + 1;
            FactorIndex idx = index[s];
            int g = idx.groupOf(x);
            int n = idx.size(g);
            for (int m = 0; m < n; m++) {
                int k = idx.member(g, m);
                if (k == x) {
                    continue;
                }
                int merged;
                if (f[t * cap + k] == f[t * cap + x]) {
                    merged = u;
                } else if (f[u * cap + k] == f[u * cap + x]) {
                    merged = t;
                } else {
                    continue;
                }
                long value = f[merged * cap + x] ^ f[merged * cap + k];
                int last = rank - 1;
                removeTerm(k);
                if (x == last) {
                    x = k;
                }
                push(x, s);
                change(merged, x, value);
                break;
            }
        }
    }

    /** Checks the indexes against the terms (for tests): every term is in its groups, counts add up. */
    boolean consistent() {
        int nz = 0;
        for (int t = 0; t < rank; t++) {
            for (int s = 0; s < 3; s++) {
                long v = f[s * cap + t];
                if (v == 0) {
                    return false;
                }
                nz += Long.bitCount(v);
                int g = index[s].find(v);
                if (g < 0 || g != index[s].groupOf(t)) {
                    return false;
                }
                boolean member = false;
                for (int m = 0; m < index[s].size(g); m++) {
                    member |= index[s].member(g, m) == t;
                }
                if (!member) {
                    return false;
                }
            }
            for (int k = t + 1; k < rank; k++) {
                int same = 0;
                for (int s = 0; s < 3; s++) {
                    same += f[s * cap + t] == f[s * cap + k] ? 1 : 0;
                }
                if (same >= 2) {
                    return false;
                }
            }
        }
        return nz == nonzeros;
    }
}
