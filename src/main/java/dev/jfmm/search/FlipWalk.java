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
 *
 * <p>Over Z with coefficients in {-1, 0, 1} (a {@link BitScheme#ternary()} start), each term is
 * σ·a⊗b⊗c with σ = ±1 and every factor canonical (first nonzero entry +1, {@link Ternary}), so
 * factors equal up to sign share an index key. The moves are the same with signs: the flip
 * a⊗b⊗c + a⊗b'⊗c' = a⊗(b+eb')⊗c + a⊗b'⊗(c'-ec) for e = ±1, the merge a⊗b⊗c + a⊗b⊗c' = a⊗b⊗(c+c'),
 * and the plus transition a⊗b⊗c + a'⊗b'⊗c' = a⊗(b+b')⊗c + a⊗b'⊗(c'-c) + (a'-a)⊗b'⊗c' (signs folded
 * into the factors). A move whose result has an entry outside {-1, 0, 1} is not made: a flip tries
 * the other e, a merge leaves the two terms apart (a later flip may still join them), so every scheme
 * the walk reaches is valid over Z as it stands, with no lifting.
 */
final class FlipWalk {

    private final dev.jfmm.scheme.Format format;
    private final boolean ternary;
    private final int cap;
    /** Factor of slot s of term t at s * cap + t. */
    private final long[] f;
    /** Ternary walks: the sign σ of term t (+1 or -1); all +1 over GF(2). */
    private final int[] sign;
    private final FactorIndex[] index = new FactorIndex[3];
    private final Rng rng;
    private final long[] scratch = new long[3];
    private int rank;
    private int nonzeros;

    /**
     * Ternary: candidate flips drawn before a flip counts as refused. Dense factors leave {-1, 0, 1} in
     * most flips, and a walk that stands still on those reaches plus transitions without having moved.
     */
    private static final int FLIP_ATTEMPTS = 32;

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
        this.ternary = start.ternary();
        this.cap = Math.max(cap, start.rank()) + 1;
        this.rng = rng;
        f = new long[3 * this.cap];
        sign = new int[this.cap];
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
            set(t, a, b, c, 1);
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

    /** The current scheme, copied (a ternary term's sign folded into its C factor). */
    BitScheme snapshot() {
        long[][] out = new long[3][rank];
        for (int s = 0; s < 3; s++) {
            System.arraycopy(f, s * cap, out[s], 0, rank);
        }
        for (int t = 0; t < rank; t++) {
            if (sign[t] < 0) {
                out[2][t] = Ternary.negate(out[2][t]);
            }
        }
        return new BitScheme(format, ternary, out[0], out[1], out[2]);
    }

    /** x + y or x - y over Z (ternary; {@link Ternary#OUT_OF_RANGE} when that leaves {-1, 0, 1}), x + y over GF(2). */
    private long sum(long x, long y, boolean subtract) {
        return ternary ? Ternary.add(x, y, subtract) : x ^ y;
    }

    private boolean outOfRange(long x) {
        return ternary && x == Ternary.OUT_OF_RANGE;
    }

    /**
     * One random flip, then reductions. Returns false when no two terms share a factor (no flip
     * exists); a flip refused by the temperature, or (ternary) leaving {-1, 0, 1} with both signs,
     * still counts as done.
     */
    boolean flip() {
        for (int attempt = 1; ; attempt++) {
            long draw = FactorIndex.drawShared(index, rng);
            if (draw < 0) {
                return false;
            }
            int s = (int) (draw & 3);
            int i = (int) (draw >>> 2 & 0x1F_FFFF);
            int j = (int) (draw >>> 23 & 0x1F_FFFF);
            int t = s == 2 ? 0 : s + 1;
            int u = t == 2 ? 0 : t + 1;
            if ((draw >>> 44 & 1) != 0) {
                int swap = t;
                t = u;
                u = swap;
            }
            // Term i: σi·a⊗bi⊗ci, term j: σj·a⊗bj⊗cj; bi += e·bj and cj -= e·σi·σj·ci keep the sum.
            boolean minus = (draw >>> 45 & 1) != 0;
            boolean sameSign = sign[i] == sign[j];
            long fi = sum(f[t * cap + i], f[t * cap + j], minus);
            long fj = sum(f[u * cap + j], f[u * cap + i], minus != sameSign);
            if (outOfRange(fi) || outOfRange(fj)) {
                minus = !minus;
                fi = sum(f[t * cap + i], f[t * cap + j], minus);
                fj = sum(f[u * cap + j], f[u * cap + i], minus != sameSign);
                if (outOfRange(fi) || outOfRange(fj)) {
                    if (attempt < FLIP_ATTEMPTS) {
                        continue;
                    }
                    return true;
                }
            }
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
    }

    /**
     * One plus transition on two random terms that differ in all three factors; returns false when
     * there is no room or no such pair was drawn in a few tries.
     */
    boolean plus() {
        if (rank + 1 >= cap || rank < 2) {
            return false;
        }
        int attempts = ternary ? 32 : 8; // ternary: most pairs' transitions leave {-1, 0, 1}
        for (int attempt = 0; attempt < attempts; attempt++) {
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
            // Ternary: with x' = α·aj and y' = β·bj (α, β = ±1) the new terms are ai⊗bj⊗(α·σj·cj - β·σi·ci),
            // σi·ai⊗(bi + β·bj)⊗ci and σj·(aj - α·ai)⊗bj⊗cj.
            long draw = ternary ? rng.next() : 0; // over GF(2) the signs do not matter: the stream stays as it was
            boolean alpha = (draw & 1) != 0;
            boolean beta = (draw & 2) != 0;
            long cNew = sum(sign[j] < 0 != alpha ? Ternary.negate(cj) : cj, ci, sign[i] < 0 == beta);
            long bNew = sum(bi, bj, beta);
            long aNew = sum(aj, ai, !alpha);
            if (outOfRange(cNew) || outOfRange(bNew) || outOfRange(aNew)) {
                continue;
            }
            int nt = rank++;
            scratch[s] = ai;
            scratch[t] = bj;
            scratch[u] = cNew;
            set(nt, scratch[0], scratch[1], scratch[2], 1);
            push(nt, s);
            push(nt, t);
            change(t, i, bNew);
            change(s, j, aNew);
            settle();
            return true;
        }
        return false;
    }

    /** Term t is termSign·a⊗b⊗c; ternary factors are made canonical, their signs folded into σ. */
    private void set(int t, long a, long b, long c, int termSign) {
        if (ternary) {
            termSign *= signOf(a) * signOf(b) * signOf(c);
            a = Ternary.canonical(a);
            b = Ternary.canonical(b);
            c = Ternary.canonical(c);
        }
        sign[t] = termSign;
        nonzeros += FactorIndex.store(index, f, cap, t, a, b, c);
    }

    private void push(int t, int s) {
        pendingTerm[pending] = t;
        pendingSlot[pending++] = s;
    }

    private static int signOf(long x) {
        return x == 0 || Ternary.positive(x) ? 1 : -1;
    }

    /**
     * Sets factor s of term t (a ternary value's sign goes into the term's); a zero factor drops the
     * term. Term ids may change (see removeTerm).
     */
    private void change(int s, int t, long value) {
        if (value == 0) {
            removeTerm(t);
            return;
        }
        if (ternary && !Ternary.positive(value)) {
            value = Ternary.negate(value);
            sign[t] = -sign[t];
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
            sign[t] = sign[last];
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
                // σx·p⊗q⊗vx + σk·p⊗q⊗vk = σx·p⊗q⊗(vx + σx·σk·vk)
                long value = sum(f[merged * cap + x], f[merged * cap + k], sign[x] != sign[k]);
                if (outOfRange(value)) {
                    continue;
                }
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
                if (v == 0 || ternary && !(Ternary.valid(v) && Ternary.positive(v))) {
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
                int apart = 2;
                for (int s = 0; s < 3; s++) {
                    if (f[s * cap + t] == f[s * cap + k]) {
                        same++;
                    } else {
                        apart = s;
                    }
                }
                // Ternary terms sharing two factors stay apart only when merging them leaves {-1, 0, 1}.
                if (same >= 2 && !outOfRange(sum(f[apart * cap + t], f[apart * cap + k], sign[t] != sign[k]))) {
                    return false;
                }
            }
        }
        return nz == nonzeros;
    }
}
