package io.switchboard.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rules as kept in one JVM (the fallback while Redis is down). The same rules in Redis: message-api's
 * AbuseLimitsTest and system-tests' LimitsIT.
 */
class SharedLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SharedLimiter local = new SharedLimiter(null, "t:", Duration.ofMillis(100), Duration.ofSeconds(5),
            nanos::get);

    @Test
    void aBucketRefusesOverItsRateWithTheWaitAndRefillsSteadily() {
        Rate rate = Rate.parse("3/1m");
        for (int i = 0; i < 3; i++) {
            assertThat(SharedLimiter.now(local.take("k", rate, 1)).allowed()).isTrue();
        }
        SharedLimiter.Verdict refused = SharedLimiter.now(local.take("k", rate, 1));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(20);
        assertThat(SharedLimiter.now(local.take("other", rate, 1)).allowed()).as("keys are separate").isTrue();
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(SharedLimiter.now(local.take("k", rate, 1)).allowed()).isTrue();
        assertThat(SharedLimiter.now(local.take("k", rate, 0)).allowed()).as("a check takes nothing, finds none")
                .isFalse();
        SharedLimiter.now(local.take("k", rate, -1));
        assertThat(SharedLimiter.now(local.take("k", rate, 1)).allowed()).as("a refund gives one back").isTrue();
    }

    @Test
    void delaysGrowAfterTheFreeFailuresAndAClearForgetsThem() {
        Duration base = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(8);
        for (int i = 0; i < 2; i++) {
            assertThat(SharedLimiter.now(local.delayFail("n", 2, base, max, Duration.ofMinutes(15))).retryAfterMillis())
                    .isZero();
        }
        assertThat(SharedLimiter.now(local.delayCheck("n")).allowed()).isTrue();
        long[] delays = new long[5];
        for (int i = 0; i < 5; i++) {
            delays[i] = SharedLimiter.now(local.delayFail("n", 2, base, max, Duration.ofMinutes(15))).retryAfterMillis();
        }
        assertThat(delays).containsExactly(1000, 2000, 4000, 8000, 8000);
        SharedLimiter.Verdict waiting = SharedLimiter.now(local.delayCheck("n"));
        assertThat(waiting.allowed()).isFalse();
        assertThat(waiting.retryAfterSeconds()).isEqualTo(8);
        nanos.addAndGet(Duration.ofSeconds(8).toNanos());
        assertThat(SharedLimiter.now(local.delayCheck("n")).allowed()).isTrue();
        SharedLimiter.now(local.delayFail("n", 2, base, max, Duration.ofMinutes(15)));
        SharedLimiter.now(local.delayClear("n"));
        assertThat(SharedLimiter.now(local.delayCheck("n")).allowed()).isTrue();
    }

    @Test
    void leasesLimitHoldersAtOnceAndFreeThemselvesWhenTheyRunOut() {
        SharedLimiter.Lease a = SharedLimiter.now(local.acquire("w", 2, Duration.ofSeconds(30), "a"));
        SharedLimiter.Lease b = SharedLimiter.now(local.acquire("w", 2, Duration.ofSeconds(30), "b"));
        SharedLimiter.Lease c = SharedLimiter.now(local.acquire("w", 2, Duration.ofSeconds(30), "c"));
        assertThat(a.granted()).isTrue();
        assertThat(b.granted()).isTrue();
        assertThat(c.granted()).isFalse();
        local.release(a);
        assertThat(SharedLimiter.now(local.acquire("w", 2, Duration.ofSeconds(30), "d")).granted()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(SharedLimiter.now(local.acquire("w", 2, Duration.ofSeconds(30), "e")).granted())
                .as("leases of a crashed holder run out").isTrue();
    }

    @Test
    void whenRedisFailsTheLocalRuleDecidesAndRedisIsLeftAloneForAWhile() {
        AtomicInteger calls = new AtomicInteger();
        SharedLimiter broken = new SharedLimiter((script, keys, args) -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }, "t:", Duration.ofMillis(100), Duration.ofSeconds(5), nanos::get);
        Rate rate = Rate.parse("2/1m");
        assertThat(SharedLimiter.now(broken.take("k", rate, 1)).allowed()).isTrue();
        assertThat(broken.degraded()).isTrue();
        assertThat(SharedLimiter.now(broken.take("k", rate, 1)).allowed()).isTrue();
        assertThat(SharedLimiter.now(broken.take("k", rate, 1)).allowed()).as("the local bucket still limits").isFalse();
        assertThat(calls).as("Redis skipped after the failure").hasValue(1);
    }

    @Test
    void aRedisThatNeverAnswersIsCutOffByTheTimeout() {
        SharedLimiter hanging = new SharedLimiter((script, keys, args) -> new CompletableFuture<List<Long>>(), "t:",
                Duration.ofMillis(50), Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        assertThat(SharedLimiter.now(hanging.take("k", Rate.parse("1/1m"), 1)).allowed()).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
    }
}
