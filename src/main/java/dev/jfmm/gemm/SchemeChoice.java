package dev.jfmm.gemm;

import dev.jfmm.hw.HardwareProfile;
import dev.jfmm.kernel.Precision;
import dev.jfmm.scheme.Catalog;
import dev.jfmm.scheme.Scheme;
import java.util.List;

/**
 * Which backend a call runs on when the caller named no scheme: the first of the hardware profile's
 * fast-scheme candidates ({@link HardwareProfile#fastSchemes()}) that applies to the call's shape,
 * precision and threads and whose growth the accuracy policy admits, else the classical dispatcher.
 * Each candidate's {@link FastGemm} is built once, when a call first reaches it (so a classical-only
 * process never loads a scheme), and reused.
 */
public final class SchemeChoice {

    private final Dispatcher classical;
    private final List<Candidate> candidates;
    private final Route classicalPolicy;

    SchemeChoice(Dispatcher classical) {
        this.classical = classical;
        this.candidates = classical.profile().fastSchemes().stream().map(Candidate::new).toList();
        this.classicalPolicy = new Route(classical, "policy classical", 1);
    }

    /** The profile's candidates, in order of preference. */
    public List<HardwareProfile.FastScheme> candidates() {
        return candidates.stream().map(c -> c.spec).toList();
    }

    /** The route under the classical policy: always the classical dispatcher. */
    public Route classical() {
        return classicalPolicy;
    }

    /**
     * The route for an m x n x k product in that precision on {@code threads} threads under a policy that
     * admits schemes of growth up to {@code maxGrowth}, named {@code policy} in what it reports.
     *
     * @throws IllegalArgumentException when a candidate that applies names no usable catalog scheme
     */
    public Route choose(int m, int n, int k, Precision precision, int threads, double maxGrowth, String policy) {
        String type = precision.javaType;
        for (Candidate c : candidates) {
            if (c.spec.applies(m, n, k, type, threads)) {
                Dispatcher fast = c.ready();
                double growth = ((FastGemm) fast.backend()).growth();
                if (growth <= maxGrowth) {
                    return new Route(fast, "policy " + policy + ", profile candidate " + c.spec.scheme(), growth);
                }
            }
        }
        return new Route(classical, "policy " + policy + (candidates.isEmpty()
                ? ", no fast scheme in profile " + classical.profile().name()
                : ", no profile candidate for this call"), 1);
    }

    /** Where a call runs and why, for {@code Jfmm.lastBackend()}. */
    public static final class Route {
        private final Dispatcher dispatcher;
        private final String why;
        private final double growth;
        /** The usual outcome (the dispatcher's backend ran, under its name) and its label, made once, not per call. */
        private final String usualRan;
        private final String usualLabel;

        /**
         * @param dispatcher what to run the call on
         * @param why        the reason appended to what ran, or null for none
         * @param growth     the error growth of the scheme it runs, relative to classical (1 when classical)
         */
        Route(Dispatcher dispatcher, String why, double growth) {
            this.dispatcher = dispatcher;
            this.why = why;
            this.growth = growth;
            this.usualRan = dispatcher.backend().name();
            this.usualLabel = why == null ? usualRan : usualRan + " (" + why + ")";
        }

        /** A route with no reason to report: a scheme the caller asked for. */
        public static Route asked(Dispatcher dispatcher) {
            return new Route(dispatcher, null, dispatcher.backend() instanceof FastGemm fast ? fast.growth() : 1);
        }

        public Dispatcher dispatcher() {
            return dispatcher;
        }

        public double growth() {
            return growth;
        }

        /** What ran, with the reason: "simd-512bit (policy classical)"; "none" and "scale" as they are. */
        public String label(String ran) {
            if (ran == usualRan) { // the common case, without comparing characters
                return usualLabel;
            }
            return why == null || ran.equals("none") || ran.equals("scale") ? ran : ran + " (" + why + ")";
        }
    }

    /** One candidate and, once a call has reached it, its scheme ready to run. */
    private final class Candidate {
        final HardwareProfile.FastScheme spec;
        private Dispatcher dispatcher;

        Candidate(HardwareProfile.FastScheme spec) {
            this.spec = spec;
        }

        /** The dispatcher running the candidate's scheme, built on the first call. */
        synchronized Dispatcher ready() {
            if (dispatcher == null) {
                dispatcher = new Dispatcher(build(), classical.profile());
            }
            return dispatcher;
        }

        /**
         * The scheme for spec.levels() levels, each running where its blocks are at least the candidate's
         * cutoff / the largest grid dimension, so a call the candidate applies to always runs its first
         * level, or {@link FastGemm#DEFAULT_CUTOFF}, whichever is less, so deeper levels run where their
         * blocks reach it (a two-level candidate from 3072 runs one level at 3072, two at 4096, where its
         * blocks are 1024; with cutoff / 2 = 1536 it ran one there too).
         */
        private FastGemm build() {
            String where = "hardware profile " + classical.profile().name() + ", fast scheme " + spec.scheme();
            Scheme scheme = Catalog.find(spec.scheme()).orElseThrow(() -> new IllegalArgumentException(
                    where + ": no such catalog scheme (see jfmm schemes)"));
            int grid = Math.max(scheme.format().n(), Math.max(scheme.format().m(), scheme.format().p()));
            try {
                FastGemm.Strategy strategy = spec.strategy() == null ? FastGemm.defaultStrategy(classical)
                        : FastGemm.Strategy.ofCliName(spec.strategy());
                return FastGemm.of(scheme, spec.levels(), strategy, classical)
                        .withCutoff(Math.max(1, Math.min(spec.cutoff() / grid, FastGemm.DEFAULT_CUTOFF)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
    }
}
