package io.switchboard.limits;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Abuse limits whose state lives in Redis, so they hold in sum across every replica: token buckets (requests
 * per period), growing delays after failures (logins) and leases (concurrent waiters). Each operation is one
 * Lua script, atomic in Redis and timed by Redis' own clock, so replicas with skewed clocks agree.
 *
 * <p>Why scripts on the project's own Redis client and not Bucket4j: Bucket4j's Redis integrations need
 * Lettuce, Jedis or Redisson, a second Redis client with its own pool, reconnect and configuration next to the
 * Vert.x client every service already has; it also covers only token buckets, while logins need growing
 * delays and long-poll waiters need leases. Three short scripts do all of it.
 *
 * <p>When Redis does not answer within {@code timeout} (or failed in the last {@code retryAfter}), every
 * limit falls back to the same rule kept in this JVM: limits then hold per replica instead of in sum, and
 * nothing that works without Redis (posting, logging in) stops working because Redis is down. Which limits
 * refuse instead is the caller's decision (none does today; docs/security.md).
 */
public final class SharedLimiter {
    /** What Redis is asked: {@code EVAL script keys args}, answering the script's table of integers. */
    @FunctionalInterface
    public interface Redis {
        CompletionStage<List<Long>> eval(String script, List<String> keys, List<String> args);
    }

    /** The answer of a limit: allowed, or refused with how long to wait; {@code count} for delays. */
    public record Verdict(boolean allowed, long retryAfterMillis, long count) {
        public static final Verdict ALLOWED = new Verdict(true, 0, 0);

        /** Whole seconds to wait, at least 1, for a {@code Retry-After} header. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMillis + 999) / 1000);
        }
    }

    /** A held slot of a concurrency limit; give it back with {@link #release(Lease)}. */
    public record Lease(String key, String id, boolean local, boolean granted, long retryAfterMillis) {
    }

    static final String BUCKET = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local cap = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local cost = tonumber(ARGV[3])
            local v = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(v[1])
            local at = tonumber(v[2])
            if tokens == nil or at == nil then tokens = cap; at = now end
            if now > at then tokens = math.min(cap, tokens + (now - at) * rate) end
            local need = math.max(cost, 1)
            local ok = 0
            local wait = 0
            if cost < 0 then
              tokens = math.min(cap, tokens - cost)
              ok = 1
            elseif tokens >= need then
              tokens = tokens - cost
              ok = 1
            else
              wait = math.ceil((need - tokens) / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate) + 1000)
            return {ok, wait}
            """;

    static final String DELAY = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local mode = ARGV[1]
            if mode == 'clear' then
              redis.call('DEL', KEYS[1])
              return {1, 0, 0}
            end
            if mode == 'check' then
              local v = redis.call('HMGET', KEYS[1], 'n', 'until')
              local n = tonumber(v[1]) or 0
              local untilAt = tonumber(v[2]) or 0
              if untilAt > now then return {0, untilAt - now, n} end
              return {1, 0, n}
            end
            local free = tonumber(ARGV[2])
            local base = tonumber(ARGV[3])
            local max = tonumber(ARGV[4])
            local ttl = tonumber(ARGV[5])
            local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
            local delay = 0
            if n > free then
              delay = math.min(max, base * math.pow(2, math.min(n - free - 1, 30)))
              redis.call('HSET', KEYS[1], 'until', tostring(now + delay))
            end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return {1, delay, n}
            """;

