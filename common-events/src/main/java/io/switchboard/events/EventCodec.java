package io.switchboard.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON encoding of envelopes and frames. Thread-safe; one shared instance is enough.
 * Decoding never returns a half-valid object: it either yields an envelope with a type or
 * throws {@link MalformedEventException} saying what is wrong.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = newMapper();

    private EventCodec() {
    }

    /** A mapper configured like the wire format: ISO-8601 instants, unknown fields tolerated. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes an envelope to its one-line JSON form. */
    public static String encode(Envelope envelope) {
        return write(envelope);
    }

    /** Serializes any frame or payload object to JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an attachment stored as JSON ({@code messages.attachment}); {@code null} stays {@code null}.
     * A stored value that no longer parses is a bug, not bad input, so it fails loudly.
     */
    public static AttachmentPayload attachment(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, AttachmentPayload.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attachment is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /** Parses an envelope; unknown types and fields are kept. */
    public static Envelope decode(String json) {
        JsonNode node = readObject(json, "event");
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new MalformedEventException("event has no \"type\" string");
        }
        try {
            return MAPPER.treeToValue(node, Envelope.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("event fields have the wrong shape: " + firstLine(e.getMessage()), e);
        }
    }

    /** Reads text that must be one JSON object; {@code what} names it in the error. */
    static JsonNode readObject(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException(what + " is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(what + " is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException(what + " must be a JSON object");
        }
        return node;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
