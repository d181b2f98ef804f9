package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event, as published on a Redis channel and as delivered to every socket and SSE stream.
 * Fields this version does not know are kept in {@link #extra()} and written back unchanged,
 * so an older service passes a newer event through untouched.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"v", "type", "event_id", "dialog_id", "assistant_id", "user_id", "seq", "ts"})
public final class Envelope {
    /** The envelope version this code writes. */
    public static final int VERSION = 1;

    private final int v;
    private final String type;
    private final String eventId;
    private final Long dialogId;
    private final Long assistantId;
    private final Long userId;
    private final Long seq;
    private final Instant ts;
    private final MessagePayload message;
    private final DialogPayload dialog;
    private final NotificationPayload notification;
    private final String who;
    private final String author;
    private final Boolean state;
    private final String reader;
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    @JsonCreator
    public Envelope(@JsonProperty("v") Integer v,
                    @JsonProperty("type") String type,
                    @JsonProperty("event_id") String eventId,
                    @JsonProperty("dialog_id") Long dialogId,
                    @JsonProperty("assistant_id") Long assistantId,
                    @JsonProperty("user_id") Long userId,
                    @JsonProperty("seq") Long seq,
                    @JsonProperty("ts") Instant ts,
                    @JsonProperty("message") MessagePayload message,
                    @JsonProperty("dialog") DialogPayload dialog,
                    @JsonProperty("notification") NotificationPayload notification,
                    @JsonProperty("who") String who,
                    @JsonProperty("author") String author,
                    @JsonProperty("state") Boolean state,
                    @JsonProperty("reader") String reader) {
        this.v = v == null ? VERSION : v;
        this.type = type;
        this.eventId = eventId;
        this.dialogId = dialogId;
        this.assistantId = assistantId;
        this.userId = userId;
        this.seq = seq;
        this.ts = ts;
        this.message = message;
        this.dialog = dialog;
        this.notification = notification;
        this.who = who;
        this.author = author;
        this.state = state;
        this.reader = reader;
    }

    private static Envelope of(String type, Long dialogId, Long assistantId, Long userId, Long seq,
                               MessagePayload message, DialogPayload dialog, NotificationPayload notification,
                               String who, String author, Boolean state, String reader) {
        return new Envelope(VERSION, type, UUID.randomUUID().toString(), dialogId, assistantId, userId, seq,
                Instant.now(), message, dialog, notification, who, author, state, reader);
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
                Instant.now(), null,
                null, notification, null, null, null, null);
    }

    @JsonProperty("v")
    public int v() {
        return v;
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonProperty("event_id")
    public String eventId() {
        return eventId;
    }

    @JsonProperty("dialog_id")
    public Long dialogId() {
        return dialogId;
    }

    @JsonProperty("assistant_id")
    public Long assistantId() {
        return assistantId;
    }

    @JsonProperty("user_id")
    public Long userId() {
        return userId;
    }

    /** For {@code message:new} the message's per-dialog seq; for {@code read} the new watermark. */
    @JsonProperty("seq")
    public Long seq() {
        return seq;
    }

    @JsonProperty("ts")
    public Instant ts() {
        return ts;
    }

    @JsonProperty("message")
    public MessagePayload message() {
        return message;
    }

    @JsonProperty("dialog")
    public DialogPayload dialog() {
        return dialog;
    }

    @JsonProperty("notification")
    public NotificationPayload notification() {
        return notification;
    }

    @JsonProperty("who")
    public String who() {
        return who;
    }

    @JsonProperty("author")
    public String author() {
        return author;
    }

    @JsonProperty("state")
    public Boolean state() {
        return state;
    }

    @JsonProperty("reader")
    public String reader() {
        return reader;
    }

    /** Fields this version does not know, kept to be written back unchanged. */
    @JsonAnyGetter
    public Map<String, JsonNode> extra() {
        return Collections.unmodifiableMap(extra);
    }

    @JsonAnySetter
    void putExtra(String name, JsonNode value) {
        extra.put(name, value);
    }

    /** True when {@code seq} orders this event within its dialog. */
    @JsonIgnore
    public boolean isSequenced() {
        return EventType.isSequenced(type) && dialogId != null && seq != null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Envelope e)) {
            return false;
        }
        return v == e.v && Objects.equals(type, e.type) && Objects.equals(eventId, e.eventId)
                && Objects.equals(dialogId, e.dialogId) && Objects.equals(assistantId, e.assistantId)
                && Objects.equals(userId, e.userId) && Objects.equals(seq, e.seq) && Objects.equals(ts, e.ts)
                && Objects.equals(message, e.message) && Objects.equals(dialog, e.dialog)
                && Objects.equals(notification, e.notification) && Objects.equals(who, e.who)
                && Objects.equals(author, e.author) && Objects.equals(state, e.state)
                && Objects.equals(reader, e.reader) && extra.equals(e.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, eventId, dialogId, seq);
    }

    @Override
    public String toString() {
        return "Envelope{" + type + ", event_id=" + eventId + ", dialog_id=" + dialogId + ", seq=" + seq + "}";
    }
}
