package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One stored chat message as every transport shows it. {@code attachment} is present only on a message that
 * carries a file or image (its text is then the file's name).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagePayload(
        @JsonProperty("id") long id,
        @JsonProperty("dialog_id") long dialogId,
        @JsonProperty("seq") long seq,
        @JsonProperty("sender") String sender,
        @JsonProperty("author") String author,
        @JsonProperty("text") String text,
        @JsonProperty("client_msg_id") String clientMsgId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("attachment") AttachmentPayload attachment) {

    /** A text message (no attachment). */
    public MessagePayload(long id, long dialogId, long seq, String sender, String author, String text,
                          String clientMsgId, Instant createdAt) {
        this(id, dialogId, seq, sender, author, text, clientMsgId, createdAt, null);
    }
}
