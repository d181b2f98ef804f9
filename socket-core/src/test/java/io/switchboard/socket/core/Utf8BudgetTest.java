package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Byte budgets count what goes on the wire: UTF-8 bytes, not Java chars (Cyrillic is two bytes a char). */
class Utf8BudgetTest {
    private static final String CYRILLIC = "{\"type\":\"message:new\",\"text\":\"Здравствуйте, чем могу помочь?\"}";

    @Test
    void aCyrillicEventCountsItsUtf8BytesAgainstTheBudget() {
        OutboundEvent event = OutboundEvent.raw("typing", 5L, null, "e1", null, CYRILLIC);
        int wire = CYRILLIC.getBytes(StandardCharsets.UTF_8).length;
        assertThat(wire).as("the text is longer on the wire than in chars").isGreaterThan(CYRILLIC.length() + 20);

        assertThat(event.queuedBytes()).isEqualTo(wire + OutboundBudget.FRAME_OVERHEAD_BYTES);
    }

    @Test
    void aSessionsQueuedBytesAreTheUtf8SizeOfWhatItQueued() {
        ClientSessionTest.StalledTransportSession s = new ClientSessionTest.StalledTransportSession(10,
                ClientSessionTest.NO_HOOKS);
        s.deliver(OutboundEvent.raw("typing", 5L, null, "e1", null, CYRILLIC));
        String control = "{\"type\":\"error\",\"message\":\"Слишком много\"}";
        s.sendControl(control);

        assertThat(s.queuedBytes()).isEqualTo(CYRILLIC.getBytes(StandardCharsets.UTF_8).length
                + control.getBytes(StandardCharsets.UTF_8).length + 2L * OutboundBudget.FRAME_OVERHEAD_BYTES);
    }

    @Test
    void utf8LengthMatchesTheEncoderForEveryWidth() {
        for (String text : new String[] {"", "ascii", "Привет", "€ and ✓", "emoji 😀 pair", "mixed Ёж 日本 😀!"}) {
            assertThat(Utf8.length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
