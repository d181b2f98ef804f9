package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void messageEnvelopeSurvivesARoundTrip() {
        MessagePayload m = new MessagePayload(901, 17, 42, "user", "guest-1", "Привет <b>", "c-1",
                Instant.parse("2026-11-21T10:00:00.123Z"));
        Envelope e = Envelope.messageNew(3, m);

        String json = EventCodec.encode(e);
        Envelope back = EventCodec.decode(json);

        assertThat(back).isEqualTo(e);
        assertThat(json).startsWith("{\"v\":1,\"type\":\"message:new\",\"event_id\":");
        assertThat(json).contains("\"dialog_id\":17", "\"seq\":42", "\"created_at\":\"2026-11-21T10:00:00.123Z\"");
        assertThat(back.isSequenced()).isTrue();
    }

    @Test
    void aStaffPostsEventsNameItsAuthorAndAGuestsNameNobody() {
        Instant at = Instant.parse("2026-11-21T10:00:00.123Z");
        MessagePayload reply = new MessagePayload(902, 17, 43, "operator", "Anna", "Hello!", null, at, null, 5L);
        DialogPayload dialog = new DialogPayload(17, 3, "guest-0a1b", "operator", 5L, 43, 0L, at, "Hello!", "operator");

        String message = EventCodec.encode(Envelope.messageNew(3, reply));
        String update = EventCodec.encode(Envelope.dialogUpdate(dialog, "user:5"));

        assertThat(message).contains("\"author\":\"Anna\",\"author_id\":5,\"text\"");
        assertThat(EventCodec.decode(message).message()).isEqualTo(reply);
        assertThat(EventCodec.decode(update).reader()).isEqualTo("user:5");
        // A guest's message and an ordinary update carry neither field.
        MessagePayload guest = new MessagePayload(901, 17, 42, "user", null, "Hi", null, at);
        assertThat(EventCodec.encode(Envelope.messageNew(3, guest))).doesNotContain("author_id");
        assertThat(EventCodec.encode(Envelope.dialogUpdate(dialog))).doesNotContain("reader");
    }

    @Test
    void aStoredNotificationIsNamedByItsRowSoALiveCopyAndARebuiltCopyAreOneEvent() {
        NotificationPayload n = new NotificationPayload(77L, 3L, "handoff_requested", null, Instant.now());

        Envelope live = Envelope.notificationNew(5, n);
        Envelope rebuilt = Envelope.notificationNew(5, n);

        assertThat(rebuilt.eventId()).isEqualTo(live.eventId());
        assertThat(Envelope.notificationNew(5, new NotificationPayload(78L, 4L, "x", null, null)).eventId())
                .isNotEqualTo(live.eventId());
        assertThat(Envelope.notificationNew(5, new NotificationPayload(null, null, "x", null, null)).eventId())
                .isNotEqualTo(Envelope.notificationNew(5, new NotificationPayload(null, null, "x", null, null)).eventId());
    }

    @Test
    void unknownTypeAndFieldsPassThroughUntouched() {
        String json = "{\"v\":2,\"type\":\"reaction:added\",\"event_id\":\"x\",\"dialog_id\":5,"
                + "\"emoji\":\"+1\",\"nested\":{\"a\":[1,2]}}";

        Envelope e = EventCodec.decode(json);

        assertThat(e.type()).isEqualTo("reaction:added");
        assertThat(e.v()).isEqualTo(2);
        assertThat(e.isSequenced()).isFalse();
        assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
        assertThat(EventCodec.encode(e)).contains("\"emoji\":\"+1\"", "\"nested\":{\"a\":[1,2]}");
    }

    @Test
    void malformedJsonIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":"))
                .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("event is not valid JSON");
        assertThatThrownBy(() -> EventCodec.decode("[1,2]"))
                .isInstanceOf(MalformedEventException.class).hasMessage("event must be a JSON object");
        assertThatThrownBy(() -> EventCodec.decode("{\"seq\":1}"))
                .isInstanceOf(MalformedEventException.class).hasMessage("event has no \"type\" string");
        assertThatThrownBy(() -> EventCodec.decode(""))
                .isInstanceOf(MalformedEventException.class).hasMessage("event is empty");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"message:new\",\"seq\":\"many\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("event fields have the wrong shape");
    }

    @Test
    void typingAndReadEventsCarryTheirFields() {
        String typing = EventCodec.encode(Envelope.typing(4, "operator", "Anna", true));
        String read = EventCodec.encode(Envelope.read(4, 2, "guest", 9));

        assertThat(typing).contains("\"type\":\"typing\"", "\"who\":\"operator\"", "\"state\":true");
        assertThat(read).contains("\"type\":\"read\"", "\"reader\":\"guest\"", "\"seq\":9");
        assertThat(EventCodec.decode(read).isSequenced()).isFalse();
    }
}
