package io.switchboard.api.repository;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A stored notification of one user. */
public record NotificationRow(long id, long userId, String kind, JsonNode payload, Instant createdAt, Instant readAt) {
}
