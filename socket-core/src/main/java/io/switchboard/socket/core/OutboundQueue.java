package io.switchboard.socket.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One connection's outbound accounting: a frame counts from the moment it is handed to the transport until
 * the transport flushed it (or failed), against the connection's frame limit and, in bytes, against the
 * node-wide {@link OutboundBudget}. Any thread.
 */
final class OutboundQueue {
    private final int frameLimit;
    private final OutboundBudget budget;
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Object budgetLock = new Object();
    private boolean leftBudget;
    private final Object room = new Object();
    private volatile int waiters;

    /** @param budget the node's budget, or null (unit tests): then only the frame limit applies */
    OutboundQueue(int frameLimit, OutboundBudget budget) {
        this.frameLimit = frameLimit;
        this.budget = budget;
    }

    int frameLimit() {
        return frameLimit;
    }

    /** Bytes handed to the transport and not yet flushed. */
    long bytes() {
        return bytes.get();
    }

    /** Counts a frame of {@code size} bytes; false (nothing counted) when the frame limit is reached. */
    boolean reserve(long size) {
        if (frames.incrementAndGet() > frameLimit) {
            frames.decrementAndGet();
            return false;
        }
        bytes.addAndGet(size);
        if (budget != null) {
            budget.reserve(size);
        }
        return true;
    }

    /** A frame of {@code size} bytes reached the network or failed. */
    void release(long size) {
        if (budget == null) {
            bytes.addAndGet(-size);
        } else {
            // Paired with leave(): bytes count as "closing" exactly when they were queued at the close.
            synchronized (budgetLock) {
                bytes.addAndGet(-size);
                budget.release(size, leftBudget);
            }
        }
        int left = frames.decrementAndGet();
        if (left <= frameLimit / 2 && waiters > 0) {
            wake();
        }
    }

    /** The connection closed: what is still queued no longer counts as a live queue of the node. */
    void leave() {
        if (budget != null) {
            synchronized (budgetLock) {
                leftBudget = true;
                budget.closed(bytes.get());
            }
        }
    }

    /**
     * Blocks until at most half the frame limit is queued, {@code gone} says the connection ended, or
     * {@code max} passed; false only in the last case.
     */
    boolean awaitRoom(Duration max, BooleanSupplier gone) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (room) {
            waiters++;
            try {
                while (!gone.getAsBoolean() && frames.get() > frameLimit / 2) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    room.wait(Math.max(1, left / 1_000_000));
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }

    /** Wakes every waiter (room was made, or the connection ended). */
    void wake() {
        synchronized (room) {
            room.notifyAll();
        }
    }
}
