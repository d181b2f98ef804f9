package io.switchboard.api.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-window counters per key (in memory, per replica): enough to stop one guest flooding a dialog or a
 * password being guessed, without a shared store. Stale windows are swept as new ones open.
 */
public final class RateLimiter {
    private record Window(long startMillis, AtomicInteger count) {
    }

    private final long windowMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    public RateLimiter(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Counts one hit for {@code key}; false when it is over {@code limit} in the current window. */
    public boolean tryAcquire(String key, int limit) {
        return hit(key) <= limit;
    }

    /** Counts one hit and returns the hits in the current window. */
    public int hit(String key) {
        long now = System.currentTimeMillis();
        sweep(now);
        Window w = windows.compute(key, (k, old) ->
                old == null || now - old.startMillis() >= windowMillis ? new Window(now, new AtomicInteger()) : old);
        return w.count().incrementAndGet();
    }

    /** Hits of {@code key} in the current window, without counting one. */
    public int current(String key) {
        Window w = windows.get(key);
        return w == null || System.currentTimeMillis() - w.startMillis() >= windowMillis ? 0 : w.count().get();
    }

    private void sweep(long now) {
        if (now - lastSweep < windowMillis) {
            return;
        }
        lastSweep = now;
        windows.entrySet().removeIf(e -> now - e.getValue().startMillis() >= windowMillis);
    }
}
