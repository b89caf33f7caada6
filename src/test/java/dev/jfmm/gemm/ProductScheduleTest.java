package dev.jfmm.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProductScheduleTest {

    /** One product's run: which, and when it started and ended on a shared clock. */
    private record Run(int product, int start, int end, boolean allThreads) {
    }

    /**
     * Products reaching random C blocks, on 1-4 threads, with and without the all-threads lead: each runs
     * once, and the products that reach a block run one at a time, in the plan's order.
     */
    @Test
    void everyBlockGetsItsProductsInOrderOneAtATime() {
        Random random = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int products = 1 + random.nextInt(30), blocks = 1 + random.nextInt(8);
            int[][] cBlocks = randomCBlocks(random, products, blocks, 3);
            for (int team = 1; team <= 4; team++) {
                for (boolean lead : new boolean[] {false, true}) {
                    List<Run> runs = run(cBlocks, team, lead, random);
                    assertEquals(products, runs.size());
                    boolean[] ran = new boolean[products];
                    for (Run run : runs) {
                        assertTrue(!ran[run.product()], "product " + run.product() + " ran twice");
                        ran[run.product()] = true;
                    }
                    for (int ik = 0; ik < blocks; ik++) {
                        Run previous = null;
                        for (int r = 0; r < products; r++) {
                            int product = r;
                            if (reaches(cBlocks[r], ik)) {
                                Run now = runs.stream().filter(x -> x.product() == product).findFirst().orElseThrow();
                                if (previous != null) {
                                    assertTrue(previous.end() < now.start(), "block " + ik + ": product "
                                            + previous.product() + " had not finished when " + product + " started");
                                }
                                previous = now;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Products reaching disjoint blocks run at once: each waits for the other to start (else a timeout). */
    @Test
    void independentProductsRunAtOnce() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicInteger sawTheOther = new AtomicInteger();
        new ProductSchedule(new int[][] {{0}, {1}}).run(2, r -> {
            bothStarted.countDown();
            try {
                if (bothStarted.await(10, TimeUnit.SECONDS)) {
                    sawTheOther.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null);
        assertEquals(2, sawTheOther.get());
    }

    /**
     * With the lead, a first product every other one waits for runs on all threads, as do those after it
     * while each is the only one free; once two are, the team takes over. Without it, everything runs on
     * one thread.
     */
    @Test
    void theOnlyFreeProductRunsOnAllThreadsWithTheLead() {
        int[][] cBlocks = {{0, 1}, {0}, {1}, {0, 1, 2}, {2}};
        List<Run> led = run(cBlocks, 2, true, new Random(1));
        List<Integer> onAll = led.stream().filter(Run::allThreads).map(Run::product).sorted().toList();
        assertEquals(List.of(0), onAll); // after 0, products 1 and 2 are free at once
        assertTrue(run(new int[][] {{0}, {0}, {0}}, 2, true, new Random(1)).stream().allMatch(Run::allThreads));
        assertTrue(run(cBlocks, 2, false, new Random(1)).stream().noneMatch(Run::allThreads));
    }

    /**
     * A thread with no product free to start (product 1 waits for product 0) takes pieces of the work
     * product 0 offers: each piece runs once, on both threads, and product 1 starts after all of them.
     */
    @Test
    void anIdleThreadHelpsARunningProduct() {
        int pieces = 40;
        AtomicInteger next = new AtomicInteger(), working = new AtomicInteger();
        List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch helperArrived = new CountDownLatch(1);
        AtomicReference<String> owner = new AtomicReference<>();
        IdleThreads.Offer offer = new IdleThreads.Offer() {
            @Override
            public boolean exhausted() {
                return next.get() >= pieces;
            }

            @Override
            public void work() {
                working.incrementAndGet();
                for (int i = next.getAndIncrement(); i < pieces; i = next.getAndIncrement()) {
                    ranOn.add(Thread.currentThread().getName());
                    if (!Thread.currentThread().getName().equals(owner.get())) {
                        helperArrived.countDown();
                    }
                    sleep(1);
                }
                working.decrementAndGet();
            }
        };
        AtomicInteger piecesWhenProduct1Started = new AtomicInteger(-1);
        ProductSchedule schedule = new ProductSchedule(new int[][] {{0}, {0}});
        schedule.run(2, r -> {
            if (r == 1) {
                piecesWhenProduct1Started.set(ranOn.size());
                return;
            }
            owner.set(Thread.currentThread().getName());
            schedule.offer(offer);
            try {
                assertTrue(helperArrived.await(10, TimeUnit.SECONDS), "no idle thread took a piece");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            offer.work();
            schedule.withdraw(offer);
            while (working.get() > 0) {
                sleep(1);
            }
        }, null);
        assertEquals(pieces, ranOn.size());
        assertEquals(2, ranOn.stream().distinct().count(), ranOn.toString());
        assertEquals(pieces, piecesWhenProduct1Started.get());
    }

    /**
     * The rounds hold every product of the guess once, each round's products reach disjoint C blocks, and
     * each product sits one round after the last earlier product it shares a block with.
     */
    @Test
    void roundsAreLevelsOfWaitsOverEveryProduct() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int products = 1 + random.nextInt(50), blocks = 1 + random.nextInt(16);
            int[][] cBlocks = randomCBlocks(random, products, blocks, 4);
            List<Integer> shuffled = new ArrayList<>();
            for (int r = 0; r < products; r++) {
                shuffled.add(r);
            }
            Collections.shuffle(shuffled, random);
            int[][] rounds = ProductSchedule.rounds(shuffled.stream().mapToInt(Integer::intValue).toArray(), cBlocks);
            int[] order = Arrays.stream(rounds).flatMapToInt(Arrays::stream).toArray();
            assertEquals(products, order.length);
            assertEquals(products, Arrays.stream(order).distinct().count());
            int[] roundOf = new int[products];
            for (int g = 0; g < rounds.length; g++) {
                boolean[] reached = new boolean[blocks];
                for (int r : rounds[g]) {
                    roundOf[r] = g;
                    for (int ik : cBlocks[r]) {
                        assertTrue(!reached[ik], "round " + g + " reaches block " + ik + " twice");
                        reached[ik] = true;
                    }
                }
            }
            int[] lastRound = new int[blocks];
            Arrays.fill(lastRound, -1);
            for (int r : order) {
                int expected = Arrays.stream(cBlocks[r]).map(ik -> lastRound[ik] + 1).max().orElseThrow();
                assertEquals(expected, roundOf[r], "product " + r);
                for (int ik : cBlocks[r]) {
                    lastRound[ik] = roundOf[r];
                }
            }
        }
    }

    /**
     * Strassen's two levels in the basis where W is sparsest (FastGemm's fused-basis plan at 4096), their C
     * blocks in the first-fit order: 16 of the 49 products reach block 0, most of them last. Two threads
     * taking products as {@link ProductSchedule} does (the free one with the longest chain of waits) need 29
     * steps in that order; in the order of the rounds, 25 (24.5 at best).
     */
    @Test
    void theBusiestBlocksChainIsSpreadOverTheRun() {
        int[][] cBlocks = {{0}, {4}, {1}, {5}, {8}, {12}, {9}, {13}, {2}, {6}, {3}, {7}, {10}, {14}, {11}, {15},
            {0, 4}, {8, 12}, {2, 6}, {1, 9}, {5, 13}, {10, 14}, {0, 1}, {8, 9}, {2, 3}, {4, 12}, {5, 7}, {10, 11},
            {0, 5}, {8, 13}, {2, 7}, {4, 6}, {1, 3}, {10, 15}, {0, 8}, {4, 14}, {1, 11}, {5, 15}, {0, 4, 8, 12},
            {0, 1, 8, 9}, {0, 5, 8, 13}, {0, 2}, {0, 2, 4, 6}, {0, 1, 2, 3}, {0, 2, 5, 7}, {0, 10}, {0, 4, 10, 14},
            {0, 1, 10, 11}, {0, 5, 10, 15}};
        int[] guess = new int[cBlocks.length];
        for (int r = 0; r < guess.length; r++) {
            guess[r] = r;
        }
        assertEquals(29, twoThreadSteps(guess, cBlocks));
        int[] order = Arrays.stream(ProductSchedule.rounds(guess, cBlocks)).flatMapToInt(Arrays::stream).toArray();
        assertEquals(25, twoThreadSteps(order, cBlocks));
    }

    /**
     * Steps two threads take for products of one step each, run in this order as {@link ProductSchedule}
     * runs them: a free thread takes, of the products whose earlier products on their blocks have all
     * finished, the one that heads the longest chain of waits, the earliest of those; where none is free it
     * waits for the next to finish.
     */
    private static int twoThreadSteps(int[] order, int[][] cBlocks) {
        int n = order.length;
        int[] chain = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = i + 1; j < n; j++) {
                if (shareABlock(cBlocks[order[i]], cBlocks[order[j]])) {
                    chain[i] = Math.max(chain[i], chain[j]);
                }
            }
            chain[i]++;
        }
        int[] end = new int[n];
        Arrays.fill(end, -1);
        int[] threadFree = new int[2];
        for (int started = 0; started < n; ) {
            int thread = threadFree[0] <= threadFree[1] ? 0 : 1, now = threadFree[thread];
            int take = -1;
            for (int i = 0; i < n; i++) {
                boolean free = end[i] < 0;
                for (int j = 0; j < i && free; j++) {
                    free = !shareABlock(cBlocks[order[i]], cBlocks[order[j]]) || end[j] >= 0 && end[j] <= now;
                }
                if (free && (take < 0 || chain[i] > chain[take])) {
                    take = i;
                }
            }
            if (take < 0) {
                int next = Integer.MAX_VALUE;
                for (int e : end) {
                    if (e > now) {
                        next = Math.min(next, e);
                    }
                }
                threadFree[thread] = next;
                continue;
            }
            end[take] = now + 1;
            threadFree[thread] = now + 1;
            started++;
        }
        return Arrays.stream(end).max().orElse(0);
    }

    /** Per product, 1 to {@code most} distinct C blocks of {@code blocks}, at random. */
    private static int[][] randomCBlocks(Random random, int products, int blocks, int most) {
        int[][] cBlocks = new int[products][];
        for (int r = 0; r < products; r++) {
            cBlocks[r] = random.ints(1 + random.nextInt(Math.min(most, blocks)), 0, blocks).distinct().toArray();
        }
        return cBlocks;
    }

    private static boolean shareABlock(int[] x, int[] y) {
        return Arrays.stream(x).anyMatch(ik -> reaches(y, ik));
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failing product is rethrown, and the products that wait for it never start. */
    @Test
    void aFailureStopsTheProductsAfterIt() {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ProductSchedule(new int[][] {{0}, {0}, {0}}).run(2, r -> {
                    ran.add(r);
                    if (r == 1) {
                        throw new IllegalStateException("product 1 failed");
                    }
                }, null));
        assertTrue(e.getMessage().endsWith("product 1 failed"), e.getMessage()); // rethrown from a pool thread: wrapped
        assertEquals(List.of(0, 1), ran);
    }

    private static List<Run> run(int[][] cBlocks, int team, boolean lead, Random random) {
        AtomicInteger clock = new AtomicInteger();
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        long seed = random.nextLong();
        new ProductSchedule(cBlocks).run(team, r -> record(runs, clock, r, false, seed),
                lead ? r -> record(runs, clock, r, true, seed) : null);
        return runs;
    }

    private static void record(List<Run> runs, AtomicInteger clock, int product, boolean allThreads, long seed) {
        int start = clock.getAndIncrement();
        try {
            Thread.sleep(new Random(seed + product).nextInt(3)); // some products outlast others
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runs.add(new Run(product, start, clock.getAndIncrement(), allThreads));
    }

    private static boolean reaches(int[] blocks, int ik) {
        return Arrays.stream(blocks).anyMatch(x -> x == ik);
    }
}
