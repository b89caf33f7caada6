package dev.jfmm.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The distinct schemes of the lowest rank offered so far, in the order offered; a scheme of a lower rank
 * replaces them all. Breadth-first descent collects the next rank down with it, per walker and per search.
 */
final class LowestRank {
    private final List<BitScheme> schemes = new ArrayList<>();
    private final Set<BitScheme> keys = new HashSet<>();

    /** Keeps s unless it is of a higher rank than those kept or already kept; true when kept. */
    boolean add(BitScheme s) {
        if (!schemes.isEmpty() && s.rank() > rank()) {
            return false;
        }
        if (!schemes.isEmpty() && s.rank() < rank()) {
            clear();
        }
        if (!keys.add(s.sorted())) {
            return false;
        }
        schemes.add(s);
        return true;
    }

    /** Whether add(s) would keep s. */
    boolean wouldKeep(BitScheme s) {
        return schemes.isEmpty() || s.rank() < rank() || s.rank() == rank() && !keys.contains(s.sorted());
    }

    boolean isEmpty() {
        return schemes.isEmpty();
    }

    int size() {
        return schemes.size();
    }

    /** The rank of the schemes kept; needs at least one. */
    int rank() {
        return schemes.get(0).rank();
    }

    /** The schemes kept, in the order offered (a view). */
    List<BitScheme> schemes() {
        return schemes;
    }

    void clear() {
        schemes.clear();
        keys.clear();
    }
}
