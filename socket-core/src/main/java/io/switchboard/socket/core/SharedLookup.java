package io.switchboard.socket.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * A bounded, short-lived memo of a blocking lookup (an access query during admission): callers that
 * ask for the same key while it loads wait for that one load instead of each querying PostgreSQL, and
 * the answer is reused for {@code ttlNanos}. A reconnect storm of N sockets on one dialog then costs
 * one query, not N. A failed load is not remembered. Held in a Caffeine cache of at most
 * {@code maxEntries} keys (least useful evicted first).
 */
public final class SharedLookup<K, V> {

    /** The blocking load of one key. */
    @FunctionalInterface
    public interface Loader<K, V> {
        V load(K key) throws Exception;
    }

    private final Cache<K, CompletableFuture<V>> cache;
    /** The cache as a map: expired entries count as absent, so {@code putIfAbsent} decides who loads. */
    private final ConcurrentMap<K, CompletableFuture<V>> entries;
    private final long ttlNanos;

    public SharedLookup(long ttlNanos, int maxEntries, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        // Fresh while at most ttlNanos old (Caffeine expires at the duration itself, hence + 1 ns). Maintenance
        // runs on the calling thread: a few map operations, and the bound holds when the call returns.
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, maxEntries))
                .expireAfterWrite(Duration.ofNanos(Math.max(1, ttlNanos + 1))).ticker(nanoClock::getAsLong)
                .executor(Runnable::run).build();
        this.entries = cache.asMap();
    }

    public SharedLookup(long ttlNanos, int maxEntries) {
        this(ttlNanos, maxEntries, System::nanoTime);
    }

    /** The value for {@code key}: a fresh remembered one, the one another caller is loading, or a new load. Blocks. */
    public V get(K key, Loader<K, V> loader) throws Exception {
        if (ttlNanos <= 0) {
            return loader.load(key);
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = entries.putIfAbsent(key, mine);
        if (running == null) {
            try {
                V value = loader.load(key);
                mine.complete(value);
                return value;
            } catch (Exception | Error e) {
                entries.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return running.get();
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
        cache.invalidate(key);
    }

    /** Remembered keys (for tests and stats). */
    public int size() {
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }
}
