package dev.jfmm.gemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a fast scheme's products on a team of threads, one product per thread at a time, so that every C
 * block still receives its products in the plan's order: a product starts once every earlier product that
 * reaches one of its C blocks has finished, and each thread takes, of the products that may start, the one
 * heading the longest chain of products waiting on each other (the earliest of those).
 * The sums in each C block are therefore those of running the products one after another, whatever the
 * team or the timing. There are no rounds to wait at: a thread that finishes early takes the next product
 * whose blocks are free (rounds cost two threads 4.5% of a two-level Strassen product in float at 4096
 * waiting for each other's last product).
 *
 * <p>A thread with no product to take helps a running one: the packed GEMM offers the row blocks of its
 * packed B block ({@link #offer}), and an idle thread packs and computes some of them, as a team member
 * would, so the bits are the same (a tile's sums do not depend on the thread). That keeps the last
 * products, and a product the others wait for, from running on one thread while the rest idle (two
 * Strassen levels at 4096 on two threads: the threads idle 17 ms in all per product, 2 ms with help).
 */
final class ProductSchedule implements IdleThreads {

    /** Per product, the later products that wait for it. */
    private final int[][] successors;
    /** Per product, how many earlier products it still waits for. */
    private final int[] waitingFor;
    private final boolean[] started;
    /** Per product, the most products on any path of waits from it to the end, itself included. */
    private final int[] chain;
    private final List<Offer> offers = new ArrayList<>();
    private int firstUnstarted, finished;
    private boolean failed;

    /** @param cBlocks per product in the plan's order, the C blocks it reaches */
    ProductSchedule(int[][] cBlocks) {
        int products = cBlocks.length;
        List<List<Integer>> after = new ArrayList<>();
        waitingFor = new int[products];
        started = new boolean[products];
        int blocks = 0;
        for (int[] reached : cBlocks) {
            for (int ik : reached) {
                blocks = Math.max(blocks, ik + 1);
            }
        }
        int[] last = new int[blocks];
        Arrays.fill(last, -1);
        for (int r = 0; r < products; r++) {
            after.add(new ArrayList<>());
            for (int ik : cBlocks[r]) {
                int before = last[ik];
                if (before >= 0 && !after.get(before).contains(r)) {
                    after.get(before).add(r);
                    waitingFor[r]++;
                }
                last[ik] = r;
            }
        }
        successors = after.stream().map(x -> x.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        chain = new int[products];
        for (int r = products - 1; r >= 0; r--) { // successors come later in the order
            for (int next : successors[r]) {
                chain[r] = Math.max(chain[r], chain[next]);
            }
            chain[r]++;
        }
    }

    /**
     * The order to run a plan's products in, as rounds whose members reach disjoint C blocks; the
     * products one round after another is the order every C block gets them in, so it fixes which
     * product waits for which. {@code guess} is a first order (each product once), {@code cBlocks[r]}
     * the C blocks product r reaches.
     *
     * <p>The order is the one a list schedule of equal products on two threads starts them in: the
     * thread free first takes the product that can start soonest (its C blocks' earlier products done),
     * of those the one whose busiest C block has the most products left, then the earliest in the guess.
     * The rounds are its levels of waits (a product one round after the last product it waits for).
     * Where some C block takes many products, that keeps its chain going from the start: Strassen's two
     * levels in the basis where W is sparsest send 16 of 49 products to one block, and the first-fit order
     * left them to the end, where one thread ran them while the other idled (a two-thread schedule 29
     * products long against 25 now, 24.5 at best); the plain two levels keep their order.
     */
    static int[][] rounds(int[] guess, int[][] cBlocks) {
        int blocks = Arrays.stream(guess).flatMap(r -> Arrays.stream(cBlocks[r])).max().orElse(-1) + 1;
        int[] left = new int[blocks], blockFree = new int[blocks], threadFree = new int[2];
        for (int r : guess) {
            for (int ik : cBlocks[r]) {
                left[ik]++;
            }
        }
        List<Integer> pending = new ArrayList<>(Arrays.stream(guess).boxed().toList());
        int[] lastRound = new int[blocks];
        Arrays.fill(lastRound, -1);
        List<List<Integer>> rounds = new ArrayList<>();
        while (!pending.isEmpty()) {
            int thread = threadFree[0] <= threadFree[1] ? 0 : 1, now = threadFree[thread];
            int best = -1, bestStart = 0, bestBusiest = 0;
            for (int i = 0; i < pending.size(); i++) {
                int r = pending.get(i), start = now, busiest = 0;
                for (int ik : cBlocks[r]) {
                    start = Math.max(start, blockFree[ik]);
                    busiest = Math.max(busiest, left[ik]);
                }
                if (best < 0 || start < bestStart || start == bestStart && busiest > bestBusiest) {
                    best = i;
                    bestStart = start;
                    bestBusiest = busiest;
                }
            }
            int r = pending.remove(best);
            threadFree[thread] = bestStart + 1;
            int level = 0;
            for (int ik : cBlocks[r]) {
                blockFree[ik] = bestStart + 1;
                left[ik]--;
                level = Math.max(level, lastRound[ik] + 1);
            }
            for (int ik : cBlocks[r]) {
                lastRound[ik] = level;
            }
            while (rounds.size() <= level) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(level).add(r);
        }
        return rounds.stream().map(x -> x.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /**
     * Runs every product and returns when all have finished: {@code onOneThread} on {@code team} threads of
     * the pool (the caller one of them), each product on one. Where {@code onAllThreads} is given, a product
     * that is the only one free to start while none runs (a scheme's first, whose C blocks every other
     * product reaches) runs on it instead, before the team starts, rather than leave the team idle. A
     * product's failure stops the others from starting and is rethrown.
     */
    void run(int team, IntConsumer onOneThread, IntConsumer onAllThreads) {
        for (int r = onAllThreads == null ? -1 : onlyFree(); r >= 0; r = onlyFree()) {
            start(r);
            onAllThreads.accept(r);
            finish(r, true);
        }
        WorkerPool.run(team, t -> {
            for (Job job = take(); job != null; job = take()) {
                if (job.help() != null) {
                    job.help().work();
                    continue;
                }
                boolean done = false;
                try {
                    onOneThread.accept(job.product());
                    done = true;
                } finally {
                    finish(job.product(), done);
                }
            }
        });
    }

    @Override
    public synchronized void offer(Offer work) {
        offers.add(work);
        notifyAll();
    }

    @Override
    public synchronized void withdraw(Offer work) {
        offers.remove(work);
    }

    /** What a thread does next: a product to run, or an offer to help with. */
    private record Job(int product, Offer help) {
    }

    /** The product free to start where exactly one is, else -1 (before the team starts: none runs). */
    private int onlyFree() {
        int free = -1;
        for (int r = firstUnstarted; r < started.length; r++) {
            if (free(r)) {
                if (free >= 0) {
                    return -1;
                }
                free = r;
            }
        }
        return free;
    }

    /** Whether product r may start: not started, and no earlier product it waits for unfinished. */
    private boolean free(int r) {
        return !started[r] && waitingFor[r] == 0;
    }

    private void start(int r) {
        started[r] = true;
        while (firstUnstarted < started.length && started[firstUnstarted]) {
            firstUnstarted++;
        }
    }

    /**
     * The product free to start that heads the longest chain of waits (the earliest of those), else an offer
     * with work left, waiting while there is neither;
     * null once all products have finished or one failed.
     */
    private synchronized Job take() {
        while (!failed && finished < started.length) {
            int best = -1;
            for (int r = firstUnstarted; r < started.length; r++) {
                if (free(r) && (best < 0 || chain[r] > chain[best])) {
                    best = r;
                }
            }
            if (best >= 0) {
                start(best);
                return new Job(best, null);
            }
            for (Offer offer : offers) {
                if (!offer.exhausted()) {
                    return new Job(-1, offer);
                }
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = true;
                notifyAll();
                throw new IllegalStateException("interrupted while waiting for a product", e);
            }
        }
        return null;
    }

    private synchronized void finish(int r, boolean done) {
        finished++;
        if (done) {
            for (int next : successors[r]) {
                waitingFor[next]--;
            }
        } else {
            failed = true;
        }
        notifyAll();
    }
}
