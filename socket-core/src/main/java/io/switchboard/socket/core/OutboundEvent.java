package io.switchboard.socket.core;

import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.Envelope;
import io.switchboard.events.MessagePayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One event ready to go out: serialized once, then the same string goes to every session of
 * every transport. Events from
 * Redis keep their raw JSON, so fields and types this version does not know pass through untouched.
 */
public final class OutboundEvent {
    private final String type;
    private final Long dialogId;
    private final Long seq;
    private final String eventId;
    private volatile Instant ts;
    private final String tsText;
    private final String json;
    private final boolean sequenced;
    private volatile String sseFrame;
    /** UTF-8 size of {@link #json}, -1 until counted (a benign race: every thread counts the same). */
    private volatile int utf8Bytes = -1;

    private OutboundEvent(String type, Long dialogId, Long seq, String eventId, Instant ts, String tsText,
                          String json, boolean sequenced) {
        this.type = type;
        this.dialogId = dialogId;
        this.seq = seq;
        this.eventId = eventId;
        this.ts = ts;
        this.tsText = tsText;
        this.json = json;
        this.sequenced = sequenced;
    }

    /**
     * An event received as {@code rawJson} of which only the routing fields were read; {@code tsText} (the
     * envelope's {@code ts}) is parsed on first use. The raw text is what clients get.
     */
    public static OutboundEvent routed(String type, Long dialogId, Long seq, String eventId, String tsText,
                                       String rawJson) {
        return new OutboundEvent(type, dialogId, seq, eventId, null, tsText, rawJson,
                EventType.isSequenced(type) && dialogId != null && seq != null);
    }

    /** An event received as {@code rawJson} and decoded to {@code envelope}; the raw text is what clients get. */
    public static OutboundEvent received(Envelope envelope, String rawJson) {
        return new OutboundEvent(envelope.type(), envelope.dialogId(), envelope.seq(), envelope.eventId(),
                envelope.ts(), null, rawJson, envelope.isSequenced());
    }

    /** Wraps an envelope this node created (e.g. a read-watermark or typing event it relays). */
    public static OutboundEvent of(Envelope envelope) {
        return received(envelope, EventCodec.encode(envelope));
    }

    /**
     * A stored message read back from PostgreSQL (catch-up or gap repair). Its event id is derived
     * from the message id, so every node and every repair names the same message the same way, and
     * {@code ts} is the commit time, so delivery latency counts the time the repair took.
     */
    public static OutboundEvent stored(long assistantId, MessagePayload message) {
        String id = UUID.nameUUIDFromBytes(("message:new:" + message.id()).getBytes(StandardCharsets.UTF_8))
                .toString();
        Envelope e = new Envelope(Envelope.VERSION, EventType.MESSAGE_NEW, id, message.dialogId(), assistantId,
                null, message.seq(), message.createdAt(), message, null, null, null, null, null, null, null);
        return of(e);
    }

    /** A test or diagnostic event with just a type and raw JSON. */
    public static OutboundEvent raw(String type, Long dialogId, Long seq, String eventId, Instant ts, String json) {
        return new OutboundEvent(type, dialogId, seq, eventId, ts, null, json,
                EventType.isSequenced(type) && dialogId != null && seq != null);
    }

    public String type() {
        return type;
    }

    public Long dialogId() {
        return dialogId;
    }

    /** The per-dialog seq of a sequenced event; for others whatever the envelope carried (e.g. a read watermark). */
    public Long seq() {
        return seq;
    }

    public String eventId() {
        return eventId;
    }

    /** When the change was committed, as the publisher stamped it; may be null for foreign events. */
    public Instant ts() {
        Instant t = ts;
        if (t == null && tsText != null) {
            t = parseTs(tsText);
            ts = t;
        }
        return t;
    }

    private static Instant parseTs(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            try {
                // Jackson writes and reads an Instant as decimal epoch seconds when timestamps are numeric.
                java.math.BigDecimal seconds = new java.math.BigDecimal(text);
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).intValue());
            } catch (NumberFormatException | ArithmeticException notANumber) {
                return null;
            }
        }
    }

    /** The envelope JSON exactly as every client receives it. */
    public String json() {
        return json;
    }

    /**
     * What one queued copy of this event counts against the outbound limits: its UTF-8 size (what goes on
     * the wire; a Cyrillic character is two bytes) plus the per-frame overhead. Counted once per event, on
     * first use, and shared by every session.
     */
    public long queuedBytes() {
        int n = utf8Bytes;
        if (n < 0) {
            n = Utf8.length(json);
            utf8Bytes = n;
        }
        return n + OutboundBudget.FRAME_OVERHEAD_BYTES;
    }

    /** True for {@code message:new}: ordered and gap-repaired by seq. */
    public boolean sequenced() {
        return sequenced;
    }

    /**
     * The SSE wire form, built once per event: {@code event: message}, {@code id: <seq>} for sequenced
     * events, and the envelope as {@code data:} (split over several lines if the JSON has line breaks).
     */
    public String sseFrame() {
        String f = sseFrame;
        if (f == null) {
            StringBuilder b = new StringBuilder(json.length() + 40).append("event: message\n");
            if (sequenced || (seq != null && EventType.NOTIFICATION_NEW.equals(type))) {
                // message:new: the dialog seq; notification:new (only on user-level streams): the user's
                // notification seq, so Last-Event-ID resumes the notifications there.
                b.append("id: ").append(seq).append('\n');
            }
            for (String line : json.split("\r\n|\r|\n", -1)) {
                b.append("data: ").append(line).append('\n');
            }
            f = b.append('\n').toString();
            sseFrame = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return "OutboundEvent{" + type + ", dialog=" + dialogId + ", seq=" + seq + "}";
    }
}
