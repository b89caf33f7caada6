package dev.jfmm.search;

import dev.jfmm.scheme.Format;
import dev.jfmm.scheme.Scheme;
import dev.jfmm.scheme.SchemeFiles;
import dev.jfmm.scheme.Verification;
import dev.jfmm.scheme.Verifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs the experimental {@link SymmetricWalk} from the classical algorithm (not a unit test; start it
 * from the test classpath):
 *
 * <pre>java -cp target/classes:target/test-classes dev.jfmm.search.SymmetricWalkRun FORMAT SEED SECONDS TARGET [OUT|-] [PLATEAU] [EXCESS] [RESTART]</pre>
 *
 * It prints each new lowest rank with the time and flips to it, then flips/s, verifies the lowest
 * scheme with {@link Verifier} and writes it to OUT when given. With RESTART (seconds) above 0 it starts a
 * fresh walk from the classical algorithm (walk k seeded with stream k of SEED) whenever one has walked
 * that long, until the time is up or one reaches TARGET.
 */
public final class SymmetricWalkRun {

    private SymmetricWalkRun() {}

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: SymmetricWalkRun FORMAT SEED SECONDS TARGET [OUT|-] [PLATEAU] [EXCESS] [RESTART]");
            System.exit(2);
        }
        Format format = Format.parse(args[0]);
        long seed = Long.parseLong(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int target = Integer.parseInt(args[3]);
        Path out = args.length > 4 && !args[4].equals("-") ? Path.of(args[4]) : null;
        long plateau = args.length > 5 ? Long.parseLong(args[5]) : Search.PLATEAU;
        int excess = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        double restart = args.length > 7 ? Double.parseDouble(args[7]) : 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long flips = 0;
        long idle = 0;
        BitScheme best = null;
        System.out.printf(Locale.ROOT, "%s seed %d: plateau %d, excess %d, restart %s%n", format, seed, plateau, excess,
                restart > 0 ? "every " + restart + " s" : "never");
        for (int walk = 0; System.nanoTime() < deadline && (best == null || best.rank() > target); walk++) {
            SymmetricWalk w = new SymmetricWalk(BitScheme.classical(format), format.classicalRank() + excess + 2,
                    new Rng(restart > 0 ? Rng.seed(seed, walk) : Rng.seed(seed)));
            long walkEnd = restart > 0 ? Math.min(deadline, System.nanoTime() + (long) (restart * 1e9)) : deadline;
            long walkStart = System.nanoTime();
            while (System.nanoTime() < walkEnd && w.lowRank() > target) {
                int before = w.lowRank();
                long done = w.descend(1 << 20, target, plateau, excess);
                flips += done;
                if (done == 0) {
                    System.out.println("stuck: no flip and no plus transition at rank " + w.rank());
                    break;
                }
                if (w.lowRank() < before) {
                    BitScheme low = w.lowest();
                    System.out.printf(Locale.ROOT, "walk %d: rank %d at %.2f s (%.2f s into the walk; %d flips in all; "
                            + "%d fixed terms, %d nonzeros)%n", walk, low.rank(), (System.nanoTime() - start) / 1e9,
                            (System.nanoTime() - walkStart) / 1e9, flips, fixedTerms(low), low.nonzeros());
                }
            }
            idle += w.idleFlips();
            if (best == null || w.lowRank() < best.rank()) {
                best = w.lowest();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Scheme scheme = best.toScheme(List.of("transpose-symmetric flip-graph walk (SymmetricWalkRun "
                + String.join(" ", args) + "), from the classical algorithm"));
        Verification v = Verifier.verify(scheme);
        System.out.printf(Locale.ROOT, "end: lowest rank %d (%d fixed), %d flips in %.1f s, %.2f M flips/s (%.1f%% idle); "
                + "verify %s, invariant %b%n", best.rank(), fixedTerms(best), flips, elapsed, flips / elapsed / 1e6,
                100.0 * idle / Math.max(1, flips), v.summary(), SymmetricWalk.invariant(best));
        if (out != null && v.valid()) {
            SchemeFiles.write(scheme, out);
            System.out.println("wrote " + out);
        }
    }

    private static int fixedTerms(BitScheme s) {
        return new SymmetricWalk(s, s.rank(), new Rng(0)).fixedTerms();
    }
}
