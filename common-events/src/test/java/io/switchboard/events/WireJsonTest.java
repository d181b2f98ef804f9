package io.switchboard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire form of every payload and of the envelope, byte for byte: field names, order and omitted nulls. Written
 * through the events' own mapper and through one with a global snake-case strategy (message-api's REST mapper), which
 * must give the same text; each text also reads back into an equal object.
 */
class WireJsonTest {
    private static final Instant AT = Instant.parse("2026-12-07T09:00:01.5Z");
    private static final AttachmentPayload ATTACHMENT =
            new AttachmentPayload("a1b2", "cat.png", "image/png", 2048, 640, 480, true);
    private static final MessagePayload MESSAGE =
            new MessagePayload(11, 22, 3, "operator", "Anna", "hello", "c-9", AT, ATTACHMENT, 44L);
    private static final DialogPayload DIALOG =
            new DialogPayload(22, 5, "Guest 7", "open", 44L, 3, 2L, AT, "hello", "operator");
    private static final NotificationPayload NOTIFICATION = new NotificationPayload(8L, 2L, "handoff",
            JsonNodeFactory.instance.objectNode().put("dialog_id", 22), AT);

    private static final String ATTACHMENT_JSON = "{\"id\":\"a1b2\",\"name\":\"cat.png\",\"content_type\":\"image/png\","
            + "\"size\":2048,\"width\":640,\"height\":480,\"has_thumbnail\":true}";
    private static final String MESSAGE_JSON = "{\"id\":11,\"dialog_id\":22,\"seq\":3,\"sender\":\"operator\","
            + "\"author\":\"Anna\",\"author_id\":44,\"text\":\"hello\",\"client_msg_id\":\"c-9\","
            + "\"created_at\":\"2026-12-07T09:00:01.500Z\",\"attachment\":" + ATTACHMENT_JSON + "}";
    private static final String DIALOG_JSON = "{\"id\":22,\"assistant_id\":5,\"guest_label\":\"Guest 7\","
            + "\"status\":\"open\",\"assigned_operator_id\":44,\"last_seq\":3,\"unread\":2,"
            + "\"last_message_at\":\"2026-12-07T09:00:01.500Z\",\"last_message_preview\":\"hello\","
            + "\"last_message_sender\":\"operator\"}";
    private static final String NOTIFICATION_JSON = "{\"id\":8,\"seq\":2,\"kind\":\"handoff\","
            + "\"payload\":{\"dialog_id\":22},\"created_at\":\"2026-12-07T09:00:01.500Z\"}";

    private static final List<ObjectMapper> MAPPERS = List.of(EventCodec.mapper(),
            EventCodec.newMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

    @Test
    void payloadsKeepTheirExactWireForm() throws Exception {
        for (ObjectMapper mapper : MAPPERS) {
            assertWire(mapper, ATTACHMENT, ATTACHMENT_JSON);
            assertWire(mapper, MESSAGE, MESSAGE_JSON);
            assertWire(mapper, DIALOG, DIALOG_JSON);
            assertWire(mapper, NOTIFICATION, NOTIFICATION_JSON);
        }
    }

    @Test
    void nullFieldsAreLeftOut() throws Exception {
        for (ObjectMapper mapper : MAPPERS) {
            assertWire(mapper, new AttachmentPayload("f", "a.pdf", "application/pdf", 9, null, null, false),
                    "{\"id\":\"f\",\"name\":\"a.pdf\",\"content_type\":\"application/pdf\",\"size\":9,"
                            + "\"has_thumbnail\":false}");
            assertWire(mapper, new MessagePayload(1, 2, 3, "guest", null, "hi", null, AT),
                    "{\"id\":1,\"dialog_id\":2,\"seq\":3,\"sender\":\"guest\",\"text\":\"hi\","
                            + "\"created_at\":\"2026-12-07T09:00:01.500Z\"}");
            assertWire(mapper, new DialogPayload(2, 5, "Guest 1", "open", null, 0, null, null, null, null),
                    "{\"id\":2,\"assistant_id\":5,\"guest_label\":\"Guest 1\",\"status\":\"open\",\"last_seq\":0}");
            assertWire(mapper, new NotificationPayload(null, null, "ping", null, null), "{\"kind\":\"ping\"}");
        }
    }

    @Test
    void envelopesKeepTheirExactWireForm() throws Exception {
        Envelope message = new Envelope(1, "message:new", "e-1", 22L, 5L, null, 3L, AT, MESSAGE, null, null,
                null, null, null, null, null);
        Envelope dialog = new Envelope(1, "dialog:update", "e-2", 22L, 5L, null, null, AT, null, DIALOG, null,
                null, null, null, "user:44", null);
        Envelope notification = new Envelope(1, "notification:new", "e-3", null, null, 44L, 2L, AT, null, null,
                NOTIFICATION, null, null, null, null, null);
        Envelope typing = new Envelope(1, "typing", "e-4", 22L, null, null, null, AT, null, null, null,
                "guest", "Guest 7", true, null, null);
        for (ObjectMapper mapper : MAPPERS) {
            assertWire(mapper, message, "{\"v\":1,\"type\":\"message:new\",\"event_id\":\"e-1\",\"dialog_id\":22,"
                    + "\"assistant_id\":5,\"seq\":3,\"ts\":\"2026-12-07T09:00:01.500Z\",\"message\":" + MESSAGE_JSON + "}");
            assertWire(mapper, dialog, "{\"v\":1,\"type\":\"dialog:update\",\"event_id\":\"e-2\",\"dialog_id\":22,"
                    + "\"assistant_id\":5,\"ts\":\"2026-12-07T09:00:01.500Z\",\"dialog\":" + DIALOG_JSON
                    + ",\"reader\":\"user:44\"}");
            assertWire(mapper, notification, "{\"v\":1,\"type\":\"notification:new\",\"event_id\":\"e-3\","
                    + "\"user_id\":44,\"seq\":2,\"ts\":\"2026-12-07T09:00:01.500Z\",\"notification\":"
                    + NOTIFICATION_JSON + "}");
            assertWire(mapper, typing, "{\"v\":1,\"type\":\"typing\",\"event_id\":\"e-4\",\"dialog_id\":22,"
                    + "\"ts\":\"2026-12-07T09:00:01.500Z\",\"who\":\"guest\",\"author\":\"Guest 7\",\"state\":true}");
        }
        // Unknown fields are written back in the order they came (the class before the record replayed them reversed;
        // no main code re-encodes a decoded envelope: the socket services forward the raw text).
        Envelope unknown = EventCodec.decode("{\"type\":\"future\",\"dialog_id\":1,\"new_field\":{\"a\":[1]},\"x\":2}");
        assertEquals("{\"v\":1,\"type\":\"future\",\"dialog_id\":1,\"new_field\":{\"a\":[1]},\"x\":2}",
                EventCodec.encode(unknown));
    }

    private static void assertWire(ObjectMapper mapper, Object value, String json) throws Exception {
        assertEquals(json, mapper.writeValueAsString(value), value.getClass().getSimpleName());
        assertEquals(value, mapper.readValue(json, value.getClass()), value.getClass().getSimpleName() + " read back");
    }
}
