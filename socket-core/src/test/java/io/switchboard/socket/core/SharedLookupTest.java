package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedLookupTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void callersAskingWhileALoadRunsShareThatOneLoad() throws Exception {
        SharedLookup<Long, String> lookup = new SharedLookup<>(TimeUnit.SECONDS.toNanos(5), 100, nanos::get);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> lookup.get(7L, k -> {
                loads.incrementAndGet();
                loading.countDown();
                release.await();
                return "dialog " + k;
            })));
            loading.await();
            for (int i = 0; i < 7; i++) {
                answers.add(pool.submit(() -> lookup.get(7L, k -> {
                    loads.incrementAndGet();
                    return "second load";
                })));
            }
            release.countDown();
            for (Future<String> a : answers) {
                assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("dialog 7");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void anAnswerIsReusedWithinItsTtlAndLoadedAgainAfterIt() throws Exception {
        SharedLookup<Long, Integer> lookup = new SharedLookup<>(100, 100, nanos::get);
        SharedLookup.Loader<Long, Integer> loader = k -> loads.incrementAndGet();

        assertThat(lookup.get(1L, loader)).isEqualTo(1);
        nanos.addAndGet(100);
        assertThat(lookup.get(1L, loader)).isEqualTo(1);
        nanos.addAndGet(1);
        assertThat(lookup.get(1L, loader)).as("a revoked membership must show once the TTL passed").isEqualTo(2);
    }

    @Test
    void aFailedLoadIsNotRememberedAndTheNextCallerTriesAgain() throws Exception {
        SharedLookup<Long, Integer> lookup = new SharedLookup<>(1_000, 100, nanos::get);

        assertThatThrownBy(() -> lookup.get(1L, k -> {
            throw new SQLException("database down");
        })).isInstanceOf(SQLException.class);

        assertThat(lookup.get(1L, k -> 42)).isEqualTo(42);
    }

    @Test
    void aZeroTtlAsksEveryTime() throws Exception {
        SharedLookup<Long, Integer> lookup = new SharedLookup<>(0, 100, nanos::get);

        lookup.get(1L, k -> loads.incrementAndGet());
        lookup.get(1L, k -> loads.incrementAndGet());

        assertThat(loads).hasValue(2);
        assertThat(lookup.size()).isZero();
    }

    @Test
    void theLookupStaysNearItsBound() throws Exception {
        SharedLookup<Long, Long> lookup = new SharedLookup<>(1_000, 10, nanos::get);
        for (long k = 0; k < 100; k++) {
            lookup.get(k, key -> key);
        }
        assertThat(lookup.size()).isLessThanOrEqualTo(11);
    }
}
