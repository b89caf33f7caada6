package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A walker's keep test: refused lower ranks are never reported, and the walk goes on from the last kept one. */
class WalkerTest {

    private static final Format F = new Format(3, 3, 3);

    private static Walker.Outcome walk(long seed, Predicate<BitScheme> keep) {
        return Walker.round(BitScheme.classical(F), seed, 400_000, new Walker.Params(23, true, 5_000, 2, 0, 0, false, keep));
    }

    @Test
    void refusingEveryLowerRankKeepsTheStart() {
        List<Integer> offered = new ArrayList<>();
        Walker.Outcome o = walk(1, s -> {
            offered.add(s.rank());
            return false;
        });
        assertEquals(BitScheme.classical(F), o.lowest());
        assertEquals(offered.size(), o.refused());
        assertTrue(offered.size() > 1, "the walk kept finding lower ranks from the start: " + offered);
        assertTrue(offered.stream().allMatch(r -> r == F.classicalRank() - 1), offered.toString());
    }

    @Test
    void aRefusedRankIsFoundAgainElsewhereAndOnlyKeptSchemesAreReported() {
        // Refuse the first scheme of each rank: the walker goes back and must find another one.
        List<BitScheme> refused = new ArrayList<>();
        Predicate<BitScheme> secondOfEachRank = s -> {
            if (refused.stream().noneMatch(r -> r.rank() == s.rank())) {
                refused.add(s.sorted());
                return false;
            }
            return true;
        };
        Walker.Outcome o = walk(2, secondOfEachRank);
        Walker.Outcome free = walk(2, null);
        assertTrue(o.lowest().rank() < F.classicalRank() - 3, "descended to " + o.lowest().rank());
        assertTrue(Verifier.verify(o.lowest().toScheme(List.of())).valid());
        assertTrue(refused.stream().noneMatch(r -> r.equals(o.lowest().sorted())), "a refused scheme was reported");
        assertNotEquals(free.lowest(), o.lowest());
        assertEquals(refused.size(), o.refused());
        assertEquals(0, free.refused());
    }

    @Test
    void theSameSeedAndTestGiveTheSameWalk() {
        Predicate<BitScheme> mod4 = Lifting::liftsMod4;
        assertEquals(walk(3, mod4).lowest(), walk(3, mod4).lowest());
    }

    @Test
    void aDescentFindsDistinctSchemesOfOneLowerRankFromThePool() {
        List<BitScheme> pool = List.of(BitScheme.classical(F));
        Walker.Params p = new Walker.Params(0, true, 5_000, 2, 0, 0, false);
        Walker.Descent d = Walker.descend(pool, 4, 1_000_000, 50_000, 12, p);
        assertEquals(12, d.found().size());
        assertTrue(d.walks() >= 12 && d.flips() <= 1_000_000, d.toString());
        int rank = d.found().get(0).rank();
        assertTrue(rank < F.classicalRank(), "rank " + rank);
        for (BitScheme s : d.found()) {
            assertEquals(rank, s.rank());
            assertTrue(Verifier.verify(s.toScheme(List.of())).valid());
        }
        assertEquals(12, d.found().stream().map(BitScheme::sorted).distinct().count());
        assertEquals(d, Walker.descend(pool, 4, 1_000_000, 50_000, 12, p));
        Walker.Descent lower = Walker.descend(d.found(), 5, 1_000_000, 50_000, 3, p);
        assertTrue(lower.found().stream().allMatch(s -> s.rank() < rank), "the second descent did not go below " + rank);
    }

    /**
     * A resetting track walks until it stalls for the reset length; a stalled one starts walk + walkers from
     * one of the recent schemes. Each leg is a pure function of its inputs, and its schemes stay valid over Z.
     */
    @Test
    void aResettingTrackWalksUntilItStallsThenStartsFromARecentScheme() {
        BitScheme classical = BitScheme.ternary(dev.jfmm.scheme.SchemeAlgebra.classical(F));
        Walker.Params p = new Walker.Params(0, true, 5_000, 2, 0, 0, false);
        List<BitScheme> recent = List.of(classical);
        Walker.Leg first = Walker.resettingRound(Walker.Track.start(1, classical), recent, 2, 7, 3_000_000, 200_000, p);
        assertEquals(first, Walker.resettingRound(Walker.Track.start(1, classical), recent, 2, 7, 3_000_000, 200_000, p));
        Walker.Track t = first.track();
        assertEquals(1, t.walk());
        assertEquals(first.flips(), t.flips());
        assertTrue(t.lowest().rank() < F.classicalRank(), "descended to " + t.lowest().rank());
        assertEquals(200_000, first.flips(), "a round walks at most until the walk could have stalled");
        assertTrue(t.stall() < 200_000, "it went lower since its start: " + t);
        Walker.Leg second = Walker.resettingRound(t, recent, 2, 7, 3_000_000, 200_000, p);
        assertEquals(200_000 - t.stall(), second.flips());
        assertEquals(List.of(1L, 200_000 + second.flips()), List.of((long) second.track().walk(), second.track().flips()));
        Walker.Track stalled = new Walker.Track(1, 5_000_000, classical, classical, 200_000);
        Walker.Leg fresh = Walker.resettingRound(stalled, List.of(t.lowest()), 2, 7, 1_000, 200_000, p);
        assertEquals(List.of(3L, 1_000L), List.of((long) fresh.track().walk(), fresh.track().flips()), "the next walk");
        assertTrue(fresh.track().lowest().rank() <= t.lowest().rank(), "it started from the recent scheme");
        for (Walker.Leg leg : List.of(first, second, fresh)) {
            for (BitScheme s : List.of(leg.track().current(), leg.track().lowest())) {
                assertTrue(Verifier.verify(s.toScheme(List.of())).valid());
            }
            assertTrue(leg.track().lowest().rank() <= leg.track().current().rank());
        }
    }
}
