package io.switchboard.api.repository;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A stored notification of one user; {@code seq} is the user's cursor (1, 2, 3, … in commit order). */
public record NotificationRow(long id, long userId, long seq, String kind, JsonNode payload, Instant createdAt,
                             Instant readAt) {
}
