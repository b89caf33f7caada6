package dev.jfmm.search;

/**
 * For one slot (the A, B or C factor) of a {@link FlipWalk}: which terms have which factor value.
 * An open-addressing hash table maps a value to its group (the terms having it); groups with two or
 * more members are also kept in a list, so a random flip candidate is drawn in O(1). Every operation
 * is O(1) expected and none allocates.
 */
final class FactorIndex {

    private final int cap;
    private final int shift;
    private final int mask;
    private final long[] keys;
    /** Group id + 1 at a table position; 0 marks an empty position. */
    private final int[] groupAt;

    /** The table position of group g's key (so deleting it needs no lookup). */
    private final int[] slotOf;
    private final int[] size;
    /** Members of group g at g * cap .. g * cap + size[g] - 1. */
    private final int[] members;
    private final int[] sharedPos;
    private final int[] freeGroups;
    private int freeCount;

    /** Groups with at least two members: the factor values a flip can use. */
    final int[] shared;
    int sharedCount;

    /** The group a term is in, and its position among the group's members. */
    private final int[] groupOf;
    private final int[] posIn;

    FactorIndex(int cap) {
        this.cap = cap;
        int bits = Math.max(4, 32 - Integer.numberOfLeadingZeros(4 * cap - 1));
        shift = 64 - bits;
        mask = (1 << bits) - 1;
        keys = new long[1 << bits];
        groupAt = new int[1 << bits];
        slotOf = new int[cap];
        size = new int[cap];
        members = new int[cap * cap];
        sharedPos = new int[cap];
        freeGroups = new int[cap];
        for (int g = 0; g < cap; g++) {
            freeGroups[g] = cap - 1 - g;
        }
        freeCount = cap;
        shared = new int[cap];
        groupOf = new int[cap];
        posIn = new int[cap];
    }

    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The group of terms whose factor is this value, or -1. */
    int find(long key) {
        for (int i = home(key); ; i = (i + 1) & mask) {
            int g = groupAt[i];
            if (g == 0) {
                return -1;
            }
            if (keys[i] == key) {
                return g - 1;
            }
        }
    }

    /** Records that term t has this factor value; returns its group. */
    int add(int t, long key) {
        int i = home(key);
        int g;
        while (true) {
            int at = groupAt[i];
            if (at == 0) {
                g = freeGroups[--freeCount];
                keys[i] = key;
                groupAt[i] = g + 1;
                slotOf[g] = i;
                size[g] = 0;
                break;
            }
            if (keys[i] == key) {
                g = at - 1;
                break;
            }
            i = (i + 1) & mask;
        }
        int n = size[g]++;
        members[g * cap + n] = t;
        groupOf[t] = g;
        posIn[t] = n;
        if (n == 1) {
            sharedPos[g] = sharedCount;
            shared[sharedCount++] = g;
        }
        return g;
    }

    /** Forgets term t's factor value. */
    void remove(int t) {
        int g = groupOf[t];
        int n = --size[g];
        int last = members[g * cap + n];
        int pos = posIn[t];
        members[g * cap + pos] = last;
        posIn[last] = pos;
        if (n == 1) {
            int p = sharedPos[g];
            int moved = shared[--sharedCount];
            shared[p] = moved;
            sharedPos[moved] = p;
        } else if (n == 0) {
            delete(slotOf[g]);
            freeGroups[freeCount++] = g;
        }
    }

    /** Term {@code from} is now called {@code to} (terms are renumbered when one is removed). */
    void rename(int from, int to) {
        int g = groupOf[from];
        int pos = posIn[from];
        members[g * cap + pos] = to;
        groupOf[to] = g;
        posIn[to] = pos;
    }

    /**
     * Stores term t's factors in the walks' layout (slot s at {@code f[s * cap + t]}) and indexes them;
     * returns how many nonzero coefficients they have.
     */
    static int store(FactorIndex[] index, long[] f, int cap, int t, long a, long b, long c) {
        f[t] = a;
        f[cap + t] = b;
        f[2 * cap + t] = c;
        index[0].add(t, a);
        index[1].add(t, b);
        index[2].add(t, c);
        return Long.bitCount(a) + Long.bitCount(b) + Long.bitCount(c);
    }

    /**
     * Draws two distinct terms sharing a factor: a shared group uniformly among those of all three slots'
     * indexes, then an ordered pair of its members, from two numbers of rng. Returns
     * {@code slot | i << 2 | j << 23 | r << 44}, r two more random bits, or -1 when no group is shared.
     */
    static long drawShared(FactorIndex[] index, Rng rng) {
        int total = index[0].sharedCount + index[1].sharedCount + index[2].sharedCount;
        if (total == 0) {
            return -1;
        }
        long bits = rng.next();
        int pick = (int) (((bits >>> 32) * total) >>> 32);
        int s = 0;
        while (pick >= index[s].sharedCount) {
            pick -= index[s].sharedCount;
            s++;
        }
        FactorIndex idx = index[s];
        int g = idx.shared[pick];
        int n = idx.size[g];
        int x = (int) (((bits & 0xFFFF_FFFFL) * n) >>> 32);
        long more = rng.next();
        int y = (int) (((more >>> 32) * (n - 1)) >>> 32);
        if (y >= x) {
            y++;
        }
        return s | (long) idx.member(g, x) << 2 | (long) idx.member(g, y) << 23 | (more & 3) << 44;
    }

    int groupOf(int t) {
        return groupOf[t];
    }

    int size(int g) {
        return size[g];
    }

    int member(int g, int i) {
        return members[g * cap + i];
    }

    /** Linear probing deletion (of table position i) with backward shift, so no tombstones accumulate. */
    private void delete(int i) {
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (groupAt[j] == 0) {
                break;
            }
            int k = home(keys[j]);
            boolean movable = j > i ? (k <= i || k > j) : (k <= i && k > j);
            if (movable) {
                keys[i] = keys[j];
                groupAt[i] = groupAt[j];
                slotOf[groupAt[j] - 1] = i;
                i = j;
            }
        }
        groupAt[i] = 0;
    }
}
