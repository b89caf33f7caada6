package dev.jfmm.search;

import dev.jfmm.scheme.Format;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A GF(2) flip-graph walk over schemes invariant under the transpose symmetry σ(a⊗b⊗c) = bᵀ⊗aᵀ⊗cᵀ
 * (from (AB)ᵀ = BᵀAᵀ), which preserves the tensor of &lt;n,m,n&gt; ({@code jfmm search --symmetry
 * transpose}). Moosbauer and Poole walk over symmetric schemes to leave basins the plain walk stays in
 * (see {@link FlipWalk}): 4x4x4 reaches rank 47 here, where the plain walk stops at 49.
 *
 * <p>The scheme is kept expanded (every term, indexed per slot as {@link FlipWalk} does) with each term
 * linked to its mirror: a fixed term t = σt = x⊗xᵀ⊗z (z = zᵀ) is its own, the two members of a pair are
 * each other's. Every move replaces whole orbits, so the scheme stays invariant, and keeps the sum; over
 * GF(2) a pair whose representative turns out fixed is t + σt = 2t = 0 and vanishes. Below, f = x⊗xᵀ⊗z
 * is a fixed term and "pair t" stands for t + σt.
 *
 * <ul>
 *   <li>Flips. Two pair members t1, t2 of different orbits sharing a factor: the flip on them and the
 *       mirrored flip on σt1, σt2. A pair t = a⊗b⊗c with c = cᵀ shares its C factor with its mirror: the
 *       flip on the two gives pair a⊗(b+aᵀ)⊗c (or (a+bᵀ)⊗b⊗c). A fixed term and a pair member sharing A
 *       (t = x⊗b⊗c, else its mirror): f + pair t = x⊗xᵀ⊗(z+c+cᵀ) + pair x⊗(b+xᵀ)⊗c, the flip on (t, f) and
 *       then on (σt, f). Two fixed terms and a pair member t = a⊗b⊗z sharing C:
 *       x⊗xᵀ⊗z + y⊗yᵀ⊗z + pair t = (x+a)⊗(x+a)ᵀ⊗z + (y+a)⊗(y+a)ᵀ⊗z + pair a⊗(b+xᵀ+yᵀ)⊗z, the only flip
 *       that changes a fixed term's A factor (without it the walk on 4x4x4 stalled at rank 53).</li>
 *   <li>Reductions, after every move until none applies, wherever two terms share two factors: pair t
 *       and pair t' of other orbits sharing two merge into one pair (or none); a pair member sharing
 *       A and B with its mirror, t = a⊗aᵀ⊗c: pair t = a⊗aᵀ⊗(c+cᵀ), fixed; two fixed terms x⊗xᵀ⊗z,
 *       x⊗xᵀ⊗z' merge into x⊗xᵀ⊗(z+z'); f and t = x⊗xᵀ⊗c: f + pair t = x⊗xᵀ⊗(z+c+cᵀ); f and t = x⊗b⊗z:
 *       f + pair t = (x+bᵀ)⊗(xᵀ+b)⊗z + bᵀ⊗b⊗z, two fixed terms for three. A zero factor drops a term.</li>
 *   <li>Plus transitions, to leave a plateau: the plus transition on two pair members t1, t2 of
 *       different orbits and on their mirrors (rank +2); on a pair's two members (a⊗b⊗c with c ≠ cᵀ):
 *       pair t = pair a⊗(b+aᵀ)⊗c + a⊗aᵀ⊗(c+cᵀ) (+1); on two fixed terms:
 *       x⊗xᵀ⊗z + y⊗yᵀ⊗z' = (x+y)⊗(x+y)ᵀ⊗z + pair x⊗yᵀ⊗z + y⊗yᵀ⊗(z+z') (+1 or +2); on a fixed term and a
 *       pair member sharing A, t = x⊗b⊗c: f + pair t = (x+bᵀ)⊗(xᵀ+b)⊗z + pair x⊗b⊗(c+z) + bᵀ⊗b⊗z (+1);
 *       sharing C, t = a⊗b⊗z: f + pair t = pair a⊗(b+xᵀ)⊗z + (x+a)⊗(x+a)ᵀ⊗z + a⊗aᵀ⊗z (+1).</li>
 * </ul>
 *
 * Term ids are recycled through a free list (no renumbering). The moves allocate nothing. Not
 * thread-safe: one per walker.
 */
