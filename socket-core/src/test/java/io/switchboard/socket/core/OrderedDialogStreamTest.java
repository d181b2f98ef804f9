package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderedDialogStreamTest {
    private final FakeFeed feed = new FakeFeed(9);
    private final FakeScheduler scheduler = new FakeScheduler();
    private final RecordingSink first = new RecordingSink();
    private final RecordingSink second = new RecordingSink();
    private OrderedDialogStream stream;

    @BeforeEach
    void twoLiveSessions() {
        stream = new OrderedDialogStream(9, feed, scheduler, Duration.ofMillis(150), 100,
                OrderedDialogStream.RepairListener.NONE);
        for (RecordingSink sink : new RecordingSink[] {first, second}) {
            DeliveryCursor c = new DeliveryCursor(9, sink, feed, scheduler, 100, 100);
            stream.add(c);
            c.start(null, 1);
        }
        feed.store(1, 1);
        stream.initialize(1);
    }

    @Test
    void aLaterSeqThatArrivesFirstIsHeldBackUntilTheEarlierOneArrives() {
        stream.onLive(FakeFeed.event(9, 3));
        assertThat(first.seqs()).isEmpty();

        stream.onLive(FakeFeed.event(9, 2));

        assertThat(first.seqs()).containsExactly(2L, 3L);
        assertThat(second.seqs()).containsExactly(2L, 3L);
        assertThat(feed.reads.get()).as("no database read when the reorder resolves itself").isZero();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void aGapThatOutlivesTheHoldBackIsFilledFromTheDatabaseOnceForAllSessions() {
        feed.store(2, 2);
        stream.onLive(FakeFeed.event(9, 3));

        scheduler.fireTimers();

        assertThat(first.seqs()).containsExactly(2L, 3L);
        assertThat(second.seqs()).containsExactly(2L, 3L);
        assertThat(feed.reads.get()).isEqualTo(1);
    }

    @Test
    void aDuplicatePublishIsEmittedOnce() {
        stream.onLive(FakeFeed.event(9, 2));
        stream.onLive(FakeFeed.event(9, 2));
        stream.onLive(FakeFeed.event(9, 1));

        assertThat(first.seqs()).containsExactly(2L);
    }

    @Test
    void aSweepFillsSeqsThatWereNeverPublished() {
        feed.store(2, 4);

        stream.fill(4, "sweep");

        assertThat(first.seqs()).containsExactly(2L, 3L, 4L);
        stream.onLive(FakeFeed.event(9, 4));
        stream.onLive(FakeFeed.event(9, 5));
        assertThat(first.seqs()).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void aSweepLeavesASeqInFlightToRedisAndRepairsItOnlyIfTheNextSweepStillMissesIt() {
        feed.store(2, 3);

        assertThat(stream.behindSinceLastSweep(3)).as("first sweep: seq 2..3 may still be on their way").isFalse();
        stream.onLive(FakeFeed.event(9, 2));
        stream.onLive(FakeFeed.event(9, 3));
        assertThat(stream.behindSinceLastSweep(3)).as("Redis delivered them meanwhile").isFalse();

        feed.store(4, 6);
        assertThat(stream.behindSinceLastSweep(6)).isFalse();
        stream.onLive(FakeFeed.event(9, 4));
        assertThat(stream.behindSinceLastSweep(6)).as("Redis is late but still delivering this dialog").isFalse();
        stream.onLive(FakeFeed.event(9, 5));
        assertThat(stream.behindSinceLastSweep(6)).isFalse();
        assertThat(stream.behindSinceLastSweep(6)).as("seq 6 was lost and nothing moved since: repaired now").isTrue();
        stream.fill(6, "sweep");

        assertThat(first.seqs()).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(feed.reads.get()).as("one database read, for the seq that was really lost").isEqualTo(1);
    }

    @Test
    void eventsBeforeInitializationWaitAndOlderOnesAreDropped() {
        OrderedDialogStream fresh = new OrderedDialogStream(9, feed, scheduler, Duration.ofMillis(150), 100,
                OrderedDialogStream.RepairListener.NONE);
        RecordingSink sink = new RecordingSink();
        DeliveryCursor c = new DeliveryCursor(9, sink, feed, scheduler, 100, 100);
        fresh.add(c);
        c.start(null, 4);
        fresh.onLive(FakeFeed.event(9, 4));
        fresh.onLive(FakeFeed.event(9, 5));

        fresh.initialize(4);

        assertThat(sink.seqs()).containsExactly(5L);
    }

    @Test
    void nonSequencedEventsAreNotHeldBack() {
        stream.onLive(FakeFeed.event(9, 3));
        stream.onLive(FakeFeed.typing(9, "t"));

        assertThat(first.delivered).extracting(OutboundEvent::type).containsExactly("typing");
    }

    @Test
    void anEventIsHandedOnceToEachEventLoopWhichOffersItToAllItsSessionsInOrder() {
        OrderedDialogStream fresh = new OrderedDialogStream(9, feed, scheduler, Duration.ofMillis(150), 100,
                OrderedDialogStream.RepairListener.NONE);
        CountingLoop loopA = new CountingLoop();
        CountingLoop loopB = new CountingLoop();
        List<RecordingSink> sinks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RecordingSink sink = new LoopSink(i < 4 ? loopA : loopB);
            sinks.add(sink);
            DeliveryCursor c = new DeliveryCursor(9, sink, feed, scheduler, 100, 100);
            fresh.add(c);
            c.start(null, 1);
        }
        fresh.initialize(1);

        fresh.onLive(FakeFeed.event(9, 2));
        fresh.onLive(FakeFeed.event(9, 3));

        assertThat(loopA.tasks.get()).as("two events, one hand-off each to the loop of four sessions").isEqualTo(2);
        assertThat(loopB.tasks.get()).isEqualTo(2);
        assertThat(sinks).allSatisfy(s -> assertThat(s.seqs()).containsExactly(2L, 3L));
    }

    /** Runs tasks at once and counts them, like one event loop. */
    private static final class CountingLoop implements Executor {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            task.run();
        }
    }

    /** A session owned by {@code loop}. */
    private static final class LoopSink extends RecordingSink {
        private final Executor loop;

        LoopSink(Executor loop) {
            this.loop = loop;
        }

        @Override
        public Executor liveExecutor() {
            return loop;
        }
    }
}
