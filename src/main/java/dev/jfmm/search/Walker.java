package dev.jfmm.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One walker's round: a random walk in the flip graph from a start scheme, for a budget of flips.
 * Every reduction that lowers the rank below the lowest seen is kept; after {@code plateau} flips
 * without one, a plus transition raises the rank by one (at most {@code excess} above the lowest) to
 * leave the plateau. A round is a pure function of its inputs and seed: that is what makes a search
 * repeatable whatever the threads' timing.
 */
final class Walker {

    /**
     * How a round walks.
     *
     * @param target stop at this rank (when {@code stopAtTarget})
     * @param stopAtTarget end the round as soon as the rank is at most target
     * @param plateau flips without a new lowest rank before a plus transition
     * @param excess how far above its lowest rank plus transitions may take the walk
     * @param temperature above 0: flips that add nonzeros are accepted with probability exp(-added / temperature)
     * @param samples how many schemes at the lowest rank to collect as candidates (0: none)
     * @param uniform collect a uniform sample of the schemes met (else those with the fewest nonzeros)
     * @param keep a new lowest rank counts only when its scheme passes this test (null: always); when it
     *     fails, the walk goes back to the lowest scheme kept
     */
    record Params(int target, boolean stopAtTarget, long plateau, int excess, double temperature, int samples,
            boolean uniform, Predicate<BitScheme> keep) {

        Params(int target, boolean stopAtTarget, long plateau, int excess, double temperature, int samples,
                boolean uniform) {
            this(target, stopAtTarget, plateau, excess, temperature, samples, uniform, null);
        }
    }

    /**
     * What a round found.
     *
     * @param lowest the first scheme of the lowest rank reached (the start when nothing lower was)
     * @param end the last scheme at that lowest rank the walk was on (where it ended, or where it last
     *     came back down to it), when that is not {@code lowest} itself; else null
     * @param samples distinct schemes at the lowest rank (when asked for)
     * @param flips flips done
     * @param refused lower ranks refused by the keep test
     * @param last the scheme the walk stands on as the round ends (where a track goes on from)
     * @param lowestAt after how many of the round's flips {@code lowest} was reached; -1 when it is the start's
     * @param stuck the walk ended before its budget and target with no flip and no plus transition left
     */
    record Outcome(BitScheme lowest, BitScheme end, List<BitScheme> samples, long flips, int refused, BitScheme last,
            long lowestAt, boolean stuck) {}

    /**
     * What a breadth round found.
     *
     * @param found distinct schemes below the pool's rank, all of the lowest rank found, in the order found
     * @param flips flips done
     * @param walks walks started
     * @param refused lower ranks refused by the keep test
     */
    record Descent(List<BitScheme> found, long flips, int walks, int refused) {}

    /**
     * One walker's own walk, carried from round to round: a transpose-symmetric walk ({@link SymmetricWalk}),
     * started afresh every so many flips, or a walk that resets when it stalls.
     *
     * @param walk which walk this is: walker w of W walks walks w, w + W, w + 2W, ...; the seeds derive from it
     * @param flips flips into the walk
     * @param current where the walk stands
     * @param lowest the first scheme of the lowest rank the walk reached
     * @param stall flips since the walk last went below its lowest rank (walks that reset; else 0)
     */
    record Track(int walk, long flips, BitScheme current, BitScheme lowest, long stall) {

        /** A new walk from the start scheme. */
        static Track start(int walk, BitScheme start) {
            return new Track(walk, 0, start, start, 0);
        }

        boolean over(long restart) {
            return flips >= restart;
        }
    }

    /** What a round of a track did: the track as it ends the round, and the flips walked in it. */
    record Leg(Track track, long flips) {}

    private Walker() {}

