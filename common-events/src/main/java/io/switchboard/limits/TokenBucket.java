package io.switchboard.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket in one JVM: {@code capacity} at once, refilled continuously at a steady rate. Used for what
 * belongs to one process (the inbound frames of one connection) and, by {@link SharedLimiter}, as the
 * per-replica stand-in while Redis is unreachable.
 */
public final class TokenBucket {
    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    /** {@code perSecond} sustained, {@code burst} at once. */
    public TokenBucket(int perSecond, int burst, LongSupplier nanoClock) {
        this(Math.max(1, burst), Math.max(1, perSecond) / 1_000_000_000d, nanoClock);
    }

    public TokenBucket(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** A bucket for a {@link Rate}: its capacity at once, refilled by the capacity per period. */
    public TokenBucket(Rate rate, LongSupplier nanoClock) {
        this(rate.capacity(), rate.capacity() / (double) rate.period().toNanos(), nanoClock);
    }

    private TokenBucket(double capacity, double tokensPerNano, LongSupplier nanoClock) {
        this.tokensPerNano = tokensPerNano;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Takes one token; false when the connection sends faster than allowed. */
    public boolean tryTake() {
        return take(1) == 0;
    }

    /**
     * Takes {@code cost} tokens (0 = only checks that one is there; negative gives them back); returns 0 when taken, else the milliseconds
     * until enough tokens are there (nothing taken then).
     */
    public synchronized long take(int cost) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - lastRefill) * tokensPerNano);
        lastRefill = now;
        if (cost < 0) {
            tokens = Math.min(capacity, tokens - cost);
            return 0;
        }
        double need = Math.max(1, cost);
        if (tokens >= need) {
            tokens -= cost;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((need - tokens) / tokensPerNano / 1_000_000d));
    }

    /** True when the bucket has refilled completely, so forgetting it changes nothing. */
    public synchronized boolean full() {
        return Math.min(capacity, tokens + (nanoClock.getAsLong() - lastRefill) * tokensPerNano) >= capacity;
    }
}
