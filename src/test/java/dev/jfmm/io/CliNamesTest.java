package dev.jfmm.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jfmm.gemm.FastGemm;
import dev.jfmm.search.Search;
import dev.jfmm.search.SearchSymmetry;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Command-line names of the enums that options and checkpoints spell: written, read back, refused. */
class CliNamesTest {

    private enum Sample { PLAIN, TWO_WORDS, WITH_THREE_WORDS }

    @Test
    void namesAreLowerCaseWithDashes() {
        assertEquals("plain", CliNames.of(Sample.PLAIN));
        assertEquals("two-words", CliNames.of(Sample.TWO_WORDS));
        assertEquals("plain, two-words, with-three-words", CliNames.joined(Sample.values()));
        assertEquals("write-once-cse", FastGemm.Strategy.WRITE_ONCE_CSE.cliName());
        assertEquals("transpose", SearchSymmetry.TRANSPOSE.cliName());
    }

    @Test
    void everyConstantReadsBackInAnyCase() {
        for (List<? extends Enum<?>> constants : List.of(List.of(FastGemm.Strategy.values()),
                List.of(FastGemm.Parallelism.values()), List.of(Search.PolishGoal.values()),
                List.of(SearchSymmetry.values()), List.of(Sample.values()))) {
            for (Enum<?> constant : constants) {
                String name = CliNames.of(constant);
                for (String typed : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
                    Object read = switch (constant) {
                        case FastGemm.Strategy s -> FastGemm.Strategy.ofCliName(typed);
                        case FastGemm.Parallelism p -> FastGemm.Parallelism.ofCliName(typed);
                        case Search.PolishGoal g -> Search.PolishGoal.parse(typed);
                        case SearchSymmetry y -> SearchSymmetry.parse(typed);
                        default -> CliNames.parse(Sample.values(), "sample", typed);
                    };
                    assertSame(constant, read, typed);
                }
            }
        }
    }

    @Test
    void anyOtherNameIsRefusedListingTheNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> CliNames.parse(Sample.values(), "sample", "two_words"));
        assertEquals("unknown sample 'two_words'; expected one of plain, two-words, with-three-words", e.getMessage());
        var g = assertThrows(IllegalArgumentException.class, () -> Search.PolishGoal.parse("speed"));
        assertEquals("unknown polish goal 'speed'; expected one of additions, nonzeros", g.getMessage());
        var y = assertThrows(IllegalArgumentException.class, () -> SearchSymmetry.parse("cyclic"));
        assertEquals("unknown symmetry 'cyclic'; expected one of none, transpose", y.getMessage());
    }
}
