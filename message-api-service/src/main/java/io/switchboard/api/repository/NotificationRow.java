package io.switchboard.api.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.NotificationPayload;
import java.time.Instant;

/** A stored notification of one user; {@code seq} is the user's cursor (1, 2, 3, … in commit order). */
public record NotificationRow(long id, long userId, long seq, String kind, JsonNode payload, Instant createdAt,
                             Instant readAt) {
    /** As {@code notification:new} carries it to the user's sockets. */
    public NotificationPayload toEvent() {
        return new NotificationPayload(id, seq, kind, payload, createdAt);
    }
}
