package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

/**
 * One event, as published on a Redis channel and as delivered to every socket and SSE stream.
 * Fields this version does not know are kept in {@link #extra()} and written back unchanged,
 * so an older service passes a newer event through untouched.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"v", "type", "event_id", "dialog_id", "assistant_id", "user_id", "seq", "ts"})
public record Envelope(Integer v, String type, String eventId, Long dialogId, Long assistantId, Long userId, Long seq,
        Instant ts, MessagePayload message, DialogPayload dialog, NotificationPayload notification, String who,
        String author, Boolean state, String reader,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    /** The envelope version this code writes. */
    public static final int VERSION = 1;

    /** An envelope without a {@code v} is version 1; {@code extra} cannot be changed. */
    public Envelope {
        v = v == null ? VERSION : v;
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(extra);
    }

    private static Envelope of(String type, Long dialogId, Long assistantId, Long userId, Long seq,
                               MessagePayload message, DialogPayload dialog, NotificationPayload notification,
                               String who, String author, Boolean state, String reader) {
        return new Envelope(VERSION, type, UUID.randomUUID().toString(), dialogId, assistantId, userId, seq,
                Instant.now(), message, dialog, notification, who, author, state, reader, null);
    }

    /** A stored message, published on the dialog's channel. */
    public static Envelope messageNew(long assistantId, MessagePayload message) {
        return of(EventType.MESSAGE_NEW, message.dialogId(), assistantId, null, message.seq(), message,
                null, null, null, null, null, null);
    }

    /** A dialog that appeared in an assistant's list. */
    public static Envelope dialogNew(DialogPayload dialog) {
        return of(EventType.DIALOG_NEW, dialog.id(), dialog.assistantId(), null, null, null, dialog,
                null, null, null, null, null);
    }

    /** A dialog whose status, assignee, unread count or last message changed. */
    public static Envelope dialogUpdate(DialogPayload dialog) {
        return dialogUpdate(dialog, null);
    }

    /**
     * A dialog whose last message changed by a staff post: {@code reader} ({@code user:{id}}, null for none) is the
     * author, whose watermark the post moved to the dialog's {@code last_seq}; no separate {@code read} event follows.
     */
    public static Envelope dialogUpdate(DialogPayload dialog, String reader) {
        return of(EventType.DIALOG_UPDATE, dialog.id(), dialog.assistantId(), null, null, null, dialog,
                null, null, null, null, reader);
    }

    /** Someone started or stopped typing; ephemeral, never stored. */
    public static Envelope typing(long dialogId, String who, String author, boolean state) {
        return of(EventType.TYPING, dialogId, null, null, null, null, null, null, who, author, state, null);
    }

    /** A reader's watermark moved to {@code seq} (an explicit read; a post names its author's move itself). */
    public static Envelope read(long dialogId, long assistantId, String reader, long seq) {
        return of(EventType.READ, dialogId, assistantId, null, seq, null, null, null, null, null, null, reader);
    }

    /**
     * A notification for one operator. A stored one (with an {@code id}) gets an event id derived from
     * that id, so the live event and a copy rebuilt from PostgreSQL after a Redis outage are recognised
     * as the same event and shown once.
     */
    public static Envelope notificationNew(long userId, NotificationPayload notification) {
        String eventId = notification.id() == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("notification:new:" + notification.id()).getBytes(StandardCharsets.UTF_8))
                        .toString();
        return new Envelope(VERSION, EventType.NOTIFICATION_NEW, eventId, null, null, userId, notification.seq(),
                Instant.now(), null, null, notification, null, null, null, null, null);
    }

    /** True when {@code seq} orders this event within its dialog. */
    @JsonIgnore
    public boolean isSequenced() {
        return EventType.isSequenced(type) && dialogId != null && seq != null;
    }

    @Override
    public String toString() {
        return "Envelope{" + type + ", event_id=" + eventId + ", dialog_id=" + dialogId + ", seq=" + seq + "}";
    }
}