    /**
     * A round of a symmetric search: the track walks on for {@code budget} flips (fewer when its walk ends
     * first: at {@code restart} flips, at the target rank, or stuck with no move), after a fresh start from
     * {@code start} as walk {@code walk + walkers} when its walk is over. Walks restart because symmetric
     * walks settle in basins (4x4x4 over GF(2): 3 of 43 walks reached rank 47 within a minute, none of the
     * others later; README, "Transpose-symmetric walk"). A pure function of its inputs.
     */
    static Leg symmetricRound(Track track, BitScheme start, int walkers, long seed, long budget, long restart,
            Params p) {
        Track t = track.over(restart) ? Track.start(track.walk() + walkers, start) : track;
        SymmetricWalk w = new SymmetricWalk(t.current(), t.lowest(), t.lowest().rank() + p.excess() + 2,
                new Rng(Rng.seed(seed, t.walk(), t.flips())));
        long left = Math.min(budget, restart - t.flips());
        long flips = 0;
        while (flips < left && w.lowRank() > p.target()) {
            long done = w.descend(left - flips, p.target(), p.plateau(), p.excess());
            if (done == 0) { // stuck: no flip and no plus transition; the walk is over
                return new Leg(new Track(t.walk(), restart, w.snapshot(), w.lowest(), 0), flips);
            }
            flips += done;
        }
        return new Leg(new Track(t.walk(), t.flips() + flips, w.snapshot(), w.lowest(), 0), flips);
    }

    /**
     * A round of a search whose walks reset (Perminov's flip graphs): the track walks on for {@code budget}
     * flips, fewer when it reaches the target or {@code reset} flips without going below its lowest rank;
     * a track that has stalled that long (or is stuck with no move) first starts walk {@code walk + walkers}
     * from one of {@code recent}, the search's latest new lowest schemes, drawn at random. A pure function
     * of its inputs.
     */
    static Leg resettingRound(Track track, List<BitScheme> recent, int walkers, long seed, long budget, long reset,
            Params p) {
        Track t = track;
        if (t.stall() >= reset) {
            int walk = t.walk() + walkers;
            BitScheme from = recent.get(new Rng(Rng.seed(seed, walk, -1)).below(recent.size()));
            t = Track.start(walk, from);
        }
        Outcome o = round(t.current(), t.lowest(), Rng.seed(seed, t.walk(), t.flips()),
                Math.min(budget, reset - t.stall()), p);
        long stall = o.stuck() ? reset : o.lowestAt() >= 0 ? o.flips() - o.lowestAt() : t.stall() + o.flips();
        return new Leg(new Track(t.walk(), t.flips() + o.flips(), o.last(), o.lowest(), stall), o.flips());
    }

    /**
     * A breadth round (Kauers and Moosbauer's pool search): walks of at most {@code walkLength} flips,
     * each from a scheme drawn from the pool (all of one rank) and ended at the first rank below it,
     * until the budget is spent or {@code want} distinct lower schemes are found. Many short walks from
     * many parents reach schemes one long walk does not.
     */
    static Descent descend(List<BitScheme> pool, long seed, long budget, long walkLength, int want, Params p) {
        Rng rng = new Rng(seed);
        int rank = pool.get(0).rank();
        Params down = new Params(rank - 1, true, p.plateau(), p.excess(), 0, 0, false, p.keep());
        LowestRank found = new LowestRank();
        long flips = 0;
        int walks = 0;
        int refused = 0;
        while (flips < budget && found.size() < want) {
            BitScheme start = pool.get(rng.below(pool.size()));
            Outcome o = round(start, rng.next(), Math.min(walkLength, budget - flips), down);
            flips += o.flips();
            walks++;
            refused += o.refused();
            if (o.lowest().rank() < rank) {
                found.add(o.lowest());
            }
        }
        return new Descent(List.copyOf(found.schemes()), flips, walks, refused);
    }

    static Outcome round(BitScheme start, long seed, long budget, Params p) {
        return round(start, start, seed, budget, p);
    }

