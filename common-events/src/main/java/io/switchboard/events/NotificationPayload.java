package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A notification for one operator; {@code payload} is free-form JSON chosen by the publisher. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationPayload(
        @JsonProperty("id") Long id,
        @JsonProperty("kind") String kind,
        @JsonProperty("payload") JsonNode payload,
        @JsonProperty("created_at") Instant createdAt) {
}
