package io.switchboard.api.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeqReleaseQueueTest {
    static final long STUCK = 1_000;
    final SeqReleaseQueue<String> queue = new SeqReleaseQueue<>();
    final List<Long> givenUp = new ArrayList<>();

    @Test
    void laterSeqCommittedFirstWaitsForTheEarlierOne() {
        queue.reserve(1, 0);
        queue.reserve(2, 0);
        queue.complete(2, List.of("m2"), 0);
        assertThat(queue.drain(0, STUCK, givenUp)).isEmpty();

        queue.complete(1, List.of("m1", "u1"), 0);
        assertThat(queue.drain(0, STUCK, givenUp)).containsExactly("m1", "u1", "m2");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void rolledBackSeqReleasesWhatWaitedBehindItAndPublishesNothingOfItsOwn() {
        queue.reserve(5, 0);
        queue.reserve(6, 0);
        queue.complete(6, List.of("m6"), 0);
        queue.abort(5);
        assertThat(queue.drain(0, STUCK, givenUp)).containsExactly("m6");
    }

    @Test
    void seqWhoseTransactionNeverEndsStopsHoldingOthersBackAfterTheTimeout() {
        queue.reserve(1, 0);
        queue.reserve(2, 0);
        queue.complete(2, List.of("m2"), 0);
        assertThat(queue.drain(STUCK, STUCK, givenUp)).isEmpty();
        assertThat(queue.drain(STUCK + 1, STUCK, givenUp)).containsExactly("m2");
        assertThat(givenUp).containsExactly(1L);
    }

    @Test
    void aLonePendingSeqIsNeverGivenUp() {
        queue.reserve(1, 0);
        assertThat(queue.drain(10 * STUCK, STUCK, givenUp)).isEmpty();
        assertThat(givenUp).isEmpty();
        assertThat(queue.isEmpty()).isFalse();
    }
}
