package io.switchboard.socket.core;

import java.util.function.LongSupplier;

/** Inbound frame limiter of one connection: {@code perSecond} sustained, {@code burst} at once. */
public final class TokenBucket {
    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    public TokenBucket(int perSecond, int burst, LongSupplier nanoClock) {
        this.tokensPerNano = Math.max(1, perSecond) / 1_000_000_000d;
        this.capacity = Math.max(1, burst);
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.lastRefill = nanoClock.getAsLong();
    }

    public TokenBucket(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** Takes one token; false when the connection sends faster than allowed. */
    public synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - lastRefill) * tokensPerNano);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
