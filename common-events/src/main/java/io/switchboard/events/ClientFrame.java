package io.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame a client sends over a socket: {@code ping}, {@code subscribe}, {@code unsubscribe},
 * {@code typing} or {@code read}. Absent numbers are {@code null}.
 */
public record ClientFrame(String type, Long dialogId, Long afterSeq, Boolean state, Long seq) {
    public static final String PING = "ping";
    public static final String SUBSCRIBE = "subscribe";
    public static final String UNSUBSCRIBE = "unsubscribe";
    public static final String TYPING = "typing";
    public static final String READ = "read";

    /**
     * Parses and validates a client frame.
     *
     * @throws MalformedEventException naming the first problem, e.g. a missing {@code dialog_id}
     */
    public static ClientFrame decode(String json) {
        JsonNode node = EventCodec.readObject(json, "frame");
        String type = text(node, "type");
        if (type == null) {
            throw new MalformedEventException("frame has no \"type\" string");
        }
        Long dialogId = number(node, "dialog_id");
        Long afterSeq = number(node, "after_seq");
        Long seq = number(node, "seq");
        Boolean state = null;
        JsonNode s = node.get("state");
        if (s != null && !s.isNull()) {
            if (!s.isBoolean()) {
                throw new MalformedEventException("\"state\" must be true or false");
            }
            state = s.booleanValue();
        }
        switch (type) {
            case PING -> {
            }
            case SUBSCRIBE, UNSUBSCRIBE -> require(dialogId, "dialog_id", type);
            case TYPING -> {
                require(dialogId, "dialog_id", type);
                if (state == null) {
                    throw new MalformedEventException("typing frame needs \"state\": true or false");
                }
            }
            case READ -> {
                require(dialogId, "dialog_id", type);
                require(seq, "seq", type);
            }
            default -> throw new MalformedEventException("unknown frame type \"" + type
                    + "\"; expected ping, subscribe, unsubscribe, typing or read");
        }
        if (afterSeq != null && afterSeq < 0) {
            throw new MalformedEventException("\"after_seq\" must not be negative");
        }
        return new ClientFrame(type, dialogId, afterSeq, state, seq);
    }

    private static void require(Long value, String field, String type) {
        if (value == null) {
            throw new MalformedEventException(type + " frame needs a numeric \"" + field + "\"");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static Long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MalformedEventException("\"" + field + "\" must be a whole number");
        }
        return v.longValue();
    }
}
