package dev.jfmm.search;

/**
 * Where a search that starts over stands ({@code --start-over}): the pool of a start that has stayed at its
 * lowest rank for as long as it took to get there (and at least {@code floor} flips) is given up, and the
 * search starts again from the start scheme. Starts settle in basins: on 3x4x5 over Z, one-thread searches
 * from the pool reached rank 48 in 3 to 11 minutes, and those that went on to 47 did so within about four more
 * (286-452 s in all), while the others stayed at 48 for the rest of their 30 minutes (README, "Starting over").
 *
 * @param origin the scheme every start begins from
 * @param floor the fewest flips a start stands at its lowest rank before it is given up
 * @param number which start this is, 1 for the first
 * @param round the round this start began at (its rounds grow from short ones again)
 * @param flips the search's flips when this start began
 * @param lowestAt the search's flips when this start's pool reached its current rank
 * @param lowestRank the lowest rank any start's walk reached
 */
record Epoch(BitScheme origin, long floor, int number, int round, long flips, long lowestAt, int lowestRank) {

    static Epoch first(BitScheme origin, long floor) {
        return new Epoch(origin, floor, 1, 0, 0, 0, origin.rank());
    }

    /** This start's pool reached a new lowest rank after {@code now} flips. */
    Epoch descended(long now, int rank) {
        return new Epoch(origin, floor, number, round, flips, now, Math.min(lowestRank, rank));
    }

    /** Flips this start has stood at its lowest rank, after {@code now} flips in all. */
    long stall(long now) {
        return now - lowestAt;
    }

    /** Whether this start has stood at its lowest rank as long as it took to get there, and at least the floor. */
    boolean stalled(long now) {
        return stall(now) >= Math.max(floor, lowestAt - flips);
    }

    /** The next start, from round {@code nextRound} after {@code now} flips. */
    Epoch next(int nextRound, long now) {
        return new Epoch(origin, floor, number + 1, nextRound, now, now, lowestRank);
    }
}
