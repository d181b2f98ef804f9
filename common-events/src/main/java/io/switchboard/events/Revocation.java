package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A revoked credential or access right, published on {@link Channels#revocations()}:
 * {@code {"subject": "user:5", "code": 4401, "reason": "account deactivated"}}. Every socket node closes
 * each local session that carries {@code subject} with {@code code} and {@code reason}.
 *
 * <p>Subjects: {@code user:{id}} (every session of a user's tokens), {@code member:{assistant}:{user}} (an
 * operator's access to one assistant), {@code assistant-token:{assistant}} (an assistant service token),
 * {@code widget:{id}} (a site token and the guests who came through it).
 */
public record Revocation(@JsonProperty("subject") String subject, @JsonProperty("code") int code,
                         @JsonProperty("reason") String reason) {

    public static String user(long userId) {
        return "user:" + userId;
    }

    public static String member(long assistantId, long userId) {
        return "member:" + assistantId + ":" + userId;
    }

    /**
     * The one reason an operator's connections close with (4403) when an admin removed them from an assistant: the
     * revocation message says it, and a socket node's recheck that finds the membership gone before the message
     * arrived says the same, so the operator sees one reason whichever comes first.
     */
    public static String removedFromAssistant(long assistantId) {
        return "removed from assistant " + assistantId;
    }

    public static String assistantToken(long assistantId) {
        return "assistant-token:" + assistantId;
    }

    public static String widget(long widgetId) {
        return "widget:" + widgetId;
    }

    /** The one-line JSON published on the channel. */
    public String encode() {
        return EventCodec.write(this);
    }

    /** Parses a published revocation; throws {@link MalformedEventException} when it is not one. */
    public static Revocation decode(String json) {
        JsonNode n = EventCodec.readObject(json, "revocation");
        JsonNode subject = n.get("subject");
        JsonNode code = n.get("code");
        if (subject == null || !subject.isTextual() || subject.asText().isBlank()) {
            throw new MalformedEventException("revocation has no \"subject\" string");
        }
        if (code == null || !code.canConvertToInt() || code.asInt() < 4000 || code.asInt() > 4999) {
            throw new MalformedEventException("revocation \"code\" must be a close code 4000-4999");
        }
        JsonNode reason = n.get("reason");
        return new Revocation(subject.asText(), code.asInt(), reason == null || reason.isNull() ? "" : reason.asText());
    }
}
