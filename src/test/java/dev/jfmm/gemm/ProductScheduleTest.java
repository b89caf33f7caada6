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
            int[][] cBlocks = new int[products][];
            for (int r = 0; r < products; r++) {
                cBlocks[r] = random.ints(1 + random.nextInt(Math.min(3, blocks)), 0, blocks).distinct().toArray();
            }
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
