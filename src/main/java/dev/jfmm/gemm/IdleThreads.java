package dev.jfmm.gemm;

/**
 * Threads with nothing else to do, to which a product running on one thread offers a share of its work
 * ({@link ProductSchedule} is one: its threads that find no product free to start help the running ones).
 */
interface IdleThreads {

    /** Work that any number of threads may share, each taking pieces until none is left. */
    interface Offer {
        /** Whether every piece has been taken. */
        boolean exhausted();

        /** Takes pieces and runs them on this thread until none is left. */
        void work();
    }

    /** Lets idle threads take pieces of {@code work} until {@link #withdraw}. */
    void offer(Offer work);

    /** No thread starts on {@code work} after this (its owner then waits for those still at it). */
    void withdraw(Offer work);
}
