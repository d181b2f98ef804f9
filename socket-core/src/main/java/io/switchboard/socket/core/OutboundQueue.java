package io.switchboard.socket.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One connection's outbound accounting: a frame counts from the moment it is handed to the transport until
 * the transport flushed it (or failed), against the connection's frame limit and, in bytes, against the
 * node-wide {@link OutboundBudget}. Any thread.
 *
 * <p>The counters are fields of this object changed through {@link VarHandle}s, and its monitor serves both the
 * budget hand-over and the wait for room, instead of an {@code AtomicInteger}, an {@code AtomicLong} and two lock
 * objects: four objects less per connection, and the fan-out, which touches every subscriber's queue once per
 * event, no longer misses the cache on a separate counter object first (0.65 µs of ~37 µs per S2 delivery in the
 * profile; docs/performance.md, "Fan-out per event loop").
 */
final class OutboundQueue {
    private static final VarHandle FRAMES;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FRAMES = lookup.findVarHandle(OutboundQueue.class, "frames", int.class);
            BYTES = lookup.findVarHandle(OutboundQueue.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int frameLimit;
    private final OutboundBudget budget;
    private volatile int frames;
    private volatile long bytes;
    /** Guarded by this object's monitor. */
    private boolean leftBudget;
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
        return bytes;
    }

    /** Counts a frame of {@code size} bytes; false (nothing counted) when the frame limit is reached. */
    boolean reserve(long size) {
        if ((int) FRAMES.getAndAdd(this, 1) + 1 > frameLimit) {
            FRAMES.getAndAdd(this, -1);
            return false;
        }
        BYTES.getAndAdd(this, size);
        if (budget != null) {
            budget.reserve(size);
        }
        return true;
    }

    /** A frame of {@code size} bytes reached the network or failed. */
    void release(long size) {
        if (budget == null) {
            BYTES.getAndAdd(this, -size);
        } else {
            // Paired with leave(): bytes count as "closing" exactly when they were queued at the close.
            synchronized (this) {
                BYTES.getAndAdd(this, -size);
                budget.release(size, leftBudget);
            }
        }
        int left = (int) FRAMES.getAndAdd(this, -1) - 1;
        if (left <= frameLimit / 2 && waiters > 0) {
            wake();
        }
    }

    /** The connection closed: what is still queued no longer counts as a live queue of the node. */
    void leave() {
        if (budget != null) {
            synchronized (this) {
                leftBudget = true;
                budget.closed(bytes);
            }
        }
    }

    /**
     * Blocks until at most half the frame limit is queued, {@code gone} says the connection ended, or
     * {@code max} passed; false only in the last case.
     */
    boolean awaitRoom(Duration max, BooleanSupplier gone) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (this) {
            waiters++;
            try {
                while (!gone.getAsBoolean() && frames > frameLimit / 2) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }

    /** Wakes every waiter (room was made, or the connection ended). */
    void wake() {
        synchronized (this) {
            notifyAll();
        }
    }
}
