package io.switchboard.socket.core;

import java.time.Duration;

/** Where delivery work runs: blocking reads on worker threads, hold-back timers. Replaceable in unit tests. */
public interface DeliveryScheduler {
    /** Runs {@code task} on a worker thread, where it may block on PostgreSQL. */
    void runBlocking(Runnable task);

    /** Runs {@code task} on a worker thread after {@code delay}. */
    Cancellable later(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
