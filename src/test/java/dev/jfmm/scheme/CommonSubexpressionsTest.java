package dev.jfmm.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The eliminated forms, their names expanded back into the original variables, are exactly the
 * scheme's factors (read straight from the scheme, the oracle), for every catalog scheme and factor.
 */
class CommonSubexpressionsTest {

    @Test
    void expandingTheNamesGivesBackEveryFactorExactly() {
        for (Catalog.Entry e : Catalog.load()) {
            for (Factor f : Factor.values()) {
                CommonSubexpressions cse = CommonSubexpressions.eliminate(e.scheme(), f);
                List<Map<Integer, Rational>> expanded = expandNames(cse);
                for (int x = 0; x < cse.forms().size(); x++) {
                    Map<Integer, Rational> form = new TreeMap<>();
                    for (Map.Entry<Integer, Rational> term : cse.forms().get(x).entrySet()) {
                        expanded.get(term.getKey()).forEach((y, c) -> form.merge(y, c.multiply(term.getValue()), Rational::add));
                    }
                    form.values().removeIf(Rational::isZero);
                    assertEquals(original(e.scheme(), f, x), form, e.file() + " " + f + " form " + x);
                }
            }
        }
    }

    @Test
    void winogradNamesItsSharedSums() {
        Scheme winograd = SchemeFiles.read(Path.of("kernels/schemes/winograd_2x2x2_r7_Z.fmm"));
        int named = 0;
        int additions = 0;
        for (Factor f : Factor.values()) {
            CommonSubexpressions cse = CommonSubexpressions.eliminate(winograd, f);
            named += cse.named().size();
            additions += cse.additions();
        }
        assertEquals(15, additions); // Winograd's 15 additions, against 24 straightforward
        assertTrue(named > 0, "names " + named);
    }

    /** Every variable and name as a form over the original variables. */
    private static List<Map<Integer, Rational>> expandNames(CommonSubexpressions cse) {
        List<Map<Integer, Rational>> expanded = new ArrayList<>();
        for (int v = 0; v < cse.variables(); v++) {
            expanded.add(Map.of(v, Rational.ONE));
        }
        for (CommonSubexpressions.Named n : cse.named()) {
            Map<Integer, Rational> sum = new TreeMap<>(expanded.get(n.first()));
            expanded.get(n.second()).forEach((y, c) -> sum.merge(y, c.multiply(n.ratio()), Rational::add));
            sum.values().removeIf(Rational::isZero);
            expanded.add(sum);
        }
        return expanded;
    }

    private static Map<Integer, Rational> original(Scheme s, Factor f, int x) {
        Map<Integer, Rational> form = new TreeMap<>();
        boolean byColumn = f != Factor.W;
        int vars = byColumn ? f.rows(s.format()) : s.rank();
        for (int y = 0; y < vars; y++) {
            Rational c = byColumn ? s.coefficient(f, y, x) : s.coefficient(f, x, y);
            if (!c.isZero()) {
                form.put(y, c);
            }
        }
        return form;
    }
}
