package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A notification for one operator; {@code payload} is free-form JSON chosen by the publisher. A stored
 * notification has its row {@code id} and {@code seq}, the user's cursor (1, 2, 3, … per user, in commit order).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationPayload(
        @JsonProperty("id") Long id,
        @JsonProperty("seq") Long seq,
        @JsonProperty("kind") String kind,
        @JsonProperty("payload") JsonNode payload,
        @JsonProperty("created_at") Instant createdAt) {
}
