package dev.jfmm.gemm;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The one pool every multiplication shares: daemon threads created once and reused, never per call.
 * The calling thread runs one part itself, so a call on t threads uses t - 1 pool workers; the pool
 * grows (never shrinks) when a call asks for more threads than it has.
 */
final class WorkerPool {

    private static final ForkJoinPool POOL = new ForkJoinPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
            pool -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("jfmm-worker-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            },
            null, false);

    private WorkerPool() {
    }

    /** Runs part.accept(0 .. parts-1), part 0 on the caller, and returns when all are done. */
    static void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        ensureParallelism(parts - 1);
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int index = i;
            tasks[i - 1] = POOL.submit(() -> part.accept(index));
        }
        RuntimeException failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        // Wait for every part even after a failure: none may still write to C when the call returns.
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Where share {@code share} of {@code shares} starts, splitting {@code total} units (rows, register-tile
     * rows, micro-panels) into shares that differ by at most one unit.
     */
    static int shareStart(int share, int shares, int total) {
        return (int) ((long) share * total / shares);
    }

    private static synchronized void ensureParallelism(int workers) {
        if (POOL.getParallelism() < workers) {
            POOL.setParallelism(workers);
        }
    }
}
