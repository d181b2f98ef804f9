package io.switchboard.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An HTTP answer: status and body text.
 *
 * @param status HTTP status, or 0 when the request failed before any answer (connection refused, timeout)
 * @param body   the body, or the failure's description when status is 0
 */
public record HttpAnswer(int status, String body) {

    public boolean ok() {
        return status / 100 == 2;
    }

    /** The body parsed as JSON; fails naming status and body when it is not a success. */
    public JsonNode json() {
        if (!ok()) {
            throw new IllegalStateException("HTTP " + status + ": " + body);
        }
        try {
            return EventCodec.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("answer is not JSON: " + body, e);
        }
    }
}
