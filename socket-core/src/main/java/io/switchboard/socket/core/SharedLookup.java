package io.switchboard.socket.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * A bounded, short-lived memo of a blocking lookup (an access query during admission): callers that
 * ask for the same key while it loads wait for that one load instead of each querying PostgreSQL, and
 * the answer is reused for {@code ttlNanos}. A reconnect storm of N sockets on one dialog then costs
 * one query, not N. A failed load is not remembered.
 */
public final class SharedLookup<K, V> {

    /** The blocking load of one key. */
    @FunctionalInterface
    public interface Loader<K, V> {
        V load(K key) throws Exception;
    }

    private record Entry<V>(CompletableFuture<V> value, long loadedAtNanos) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    public SharedLookup(long ttlNanos, int maxEntries, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = Math.max(1, maxEntries);
        this.nanoClock = nanoClock;
    }

    public SharedLookup(long ttlNanos, int maxEntries) {
        this(ttlNanos, maxEntries, System::nanoTime);
    }

    /** The value for {@code key}: a fresh remembered one, the one another caller is loading, or a new load. Blocks. */
    public V get(K key, Loader<K, V> loader) throws Exception {
        if (ttlNanos <= 0) {
            return loader.load(key);
        }
        long now = nanoClock.getAsLong();
        Entry<V> entry;
        while (true) {
            entry = entries.get(key);
            if (entry != null && now - entry.loadedAtNanos() <= ttlNanos) {
                break;
            }
            Entry<V> mine = new Entry<>(new CompletableFuture<>(), now);
            boolean won = entry == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, entry, mine);
            if (won) {
                evictIfFull(now);
                try {
                    V value = loader.load(key);
                    mine.value().complete(value);
                    return value;
                } catch (Exception | Error e) {
                    entries.remove(key, mine);
                    mine.value().completeExceptionally(e);
                    throw e;
                }
            }
        }
        try {
            return entry.value().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Forgets one key (the next caller loads it again). */
    public void forget(K key) {
        entries.remove(key);
    }

    /** Remembered keys (for tests and stats). */
    public int size() {
        return entries.size();
    }

    private void evictIfFull(long now) {
        if (entries.size() <= maxEntries) {
            return;
        }
        entries.values().removeIf(e -> e.value().isDone() && now - e.loadedAtNanos() > ttlNanos);
        if (entries.size() > maxEntries) {
            // Still full of fresh entries: start over rather than track recency per entry.
            entries.values().removeIf(e -> e.value().isDone());
        }
    }
}
