package io.switchboard.socket.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MalformedEventException;
import io.switchboard.events.MessagePayload;
import io.switchboard.socket.core.OutboundEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRouterTest {

    @Test
    void aMessageEnvelopeIsRoutedByItsSeqAndReachesClientsAsPublished() {
        Instant committed = Instant.parse("2026-01-02T03:04:05.678Z");
        MessagePayload m = new MessagePayload(41L, 7L, 3L, "guest", "Guest", "hello", null, committed);
        String json = EventCodec.encode(Envelope.messageNew(12L, m));

        OutboundEvent e = EventRouter.routingFields(json);

        assertThat(e.type()).isEqualTo("message:new");
        assertThat(e.dialogId()).isEqualTo(7L);
        assertThat(e.seq()).isEqualTo(3L);
        assertThat(e.sequenced()).isTrue();
        assertThat(e.eventId()).isNotBlank();
        assertThat(e.ts()).isNotNull();
        assertThat(e.json()).isSameAs(json);
    }

    @Test
    void unknownTypesAndFieldsPassThroughUntouched() {
        String json = "{\"type\":\"future:thing\",\"event_id\":\"x1\",\"dialog_id\":5,\"nested\":{\"a\":[1,{\"b\":null}]},"
                + "\"ts\":\"not a time\",\"extra\":true}";

        OutboundEvent e = EventRouter.routingFields(json);

        assertThat(e.type()).isEqualTo("future:thing");
        assertThat(e.sequenced()).isFalse();
        assertThat(e.eventId()).isEqualTo("x1");
        assertThat(e.dialogId()).isEqualTo(5L);
        assertThat(e.ts()).as("an unreadable ts only loses the latency metric").isNull();
        assertThat(e.json()).isEqualTo(json);
    }

    @Test
    void whatCannotBeRoutedIsRejected() {
        assertThatThrownBy(() -> EventRouter.routingFields("not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventRouter.routingFields("[1]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventRouter.routingFields("{\"seq\":1}")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventRouter.routingFields("{\"type\":\"message:new\",\"seq\":\"one\"}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventRouter.routingFields("{\"type\":\"x\"} {")).isInstanceOf(MalformedEventException.class);
    }
}