final class SymmetricWalk {

    /** Random draws of two terms sharing a factor before a flip looks for one by scanning. */
    private static final int FLIP_ATTEMPTS = 16;
    private static final int PLUS_ATTEMPTS = 16;
    /** Room above the highest rank a plus transition may reach, for the terms a move adds before reductions. */
    private static final int SLACK = 8;

    private final Format format;
    private final Transpose transpose;
    private final int cap;
    private final int maxRank;
    /** Factor of slot s of term t at s * cap + t. */
    private final long[] f;
    /** The id of term t's mirror (t itself when fixed); -1 for a free id. */
    private final int[] mirror;
    private final int[] alive;
    private final int[] posInAlive;
    private final int[] free;
    private int freeCount;
    private int rank;
    private int fixedCount;
    private int nonzeros;
    private final FactorIndex[] index = new FactorIndex[3];
    private final Rng rng;
    /** Terms still to be checked for reductions, each at most once. */
    private final int[] pending;
    private final boolean[] queued;
    private int pendingCount;
    /** The lowest rank reached, its first scheme, and flips since then or since the last plus transition. */
    private int lowRank;
    private BitScheme lowest;
    private long since;
    private long idle;

    /**
     * Loads a σ-invariant scheme (reducing it), with room for plus transitions up to {@code maxRank}.
     *
     * @throws IllegalArgumentException when the format is not &lt;n,m,n&gt;, the scheme is ternary or not invariant
     */
    SymmetricWalk(BitScheme start, int maxRank, Rng rng) {
        if (start.ternary()) {
            throw new IllegalArgumentException("the symmetric walk is over GF2 only");
        }
        this.format = start.format();
        this.transpose = new Transpose(format);
        this.maxRank = Math.max(maxRank, start.rank());
        this.cap = this.maxRank + SLACK;
        this.rng = rng;
        f = new long[3 * cap];
        mirror = new int[cap];
        alive = new int[cap];
        posInAlive = new int[cap];
        free = new int[cap];
        pending = new int[cap];
        queued = new boolean[cap];
        for (int t = 0; t < cap; t++) {
            mirror[t] = -1;
            free[t] = cap - 1 - t;
        }
        freeCount = cap;
        for (int s = 0; s < 3; s++) {
            index[s] = new FactorIndex(cap);
        }
        load(start);
        lowRank = rank;
        lowest = snapshot();
    }

    /**
     * Loads {@code current} (σ-invariant) to walk on from, with {@code lowest} the lowest scheme an earlier
     * part of the walk reached (what a walk stuck above its lowest rank goes back to).
     */
    SymmetricWalk(BitScheme current, BitScheme lowest, int maxRank, Rng rng) {
        this(current, maxRank, rng);
        if (lowest.rank() <= lowRank) {
            lowRank = lowest.rank();
            this.lowest = lowest;
        }
    }

    /** Replaces the terms by those of s (σ-invariant), reduced. */
    private void load(BitScheme s) {
        List<long[]> orbits = orbits(s, transpose);
        while (rank > 0) {
            removeOrbit(alive[0]);
        }
        for (long[] orbit : orbits) {
            if (orbit.length == 3) {
                addFixed(orbit[0], orbit[1], orbit[2]);
            } else {
                addPair(orbit[0], orbit[1], orbit[2]);
            }
        }
        settle();
    }

