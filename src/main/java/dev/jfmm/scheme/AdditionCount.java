package dev.jfmm.scheme;

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
            plain += CommonSubexpressions.none(s, f).additions();
            cse += CommonSubexpressions.eliminate(s, f).additions();
        }
        return new AdditionCount(plain, cse);
    }
}
