package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one gap fill (SeqOrder.fillFrom) as the node stream and a session cursor use it. */
class SeqOrderTest {
    private final FakeFeed feed = new FakeFeed(9);
    private final FakeScheduler scheduler = new FakeScheduler();

    @Test
    void seqsTheStoreNeverHadAreSkippedEvenWhenTheNextPageStartsBeyondTheGap() {
        // Pages of 3; the store has 1 and 6..8: seqs 2..5 were never committed (a rolled-back reservation).
        OrderedDialogStream stream = new OrderedDialogStream(9, feed, scheduler, Duration.ofMillis(150), 3,
                OrderedDialogStream.RepairListener.NONE);
        RecordingSink sink = new RecordingSink();
        DeliveryCursor cursor = new DeliveryCursor(9, sink, feed, scheduler, 3, 100);
        stream.add(cursor);
        cursor.start(null, 1);
        feed.store(1, 1);
        feed.store(6, 8);
        stream.initialize(1);
        stream.onLive(FakeFeed.event(9, 6));

        stream.fill(5, "hold-back");

        assertThat(stream.emitted()).as("2..5 skipped, then the held 6 released").isEqualTo(6);
        assertThat(feed.reads.get()).as("one read: a full page beyond the gap ends the fill").isEqualTo(1);
        scheduler.runBlockingTasks();
        assertThat(sink.seqs()).as("the session's cursor, seeing 1 then 6, applies the same rule").containsExactly(6L);
        assertThat(feed.reads.get()).isEqualTo(2);
    }

    @Test
    void aSessionCatchingUpAndTheNodeStreamApplyTheSameRuleToTheSamePage() {
        feed.store(1, 4);
        feed.store(7, 9);
        RecordingSink sink = new RecordingSink();
        DeliveryCursor cursor = new DeliveryCursor(9, sink, feed, scheduler, 3, 100);

        cursor.start(0L, 9);

        assertThat(sink.seqs()).as("in order, once, the hole logged and passed").containsExactly(1L, 2L, 3L, 4L, 7L,
                8L, 9L);
    }
}
