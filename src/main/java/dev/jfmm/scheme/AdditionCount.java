package dev.jfmm.scheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many additions one step of a scheme costs: forming each product's two operands (linear forms
 * in A's and B's entries, the columns of U and V) and each C entry (a linear form in the products,
 * a row of W). Scalings are free: they fold into packing. "After CSE" greedily names the sum of two
 * terms that the most forms share, as Winograd's variant of Strassen does (24 additions -> 15).
 *
 * @param straightforward additions when every form is summed on its own
 * @param afterCse additions after greedy common-subexpression elimination
 */
public record AdditionCount(int straightforward, int afterCse) {

    static AdditionCount of(Scheme s) {
        int plain = 0;
        int cse = 0;
        for (Factor f : Factor.values()) {
            List<Map<Integer, Rational>> forms = forms(s, f);
            plain += termsMinusOne(forms);
            cse += eliminate(forms);
        }
        return new AdditionCount(plain, cse);
    }

    /** Columns of U and V (one operand per product), rows of W (one sum per C entry). */
    private static List<Map<Integer, Rational>> forms(Scheme s, Factor f) {
        int rows = f.rows(s.format());
        boolean byColumn = f != Factor.W;
        int count = byColumn ? s.rank() : rows;
        int vars = byColumn ? rows : s.rank();
        List<Map<Integer, Rational>> forms = new ArrayList<>(count);
        for (int x = 0; x < count; x++) {
            Map<Integer, Rational> form = new TreeMap<>();
            for (int y = 0; y < vars; y++) {
                Rational c = byColumn ? s.coefficient(f, y, x) : s.coefficient(f, x, y);
                if (!c.isZero()) {
                    form.put(y, c);
                }
            }
            forms.add(form);
        }
        return forms;
    }

    private static int termsMinusOne(List<Map<Integer, Rational>> forms) {
        int adds = 0;
        for (Map<Integer, Rational> form : forms) {
            adds += Math.max(0, form.size() - 1);
        }
        return adds;
    }

    /** A shared subexpression x_first + ratio * x_second. */
    private record Pair(int first, int second, Rational ratio) {}

    /** Greedy CSE on the forms (consumed); returns the additions that remain, new names included. */
    private static int eliminate(List<Map<Integer, Rational>> forms) {
        int nextVariable = forms.stream().flatMap(m -> m.keySet().stream()).mapToInt(i -> i + 1).max().orElse(0);
        int named = 0;
        while (true) {
            Pair best = mostShared(forms);
            if (best == null) {
                break;
            }
            int t = nextVariable++;
            named++;
            for (Map<Integer, Rational> form : forms) {
                Rational a = form.get(best.first());
                Rational b = form.get(best.second());
                if (a != null && b != null && b.equals(a.multiply(best.ratio()))) {
                    form.remove(best.first());
                    form.remove(best.second());
                    form.put(t, a);
                }
            }
        }
        return named + termsMinusOne(forms);
    }

    /** The pair of terms that most forms contain (at least two), first found on ties; null if none. */
    private static Pair mostShared(List<Map<Integer, Rational>> forms) {
        Map<Pair, Integer> counts = new LinkedHashMap<>();
        for (Map<Integer, Rational> form : forms) {
            List<Map.Entry<Integer, Rational>> terms = new ArrayList<>(form.entrySet());
            for (int x = 0; x < terms.size(); x++) {
                for (int y = x + 1; y < terms.size(); y++) {
                    Pair pair = new Pair(terms.get(x).getKey(), terms.get(y).getKey(),
                            terms.get(y).getValue().divide(terms.get(x).getValue()));
                    counts.merge(pair, 1, Integer::sum);
                }
            }
        }
        Pair best = null;
        int bestCount = 1;
        for (Map.Entry<Pair, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
