package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A notification for one operator; {@code payload} is free-form JSON chosen by the publisher. A stored
 * notification has its row {@code id} and {@code seq}, the user's cursor (1, 2, 3, … per user, in commit order).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationPayload(Long id, Long seq, String kind, JsonNode payload, Instant createdAt) {
}
