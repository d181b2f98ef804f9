package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelsTest {

    @Test
    void defaultNamesMatchTheSpec() {
        Channels c = Channels.defaults();
        assertThat(c.dialog(17)).isEqualTo("ws:dialog:17");
        assertThat(c.assistant(3)).isEqualTo("ws:assistant:3");
        assertThat(c.notifications(5)).isEqualTo("notifications:5");
        assertThat(c.allDialogsPattern()).isEqualTo("ws:dialog:*");
    }

    @Test
    void namesParseBackIncludingCustomPrefixes() {
        Channels c = new Channels("acme:ws:", "acme:notifications:");
        assertThat(c.parse(c.dialog(9))).contains(new Channels.Parsed(Channels.Kind.DIALOG, 9));
        assertThat(c.parse(c.assistant(2))).contains(new Channels.Parsed(Channels.Kind.ASSISTANT, 2));
        assertThat(c.parse(c.notifications(1))).contains(new Channels.Parsed(Channels.Kind.NOTIFICATIONS, 1));
        assertThat(c.parse("ws:dialog:9")).isEmpty();
        assertThat(c.parse("acme:ws:dialog:x")).isEmpty();
    }

    @Test
    void closeReasonsFitInAFrameWithoutSplittingACharacter() {
        String longRussian = "ошибка ".repeat(40);
        String fitted = CloseCodes.fitReason(longRussian);
        assertThat(fitted.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(longRussian).startsWith(fitted);
        assertThat(CloseCodes.fitReason("short")).isEqualTo("short");
    }
}
