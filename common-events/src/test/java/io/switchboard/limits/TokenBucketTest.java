package io.switchboard.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong();
    private final TokenBucket bucket = new TokenBucket(10, 3, now::get);

    @Test
    void aBurstIsAllowedThenTheRateApplies() {
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).as("burst used up").isFalse();

        now.addAndGet(100_000_000);
        assertThat(bucket.tryTake()).as("one token per 100 ms at 10/s").isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void aQuietConnectionRegainsOnlyItsBurst() {
        now.addAndGet(60_000_000_000L);
        int allowed = 0;
        while (bucket.tryTake()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }
}
