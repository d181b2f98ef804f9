package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DeliveryCursorTest {
    private final FakeFeed feed = new FakeFeed(5);
    private final FakeScheduler scheduler = new FakeScheduler();
    private final RecordingSink sink = new RecordingSink();
    private final DeliveryCursor cursor = new DeliveryCursor(5, sink, feed, scheduler, 3, 100);

    @Test
    void catchUpSendsEveryStoredSeqAfterTheResumePointInPagesThenLiveOnes() {
        feed.store(1, 10);
        cursor.offer(FakeFeed.event(5, 11));
        feed.store(11, 11);

        cursor.start(2L, 10);
        cursor.offer(FakeFeed.event(5, 12));

        assertThat(sink.seqs()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(feed.reads.get()).as("pages of 3 rows").isGreaterThanOrEqualTo(3);
    }

    @Test
    void liveEventsHeldDuringCatchUpAreNeitherLostNorDuplicatedAtTheSeam() {
        feed.store(1, 6);
        cursor.offer(FakeFeed.event(5, 5));
        cursor.offer(FakeFeed.event(5, 6));
        cursor.offer(FakeFeed.event(5, 7));
        feed.store(7, 7);

        cursor.start(3L, 6);

        assertThat(sink.seqs()).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void withoutAResumePointOnlyNewerSeqsAreDelivered() {
        feed.store(1, 4);
        cursor.start(null, 4);
        cursor.offer(FakeFeed.event(5, 4));
        cursor.offer(FakeFeed.event(5, 5));

        assertThat(sink.seqs()).containsExactly(5L);
        assertThat(feed.reads.get()).isZero();
    }

    @Test
    void aDuplicateSeqIsDroppedAndAJumpIsFilledFromTheDatabaseBeforeTheNewerSeq() {
        feed.store(1, 3);
        cursor.start(null, 3);
        cursor.offer(FakeFeed.event(5, 3));
        feed.store(4, 6);
        cursor.offer(FakeFeed.event(5, 6));
        assertThat(sink.seqs()).as("nothing newer before the gap is filled").isEmpty();

        scheduler.runBlockingTasks();

        assertThat(sink.seqs()).containsExactly(4L, 5L, 6L);
        cursor.offer(FakeFeed.event(5, 6));
        cursor.offer(FakeFeed.event(5, 7));
        assertThat(sink.seqs()).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void nonSequencedEventsPassThroughInArrivalOrder() {
        feed.store(1, 1);
        cursor.offer(FakeFeed.typing(5, "t1"));
        cursor.start(0L, 1);
        cursor.offer(FakeFeed.typing(5, "t2"));

        assertThat(sink.delivered).extracting(OutboundEvent::eventId).containsExactly(
                FakeFeed.event(5, 1).eventId(), "t1", "t2");
    }

    @Test
    void aResumePointBeyondTheDialogStartsAtItsLastSeq() {
        feed.store(1, 2);
        cursor.start(50L, 2);
        cursor.offer(FakeFeed.event(5, 3));

        assertThat(sink.seqs()).containsExactly(3L);
    }

    @Test
    void tooManyHeldEventsReportTheSessionAsSlow() {
        DeliveryCursor small = new DeliveryCursor(5, sink, feed, scheduler, 3, 4);
        LongStream.rangeClosed(1, 5).forEach(s -> small.offer(FakeFeed.event(5, s)));

        assertThat(sink.overflowed).isTrue();
    }
}