    /**
     * A round from {@code start}, on a walk whose lowest scheme so far is {@code lowest} (the start itself,
     * or, on a track, the walk's lowest, which plus transitions keep it within {@code excess} of).
     */
    static Outcome round(BitScheme start, BitScheme lowest, long seed, long budget, Params p) {
        Rng rng = new Rng(seed);
        int cap = lowest.rank() + p.excess() + 1;
        FlipWalk w = new FlipWalk(start, cap, rng);
        w.temperature(p.temperature());
        int low = Math.min(w.rank(), lowest.rank());
        long lowestAt = -1;
        if (w.rank() < lowest.rank()) {
            lowest = w.snapshot();
            lowestAt = 0;
        }
        Samples samples = new Samples(p.samples(), p.uniform() ? new Rng(seed ^ 0x5DEECE66DL) : null);
        long sampleEvery = Math.max(1, budget / Math.max(1, 8L * p.samples()));
        long since = 0;
        long flips = 0;
        int refused = 0;
        int before = w.rank();
        BitScheme lastAtLow = null;
        boolean stuck = false;
        while (flips < budget && !(p.stopAtTarget() && w.rank() <= p.target())) {
            flips++;
            if (!w.flip()) {
                if (!w.plus()) {
                    stuck = true;
                    break;
                }
                since = 0;
                before = w.rank();
                continue;
            }
            int rank = w.rank();
            if (rank < low && p.keep() != null && !p.keep().test(w.snapshot())) {
                refused++;
                w = new FlipWalk(lowest, cap, rng);
                w.temperature(p.temperature());
                since = 0;
                before = w.rank();
                continue;
            }
            if (rank < low) {
                low = rank;
                lowest = w.snapshot();
                lowestAt = flips;
                lastAtLow = null;
                samples.clear();
                since = 0;
            } else {
                if (rank == low && before > low) {
                    lastAtLow = w.snapshot();
                }
                if (++since >= p.plateau()) {
                    since = 0;
                    if (rank < low + p.excess()) {
                        w.plus();
                    }
                }
            }
            before = w.rank();
            if (p.samples() > 0 && w.rank() == low && flips % sampleEvery == 0) {
                samples.offer(w);
            }
        }
        if (p.samples() > 0 && w.rank() == low) {
            samples.offer(w);
        }
        BitScheme last = w.snapshot();
        BitScheme end = w.rank() == low ? last : lastAtLow;
        return new Outcome(lowest, end, samples.list(), flips, refused, last, lowestAt, stuck);
    }

    /**
     * Up to {@code max} distinct schemes: a uniform sample of those offered (reservoir sampling) when
     * given a generator, else those with the fewest nonzeros (ties: the earlier).
     */
    private static final class Samples {
        private final int max;
        private final Rng uniform;
        private final List<BitScheme> kept = new ArrayList<>();
        private int offered;

        Samples(int max, Rng uniform) {
            this.max = max;
            this.uniform = uniform;
        }

        void clear() {
            kept.clear();
            offered = 0;
        }

        void offer(FlipWalk w) {
            if (max == 0) {
                return;
            }
            if (uniform != null) {
                int slot = kept.size() < max ? kept.size() : uniform.below(++offered);
                offered = Math.max(offered, kept.size() + 1);
                if (slot < max) {
                    BitScheme s = w.snapshot().sorted();
                    if (!kept.contains(s)) {
                        if (slot == kept.size()) {
                            kept.add(s);
                        } else {
                            kept.set(slot, s);
                        }
                    }
                }
                return;
            }
            int nz = w.nonzeros();
            if (kept.size() == max && kept.get(max - 1).nonzeros() <= nz) {
                return;
            }
            BitScheme s = w.snapshot().sorted();
            if (kept.contains(s)) {
                return;
            }
            int at = 0;
            while (at < kept.size() && kept.get(at).nonzeros() <= nz) {
                at++;
            }
            kept.add(at, s);
            if (kept.size() > max) {
                kept.remove(max);
            }
        }

        List<BitScheme> list() {
            return List.copyOf(kept);
        }
    }
}