    static final String LEASE = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            if ARGV[1] == 'release' then
              redis.call('ZREM', KEYS[1], ARGV[2])
              return {1, 0}
            end
            local limit = tonumber(ARGV[2])
            local lease = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) < limit then
              redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
              redis.call('PEXPIRE', KEYS[1], lease + 1000)
              return {1, 0}
            end
            local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return {0, math.max(1, tonumber(first[2]) - now)}
            """;

    private static final Logger LOG = Logger.getLogger(SharedLimiter.class.getName());

    private final Redis redis;
    private final String prefix;
    private final Duration timeout;
    private final long retryAfterNanos;
    private final LongSupplier nanoClock;
    private volatile long redisSkippedUntil;
    private volatile boolean redisDown;

    private final Map<String, TokenBucket> localBuckets = new ConcurrentHashMap<>();
    private final Map<String, LocalDelay> localDelays = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> localLeases = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /**
     * @param redis      runs a script; null for a limiter kept in this JVM only
     * @param prefix     prefix of every Redis key ({@code limit:})
     * @param timeout    how long a Redis answer may take before the local rule decides
     * @param retryAfter how long Redis is left alone after it failed
     */
    public SharedLimiter(Redis redis, String prefix, Duration timeout, Duration retryAfter) {
        this(redis, prefix, timeout, retryAfter, System::nanoTime);
    }

    SharedLimiter(Redis redis, String prefix, Duration timeout, Duration retryAfter, LongSupplier nanoClock) {
        this.redis = redis;
        this.prefix = prefix;
        this.timeout = timeout;
        this.retryAfterNanos = retryAfter.toNanos();
        this.nanoClock = nanoClock;
        this.redisSkippedUntil = nanoClock.getAsLong();
    }

    /** True while Redis is skipped after a failure: limits hold per replica then. */
    public boolean degraded() {
        return redis == null || redisDown;
    }

    /**
     * Takes {@code cost} tokens from the bucket {@code key} (0 = checks that one is left, takes none; negative =
     * gives tokens back, up to the capacity).
     */
    public CompletionStage<Verdict> take(String key, Rate rate, int cost) {
        if (rate.off()) {
            return CompletableFuture.completedFuture(Verdict.ALLOWED);
        }
        return viaRedis(BUCKET, key, List.of(Integer.toString(rate.capacity()), Double.toString(rate.perMilli()),
                        Integer.toString(cost)),
                r -> new Verdict(r.get(0) == 1, r.get(1), 0),
                () -> {
                    sweep();
                    long wait = localBuckets.computeIfAbsent(key, k -> new TokenBucket(rate, nanoClock)).take(cost);
                    return new Verdict(wait == 0, wait, 0);
                });
    }

    /** Whether the growing delay of {@code key} has passed; {@code count} is its failures so far. */
    public CompletionStage<Verdict> delayCheck(String key) {
        return viaRedis(DELAY, key, List.of("check"), r -> new Verdict(r.get(0) == 1, r.get(1), r.get(2)), () -> {
            LocalDelay d = localDelays.get(key);
            long now = millis();
            if (d == null || d.expiresAt <= now) {
                return new Verdict(true, 0, 0);
            }
            return d.until > now ? new Verdict(false, d.until - now, d.failures) : new Verdict(true, 0, d.failures);
        });
    }

    /**
     * Counts a failure of {@code key}: after {@code free} failures each one sets a delay of {@code base},
     * doubling up to {@code max}; all forgotten {@code ttl} after the last. {@code retryAfterMillis} is the new
     * delay, {@code count} the failures.
     */
    public CompletionStage<Verdict> delayFail(String key, int free, Duration base, Duration max, Duration ttl) {
        return viaRedis(DELAY, key, List.of("fail", Integer.toString(free), Long.toString(base.toMillis()),
                        Long.toString(max.toMillis()), Long.toString(ttl.toMillis())),
                r -> new Verdict(true, r.get(1), r.get(2)), () -> {
                    sweep();
                    long now = millis();
                    LocalDelay d = localDelays.compute(key, (k, old) -> {
                        LocalDelay next = old == null || old.expiresAt <= now ? new LocalDelay() : old;
                        synchronized (next) {
                            next.failures++;
                            if (next.failures > free) {
                                long delay = Math.min(max.toMillis(),
                                        base.toMillis() << Math.min(next.failures - free - 1, 30));
                                next.until = now + delay;
                            }
                            next.expiresAt = now + ttl.toMillis();
                        }
                        return next;
                    });
                    return new Verdict(true, Math.max(0, d.until - now), d.failures);
                });
    }

    /** Forgets the failures of {@code key} (a success). */
    public CompletionStage<Verdict> delayClear(String key) {
        localDelays.remove(key);
        return viaRedis(DELAY, key, List.of("clear"), r -> Verdict.ALLOWED, () -> Verdict.ALLOWED);
    }

    /**
     * Takes one of {@code limit} slots of {@code key} for at most {@code lease} (a crashed replica's slots
     * free themselves then); {@code id} names the holder.
     */
    public CompletionStage<Lease> acquire(String key, int limit, Duration lease, String id) {
        if (limit <= 0) {
            return CompletableFuture.completedFuture(new Lease(key, id, true, true, 0));
        }
        return viaRedis(LEASE, key, List.of("acquire", Integer.toString(limit), Long.toString(lease.toMillis()), id),
                r -> new Lease(key, id, false, r.get(0) == 1, r.get(1)), () -> {
                    sweep();
                    long now = millis();
                    Map<String, Long> held = localLeases.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
                    synchronized (held) {
                        held.values().removeIf(expiry -> expiry <= now);
                        if (held.size() < limit) {
                            held.put(id, now + lease.toMillis());
                            return new Lease(key, id, true, true, 0);
                        }
                        long first = held.values().stream().mapToLong(Long::longValue).min().orElse(now + 1);
                        return new Lease(key, id, true, false, Math.max(1, first - now));
                    }
                });
    }

    /** Gives a granted slot back. */
    public void release(Lease lease) {
        if (lease == null || !lease.granted()) {
            return;
        }
        if (lease.local() || redis == null) {
            Map<String, Long> held = localLeases.get(lease.key());
            if (held != null) {
                synchronized (held) {
                    held.remove(lease.id());
                }
            }
            return;
        }
        redis.eval(LEASE, List.of(prefix + lease.key()), List.of("release", lease.id()))
                .exceptionally(e -> List.of());
    }

    /** Blocks for an answer (worker threads only); never longer than the Redis timeout. */
    public static <T> T now(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private <T> CompletionStage<T> viaRedis(String script, String key, List<String> args,
                                            java.util.function.Function<List<Long>, T> fromRedis,
                                            java.util.function.Supplier<T> local) {
        if (redis == null || nanoClock.getAsLong() - redisSkippedUntil < 0) {
            return CompletableFuture.completedFuture(local.get());
        }
        CompletableFuture<List<Long>> answer;
        try {
            answer = redis.eval(script, List.of(prefix + key), args).toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((r, e) -> {
            if (e == null && r != null && !r.isEmpty()) {
                if (redisDown) {
                    redisDown = false;
                    LOG.info("abuse limits: Redis answers again; limits hold across replicas again");
                }
                return fromRedis.apply(r);
            }
            redisSkippedUntil = nanoClock.getAsLong() + retryAfterNanos;
            if (!redisDown) {
                redisDown = true;
                Throwable cause = e instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : e;
                LOG.log(Level.WARNING, "abuse limits: Redis did not answer ({0}); limits hold per replica until it"
                        + " does", cause == null ? "empty answer" : cause.toString());
            }
            return local.get();
        });
    }

    private long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong());
    }

    /** Drops local state that no longer limits anything, at most once a minute. */
    private void sweep() {
        long now = nanoClock.getAsLong();
        if (now - lastSweep < 60_000_000_000L) {
            return;
        }
        lastSweep = now;
        localBuckets.values().removeIf(TokenBucket::full);
        long ms = millis();
        localDelays.values().removeIf(d -> d.expiresAt <= ms);
        for (Iterator<Map<String, Long>> it = localLeases.values().iterator(); it.hasNext(); ) {
            Map<String, Long> held = it.next();
            synchronized (held) {
                held.values().removeIf(expiry -> expiry <= ms);
            }
        }
    }

    private static final class LocalDelay {
        int failures;
        long until;
        long expiresAt;
    }
}
