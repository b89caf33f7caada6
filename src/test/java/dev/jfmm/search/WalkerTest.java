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
}
