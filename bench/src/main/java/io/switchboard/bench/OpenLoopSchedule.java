package io.switchboard.bench;

/**
 * When each message of an open-loop run is due: message {@code i} is sent at
 * {@code start + i / rate}, whatever happened to the earlier ones. A sender that wakes late sends
 * every message that has become due at once, so a slow server can never slow the offered load
 * down (the "coordinated omission" a closed loop suffers from). Not thread-safe: one sender owns it.
 */
public final class OpenLoopSchedule {
    private final double ratePerSecond;
    private final long total;
    private final long startNanos;
    private long taken;

    /**
     * @param ratePerSecond messages per second, more than 0
     * @param total         how many messages the run sends in all
     * @param startNanos    {@link System#nanoTime()} at which message 0 is due
     */
    public OpenLoopSchedule(double ratePerSecond, long total, long startNanos) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative: " + total);
        }
        this.ratePerSecond = ratePerSecond;
        this.total = total;
        this.startNanos = startNanos;
    }

    /** How many messages (counting from 0) are due by {@code nowNanos}, never more than the total. */
    public long dueBy(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed < 0) {
            return 0;
        }
        long due = (long) Math.floor(elapsed * ratePerSecond / 1e9) + 1;
        return Math.min(due, total);
    }

    /** The {@link System#nanoTime()} at which message {@code index} is due. */
    public long intendedNanos(long index) {
        return startNanos + (long) (index * 1e9 / ratePerSecond);
    }

    /**
     * Claims the messages that became due since the last call.
     *
     * @return the index of the first claimed message in [0], how many were claimed in [1]
     */
    public long[] takeDue(long nowNanos) {
        long due = dueBy(nowNanos);
        long first = taken;
        long count = Math.max(0, due - taken);
        taken += count;
        return new long[] {first, count};
    }

    /** True once every message has been claimed. */
    public boolean finished() {
        return taken >= total;
    }

    /** Messages claimed so far. */
    public long taken() {
        return taken;
    }

    /** The planned duration of the whole run in nanoseconds. */
    public long plannedNanos() {
        return total == 0 ? 0 : intendedNanos(total - 1) - startNanos;
    }
}
