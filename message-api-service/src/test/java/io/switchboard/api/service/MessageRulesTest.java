package io.switchboard.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageRulesTest {
    @Test
    void previewFlattensWhitespaceAndCutsLongTextWithAnEllipsis() {
        assertThat(MessageAppender.preview("  Hello\n\n  world  ")).isEqualTo("Hello world");
        String cut = MessageAppender.preview("x".repeat(500));
        assertThat(cut).hasSize(200).endsWith("…");
    }

    @Test
    void previewNeverSplitsACharacterOutsideTheBasicPlane() {
        String cut = MessageAppender.preview("😀".repeat(300));
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(200);
        assertThat(cut).endsWith("😀…");
    }

    @Test
    void rateLimiterRefusesHitsAboveTheLimitWithinOneWindow() {
        RateLimiter limiter = new RateLimiter(60_000);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("guest", 3)).isTrue();
        }
        assertThat(limiter.tryAcquire("guest", 3)).isFalse();
        assertThat(limiter.tryAcquire("another guest", 3)).isTrue();
    }
}