    /** Whether s is invariant under σ (its terms, as a multiset, are their mirrors). */
    static boolean invariant(BitScheme s) {
        try {
            orbits(s, new Transpose(s.format()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The scheme's orbits: {a, b, c} for a fixed term, {a, b, c, 0} for a pair (one member). */
    private static List<long[]> orbits(BitScheme s, Transpose tr) {
        Map<Term, Integer> count = new HashMap<>();
        for (int r = 0; r < s.rank(); r++) {
            count.merge(new Term(s.factor(0, r), s.factor(1, r), s.factor(2, r)), 1, Integer::sum);
        }
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<Term, Integer> e : count.entrySet()) {
            Term t = e.getKey();
            Term m = new Term(tr.a(t.b), tr.b(t.a), tr.c(t.c));
            if (!e.getValue().equals(count.get(m))) {
                throw new IllegalArgumentException(s + " is not invariant under the transpose symmetry");
            }
            boolean fixed = m.equals(t);
            if (fixed || t.compareTo(m) < 0) { // each pair once, from its smaller member
                for (int k = 0; k < e.getValue(); k++) {
                    out.add(fixed ? new long[] {t.a, t.b, t.c} : new long[] {t.a, t.b, t.c, 0});
                }
            }
        }
        return out;
    }

    private record Term(long a, long b, long c) implements Comparable<Term> {
        @Override
        public int compareTo(Term o) {
            int cmp = Long.compare(a, o.a);
            cmp = cmp != 0 ? cmp : Long.compare(b, o.b);
            return cmp != 0 ? cmp : Long.compare(c, o.c);
        }
    }

    int rank() {
        return rank;
    }

    /** Terms with σt = t. */
    int fixedTerms() {
        return fixedCount;
    }

    int nonzeros() {
        return nonzeros;
    }

    /** The lowest rank reached (by loading or by {@link #descend}). */
    int lowRank() {
        return lowRank;
    }

    /** The first scheme reached at the lowest rank. */
    BitScheme lowest() {
        return lowest;
    }

    /**
     * Walks as {@link Walker#round} does: flips, and after {@code plateau} flips without a new lowest
     * rank a plus transition while less than {@code excess} above the lowest, else back to the lowest
     * scheme (walks here stall above it otherwise: fixed terms keep their A factor in every flip); a plus
     * transition also when no flip exists. Stops after {@code budget} flips, at a new lowest rank, or at rank {@code target} or below;
     * returns the flips done (0 when stuck: no flip and no plus transition).
     */
    long descend(long budget, int target, long plateau, int excess) {
        long flips = 0;
        while (flips < budget && rank > target) {
            flips++;
            boolean flipped = flip();
            if (!flipped) {
                if (!plus()) {
                    return flips - 1;
                }
                since = 0;
            }
            if (rank < lowRank) {
                lowRank = rank;
                lowest = snapshot();
                since = 0;
                return flips;
            }
            if (flipped && ++since >= plateau) {
                since = 0;
                if (rank < lowRank + excess) {
                    plus();
                } else {
                    load(lowest); // stuck above the lowest rank: walk on from the lowest scheme
                }
            }
        }
        return flips;
    }

    /** The current scheme (every term), copied. */
    BitScheme snapshot() {
        long[][] out = new long[3][rank];
        for (int r = 0; r < rank; r++) {
            int t = alive[r];
            for (int s = 0; s < 3; s++) {
                out[s][r] = f[s * cap + t];
            }
        }
        return new BitScheme(format, out[0], out[1], out[2]);
    }

    /**
     * One random flip, then reductions. Returns false when no two terms share a factor in a way a flip
     * can use; a draw that found only pairs no flip applies to, while a flip exists, counts as done.
     */
    boolean flip() {
        for (int attempt = 0; attempt < FLIP_ATTEMPTS; attempt++) {
            long draw = FactorIndex.drawShared(index, rng);
            if (draw < 0) {
                return false;
            }
            int s = (int) (draw & 3);
            if (tryFlip(s, (int) (draw >>> 2 & 0x1F_FFFF), (int) (draw >>> 23 & 0x1F_FFFF), (draw >>> 44 & 1) != 0)) {
                settle();
                return true;
            }
        }
        boolean exists = anyFlip();
        idle += exists ? 1 : 0;
        return exists;
    }

    /** Calls of {@link #flip} that found a flip to make only by scanning, and so made none. */
    long idleFlips() {
        return idle;
    }

    /** Whether some two terms sharing a factor admit a flip (a scan, for when random draws found none). */
    private boolean anyFlip() {
        for (int s = 0; s < 3; s++) {
            FactorIndex idx = index[s];
            for (int q = 0; q < idx.sharedCount; q++) {
                int g = idx.shared[q];
                for (int x = 0; x < idx.size(g); x++) {
                    for (int y = 0; y < idx.size(g); y++) {
                        if (x != y && flippable(s, idx.member(g, x), idx.member(g, y))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private boolean flippable(int s, int i, int j) {
        boolean fi = mirror[i] == i;
        boolean fj = mirror[j] == j;
        if (fi || fj) {
            return s == 2 ? sliceThird(i, j) >= 0 : !(fi && fj);
        }
        return j != mirror[i] || s == 2;
    }

    /**
     * For terms i and j sharing their C factor, one of them fixed: another term with that C factor such
     * that the three are two fixed terms and a pair member, or -1.
     */
    private int sliceThird(int i, int j) {
        boolean wantFixed = mirror[i] != i || mirror[j] != j;
        FactorIndex idx = index[2];
        int g = idx.groupOf(i);
        int n = idx.size(g);
        int start = rng.below(n);
        for (int q = 0; q < n; q++) {
            int k = idx.member(g, (start + q) % n);
            if (k != i && k != j && (mirror[k] == k) == wantFixed) {
                return k;
            }
        }
        return -1;
    }

    /** The flip on terms i and j sharing slot s, when one applies (see the class comment); swap picks the direction. */
    private boolean tryFlip(int s, int i, int j, boolean swap) {
        int fx = mirror[i] == i ? i : mirror[j] == j ? j : -1;
        if (fx >= 0 && s == 2) {
            int k = sliceThird(i, j);
            if (k < 0) {
                return false;
            }
            int t = mirror[i] != i ? i : mirror[j] != j ? j : k;
            flipSlice(t == i ? j : i, t == k ? j : k, t);
            return true;
        }
        if (!flippable(s, i, j)) {
            return false;
        }
        if (fx >= 0) {
            int t = fx == i ? j : i;
            if (s == 1) {
                t = mirror[t]; // σt shares the A factor with the fixed term
            }
            long x = f[fx];
            long xt = f[cap + fx];
            long z = f[2 * cap + fx];
            long b = f[cap + t];
            long c = f[2 * cap + t];
            removeOrbit(fx);
            removeOrbit(t);
            addFixed(x, xt, z ^ c ^ transpose.c(c));
            addPair(x, b ^ xt, c);
            return true;
        }
        int t = s == 2 ? 0 : s + 1;
        int u = t == 2 ? 0 : t + 1;
        if (swap) {
            int tmp = t;
            t = u;
            u = tmp;
        }
        long i0 = f[i];
        long i1 = f[cap + i];
        long i2 = f[2 * cap + i];
        long j0 = f[j];
        long j1 = f[cap + j];
        long j2 = f[2 * cap + j];
        long it = f[t * cap + j];
        long ju = f[u * cap + i];
        boolean self = j == mirror[i];
        removeOrbit(i);
        if (!self) {
            removeOrbit(j);
        }
        // i: slot t += j's; j: slot u += i's. For j = σi (sharing a symmetric C) the new j is the new i's mirror.
        addPair(t == 0 ? i0 ^ it : i0, t == 1 ? i1 ^ it : i1, t == 2 ? i2 ^ it : i2);
        if (!self) {
            addPair(u == 0 ? j0 ^ ju : j0, u == 1 ? j1 ^ ju : j1, u == 2 ? j2 ^ ju : j2);
        }
        return true;
    }

    /**
     * Two fixed terms x⊗xᵀ⊗z, y⊗yᵀ⊗z and a pair member t = a⊗b⊗z with the same C factor:
     * (x+a)⊗(x+a)ᵀ⊗z + (y+a)⊗(y+a)ᵀ⊗z + pair a⊗(b+xᵀ+yᵀ)⊗z is the same sum. (Their A⊗B parts form a
     * symmetric form whose diagonal is x + y; with one fixed term its A factor could not change.)
     */
    private void flipSlice(int fx, int fy, int t) {
        long x = f[fx];
        long xt = f[cap + fx];
        long y = f[fy];
        long yt = f[cap + fy];
        long a = f[t];
        long b = f[cap + t];
        long z = f[2 * cap + t];
        long at = transpose.b(a);
        removeOrbit(fx);
        removeOrbit(fy);
        removeOrbit(t);
        addFixed(x ^ a, xt ^ at, z);
        addFixed(y ^ a, yt ^ at, z);
        addPair(a, b ^ xt ^ yt, z);
    }

    /**
     * One plus transition on two random terms (see the class comment), then reductions; returns false
     * when the rank is at its maximum or no two terms drawn in a few tries admit one.
     */
    boolean plus() {
        if (rank + 2 > maxRank || rank < 2) {
            return false;
        }
        for (int attempt = 0; attempt < PLUS_ATTEMPTS; attempt++) {
            int x = rng.below(rank);
            int y = rng.below(rank - 1);
            if (y >= x) {
                y++;
            }
            if (tryPlus(alive[x], alive[y])) {
                settle();
                return true;
            }
        }
        return false;
    }

    private boolean tryPlus(int i, int j) {
        boolean fi = mirror[i] == i;
        boolean fj = mirror[j] == j;
        if (fi && fj) {
            return plusFixed(i, j);
        }
        if (fi || fj) {
            return plusFixedAndPair(fi ? i : j, fi ? j : i);
        }
        if (j == mirror[i]) {
            return plusSelf(i);
        }
        return plusPairs(i, j);
    }

    /** Two fixed terms: x⊗xᵀ⊗z + y⊗yᵀ⊗z' = (x+y)⊗(x+y)ᵀ⊗z + pair x⊗yᵀ⊗z + y⊗yᵀ⊗(z+z'). */
    private boolean plusFixed(int i, int j) {
        long x = f[i];
        long xt = f[cap + i];
        long z = f[2 * cap + i];
        long y = f[j];
        long yt = f[cap + j];
        long z2 = f[2 * cap + j];
        if (x == y) {
            return false;
        }
        removeOrbit(i);
        removeOrbit(j);
        addFixed(x ^ y, xt ^ yt, z);
        addPair(x, yt, z);
        addFixed(y, yt, z ^ z2);
        return true;
    }

    /** A fixed term and a pair member sharing A (after taking the mirror) or C. */
    private boolean plusFixedAndPair(int fx, int t) {
        long x = f[fx];
        long xt = f[cap + fx];
        long z = f[2 * cap + fx];
        if (f[cap + t] == xt) {
            t = mirror[t];
        }
        long a = f[t];
        long b = f[cap + t];
        long c = f[2 * cap + t];
        if (a == x) {
            long bt = transpose.a(b);
            removeOrbit(fx);
            removeOrbit(t);
            addFixed(x ^ bt, xt ^ b, z);
            addPair(x, b, c ^ z);
            addFixed(bt, b, z);
            return true;
        }
        if (c == z) {
            long at = transpose.b(a);
            removeOrbit(fx);
            removeOrbit(t);
            addPair(a, b ^ xt, z);
            addFixed(x ^ a, xt ^ at, z);
            addFixed(a, at, z);
            return true;
        }
        return false;
    }

    /** A pair's two members, t = a⊗b⊗c with c ≠ cᵀ: pair t = pair a⊗(b+aᵀ)⊗c + a⊗aᵀ⊗(c+cᵀ). */
    private boolean plusSelf(int i) {
        long a = f[i];
        long b = f[cap + i];
        long c = f[2 * cap + i];
        long ct = transpose.c(c);
        if (c == ct) {
            return false;
        }
        long at = transpose.b(a);
        removeOrbit(i);
        addPair(a, b ^ at, c);
        addFixed(a, at, c ^ ct);
        return true;
    }

    /** The plus transition of {@link FlipWalk} on two pair members of different orbits, and on their mirrors. */
    private boolean plusPairs(int i, int j) {
        int s = rng.below(3);
        int t = s == 2 ? 0 : s + 1;
        int u = t == 2 ? 0 : t + 1;
        long[] ti = {f[i], f[cap + i], f[2 * cap + i]};
        long[] tj = {f[j], f[cap + j], f[2 * cap + j]};
        if (ti[0] == tj[0] || ti[1] == tj[1] || ti[2] == tj[2]) {
            return false;
        }
        // a⊗b⊗c + a'⊗b'⊗c' = a⊗(b+b')⊗c + a⊗b'⊗(c+c') + (a+a')⊗b'⊗c', (a, b, c) in slots (s, t, u)
        long[] added = new long[3];
        added[s] = ti[s];
        added[t] = tj[t];
        added[u] = ti[u] ^ tj[u];
        ti[t] ^= tj[t];
        tj[s] ^= added[s];
        removeOrbit(i);
        removeOrbit(j);
        addPair(added[0], added[1], added[2]);
        addPair(ti[0], ti[1], ti[2]);
        addPair(tj[0], tj[1], tj[2]);
        return true;
    }

    private int newTerm(long a, long b, long c) {
        int t = free[--freeCount];
        nonzeros += FactorIndex.store(index, f, cap, t, a, b, c);
        posInAlive[t] = rank;
        alive[rank++] = t;
        if (!queued[t]) {
            queued[t] = true;
            pending[pendingCount++] = t;
        }
        return t;
    }

    /** Adds a fixed term (a = bᵀ, c = cᵀ); one with a zero factor is nothing. */
    private void addFixed(long a, long b, long c) {
        if (a == 0 || b == 0 || c == 0) {
            return;
        }
        int t = newTerm(a, b, c);
        mirror[t] = t;
        fixedCount++;
    }

    /** Adds t = a⊗b⊗c and σt; nothing when a factor is zero or t is fixed (t + σt = 2t = 0 over GF(2)). */
    private void addPair(long a, long b, long c) {
        if (a == 0 || b == 0 || c == 0) {
            return;
        }
        long ma = transpose.a(b);
        long mb = transpose.b(a);
        long mc = transpose.c(c);
        if (ma == a && mc == c) {
            return;
        }
        int t = newTerm(a, b, c);
        int m = newTerm(ma, mb, mc);
        mirror[t] = m;
        mirror[m] = t;
    }

    private void removeTerm(int t) {
        for (int s = 0; s < 3; s++) {
            index[s].remove(t);
            nonzeros -= Long.bitCount(f[s * cap + t]);
        }
        int last = alive[--rank];
        int pos = posInAlive[t];
        alive[pos] = last;
        posInAlive[last] = pos;
        mirror[t] = -1;
        free[freeCount++] = t;
    }

    /** Removes term t and its mirror. */
    private void removeOrbit(int t) {
        int m = mirror[t];
        removeTerm(t);
        if (m == t) {
            fixedCount--;
        } else {
            removeTerm(m);
        }
    }

    /** Applies reductions around the pending terms until none applies. */
    private void settle() {
        while (pendingCount > 0) {
            int x = pending[--pendingCount];
            queued[x] = false;
            if (mirror[x] < 0) {
                continue;
            }
            int k = sharingTwo(x);
            if (k >= 0) {
                reduce(x, k);
            }
        }
    }

    /** A term sharing two factors with term x, or -1. */
    private int sharingTwo(int x) {
        FactorIndex i0 = index[0];
        int g = i0.groupOf(x);
        for (int q = 0; q < i0.size(g); q++) {
            int k = i0.member(g, q);
            if (k != x && (f[cap + k] == f[cap + x] || f[2 * cap + k] == f[2 * cap + x])) {
                return k;
            }
        }
        FactorIndex i1 = index[1];
        g = i1.groupOf(x);
        for (int q = 0; q < i1.size(g); q++) {
            int k = i1.member(g, q);
            if (k != x && f[2 * cap + k] == f[2 * cap + x]) {
                return k;
            }
        }
        return -1;
    }

    /** Merges the orbits of terms x and k, which share two factors (see the class comment). */
    private void reduce(int x, int k) {
        long xa = f[x];
        long xb = f[cap + x];
        long xc = f[2 * cap + x];
        boolean fx = mirror[x] == x;
        boolean fk = mirror[k] == k;
        if (k == mirror[x]) {
            // a pair member and its mirror can share only A and B: x = a⊗aᵀ⊗c
            removeOrbit(x);
            addFixed(xa, xb, xc ^ transpose.c(xc));
        } else if (fx && fk) {
            // two fixed terms sharing two factors share A and B
            long kc = f[2 * cap + k];
            removeOrbit(x);
            removeOrbit(k);
            addFixed(xa, xb, xc ^ kc);
        } else if (fx || fk) {
            int fixed = fx ? x : k;
            int t = fx ? k : x;
            long a = f[fixed];
            long at = f[cap + fixed];
            long z = f[2 * cap + fixed];
            if (f[cap + t] == at && f[t] != a) {
                t = mirror[t]; // shares B and C: its mirror shares A and C
            }
            long b = f[cap + t];
            long c = f[2 * cap + t];
            removeOrbit(fixed);
            removeOrbit(t);
            if (b == at) {
                addFixed(a, at, z ^ c ^ transpose.c(c));
            } else {
                long bt = transpose.a(b);
                addFixed(a ^ bt, at ^ b, z);
                addFixed(bt, b, z);
            }
        } else {
            long[] sum = {xa ^ f[k], xb ^ f[cap + k], xc ^ f[2 * cap + k]};
            long[] merged = {xa, xb, xc};
            for (int s = 0; s < 3; s++) {
                if (sum[s] != 0) {
                    merged[s] = sum[s];
                }
            }
            boolean identical = sum[0] == 0 && sum[1] == 0 && sum[2] == 0;
            removeOrbit(x);
            removeOrbit(k);
            if (!identical) {
                addPair(merged[0], merged[1], merged[2]);
            }
        }
    }

    /**
     * Checks the state (for tests): factors nonzero, mirrors linked and σ of each other, fixed terms
     * fixed, indexes and counts right, no two terms sharing two factors.
     */
    boolean consistent() {
        int nz = 0;
        int fixed = 0;
        for (int r = 0; r < rank; r++) {
            int t = alive[r];
            int m = mirror[t];
            if (m < 0 || mirror[m] != t || posInAlive[t] != r) {
                return false;
            }
            long a = f[t];
            long b = f[cap + t];
            long c = f[2 * cap + t];
            if (a == 0 || b == 0 || c == 0) {
                return false;
            }
            if (f[m] != transpose.a(b) || f[cap + m] != transpose.b(a) || f[2 * cap + m] != transpose.c(c)) {
                return false;
            }
            fixed += m == t ? 1 : 0;
            for (int s = 0; s < 3; s++) {
                long v = f[s * cap + t];
                nz += Long.bitCount(v);
                int g = index[s].find(v);
                if (g < 0 || g != index[s].groupOf(t)) {
                    return false;
                }
            }
            for (int q = r + 1; q < rank; q++) {
                int k = alive[q];
                int same = (f[k] == a ? 1 : 0) + (f[cap + k] == b ? 1 : 0) + (f[2 * cap + k] == c ? 1 : 0);
                if (same >= 2) {
                    return false;
                }
            }
        }
        return nz == nonzeros && fixed == fixedCount && rank + freeCount == cap;
    }

    /**
     * σ on factor masks, for &lt;n,m,n&gt;: A (n x m) to B (m x n) and back by transposing, C (n x n)
     * transposed; byte-wise lookup tables.
     */
    static final class Transpose {
        private final long[] aToB;
        private final long[] bToA;
        private final long[] cToC;

        Transpose(Format format) {
            int n = format.n();
            int m = format.m();
            if (format.p() != n) {
                throw new IllegalArgumentException("the transpose symmetry maps " + format.angle() + " to <"
                        + format.p() + "," + m + "," + n + ">; it needs n = p");
            }
            BitScheme.checkFormat(format);
            int[] ab = new int[n * m];
            int[] ba = new int[m * n];
            int[] cc = new int[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    ab[i * m + j] = j * n + i;
                    ba[j * n + i] = i * m + j;
                }
                for (int k = 0; k < n; k++) {
                    cc[i * n + k] = k * n + i;
                }
            }
            aToB = table(ab);
            bToA = table(ba);
            cToC = table(cc);
        }

        private static long[] table(int[] perm) {
            long[] t = new long[8 * 256];
            for (int at = 0; at < 8; at++) {
                for (int v = 0; v < 256; v++) {
                    long out = 0;
                    for (int bit = 0; bit < 8; bit++) {
                        int from = at * 8 + bit;
                        if ((v >>> bit & 1) != 0 && from < perm.length) {
                            out |= 1L << perm[from];
                        }
                    }
                    t[at * 256 + v] = out;
                }
            }
            return t;
        }

        private static long apply(long[] table, long x) {
            long out = 0;
            for (int at = 0; x != 0; at++, x >>>= 8) {
                out |= table[at * 256 + (int) (x & 0xFF)];
            }
            return out;
        }

        /** The A factor of σt from t's B factor (its transpose). */
        long a(long b) {
            return apply(bToA, b);
        }

        /** The B factor of σt from t's A factor. */
        long b(long a) {
            return apply(aToB, a);
        }

        /** The C factor of σt from t's. */
        long c(long c) {
            return apply(cToC, c);
        }
    }
}
