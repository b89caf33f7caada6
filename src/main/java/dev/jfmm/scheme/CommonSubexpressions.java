package dev.jfmm.scheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Greedy common-subexpression elimination on one factor's linear forms: the columns of U and V (one
 * operand per product, over the blocks of A or B) or the rows of W (one sum per C block, over the
 * products). Round by round, the sum of two terms that the most forms share (up to a common factor)
 * gets a name and replaces them, as Winograd's variant of Strassen does (24 additions -> 15). Used to
 * count additions ({@link AdditionCount}) and by the recursion to form each named sum once.
 *
 * @param variables the forms' variables before elimination: 0 .. variables - 1
 * @param named     the names given, in order: name t is variable {@code variables + t}, and may use earlier names
 * @param forms     each form over the variables and the names (coefficient per variable, in variable order)
 */
public record CommonSubexpressions(int variables, List<Named> named, List<Map<Integer, Rational>> forms) {

    /** A named sum x_first + ratio * x_second (first &lt; second as variables were ordered when it was named). */
    public record Named(int first, int second, Rational ratio) {
    }

    public CommonSubexpressions {
        named = List.copyOf(named);
        forms = forms.stream().map(f -> (Map<Integer, Rational>) new TreeMap<>(f)).toList();
    }

    /** The forms of factor f of s, as they are (no names). */
    public static CommonSubexpressions none(Scheme s, Factor f) {
        return new CommonSubexpressions(variables(s, f), List.of(), forms(s, f));
    }

    /** The forms of factor f of s after greedy elimination. */
    public static CommonSubexpressions eliminate(Scheme s, Factor f) {
        List<Map<Integer, Rational>> forms = forms(s, f);
        int variables = variables(s, f);
        List<Named> named = new ArrayList<>();
        while (true) {
            Named best = mostShared(forms);
            if (best == null) {
                break;
            }
            int t = variables + named.size();
            named.add(best);
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
        return new CommonSubexpressions(variables, named, forms);
    }

    /** Additions to form every name and every form: one per name, terms - 1 per form. */
    public int additions() {
        int adds = named.size();
        for (Map<Integer, Rational> form : forms) {
            adds += Math.max(0, form.size() - 1);
        }
        return adds;
    }

    private static int variables(Scheme s, Factor f) {
        return f != Factor.W ? f.rows(s.format()) : s.rank();
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

    /** The pair of terms that most forms contain (at least two), first found on ties; null if none. */
    private static Named mostShared(List<Map<Integer, Rational>> forms) {
        Map<Named, Integer> counts = new LinkedHashMap<>();
        for (Map<Integer, Rational> form : forms) {
            List<Map.Entry<Integer, Rational>> terms = new ArrayList<>(form.entrySet());
            for (int x = 0; x < terms.size(); x++) {
                for (int y = x + 1; y < terms.size(); y++) {
                    Named pair = new Named(terms.get(x).getKey(), terms.get(y).getKey(),
                            terms.get(y).getValue().divide(terms.get(x).getValue()));
                    counts.merge(pair, 1, Integer::sum);
                }
            }
        }
        Named best = null;
        int bestCount = 1;
        for (Map.Entry<Named, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
