package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One stored chat message as every transport shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagePayload(
        @JsonProperty("id") long id,
        @JsonProperty("dialog_id") long dialogId,
        @JsonProperty("seq") long seq,
        @JsonProperty("sender") String sender,
        @JsonProperty("author") String author,
        @JsonProperty("text") String text,
        @JsonProperty("client_msg_id") String clientMsgId,
        @JsonProperty("created_at") Instant createdAt) {
}
