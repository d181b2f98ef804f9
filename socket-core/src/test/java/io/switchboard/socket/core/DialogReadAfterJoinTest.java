package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.socket.store.SocketStore;
import io.switchboard.store.DialogRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Subscriptions of one dialog share a read of its row only when that read started after their join. */
class DialogReadAfterJoinTest {
    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch readStarted = new CountDownLatch(1);
    private final CountDownLatch releaseRead = new CountDownLatch(1);
    private final DialogSubscriptions core = new DialogSubscriptions();

    DialogReadAfterJoinTest() {
        core.store = new SocketStore() {
            @Override
            public Optional<DialogRecord> dialog(long dialogId) {
                int n = reads.incrementAndGet();
                if (n == 1) {
                    readStarted.countDown();
                    try {
                        releaseRead.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Optional.empty();
            }
        };
    }

    @Test
    void aSocketThatJoinedBeforeARunningReadStartedSharesIt() throws Exception {
        long joinedEarly = System.nanoTime();
        CompletableFuture<Optional<DialogRecord>> first = CompletableFuture.supplyAsync(() -> read(joinedEarly));
        assertThat(readStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<DialogRecord>> second = CompletableFuture.supplyAsync(() -> read(joinedEarly));

        await().atMost(Duration.ofSeconds(5)).until(() -> core.rowReads.get(7L).row().getNumberOfDependents() >= 1);
        releaseRead.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);

        assertThat(reads).hasValue(1);
    }

    @Test
    void aSocketThatJoinedAfterARunningReadStartedReadsAgain() throws Exception {
        CompletableFuture<Optional<DialogRecord>> first = CompletableFuture.supplyAsync(() -> read(System.nanoTime()));
        assertThat(readStarted.await(5, TimeUnit.SECONDS)).isTrue();

        long joinedLater = System.nanoTime();
        Optional<DialogRecord> own = read(joinedLater);

        assertThat(own).isEmpty();
        assertThat(reads).as("a read that began before the join may miss a seq published before it").hasValue(2);
        releaseRead.countDown();
        first.get(5, TimeUnit.SECONDS);
    }

    private Optional<DialogRecord> read(long joinedNanos) {
        try {
            return core.dialogReadAfter(7L, joinedNanos);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
