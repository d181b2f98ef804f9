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
}
