package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One stored chat message as every transport shows it. {@code attachment} is present only on a message that
 * carries a file or image (its text is then the file's name). {@code author_id} is present only on an operator's or
 * admin's message: the user who wrote it, whose read watermark ({@code user:{author_id}}) the post moved to its
 * {@code seq}, so no separate {@code read} event follows a staff post (docs/protocol.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"id", "dialog_id", "seq", "sender", "author", "author_id", "text", "client_msg_id", "created_at",
        "attachment"})
public record MessagePayload(long id, long dialogId, long seq, String sender, String author, String text,
        String clientMsgId, Instant createdAt, AttachmentPayload attachment, Long authorId) {

    /** A message without an author user (a guest's, an assistant's, a system line). */
    public MessagePayload(long id, long dialogId, long seq, String sender, String author, String text,
                          String clientMsgId, Instant createdAt, AttachmentPayload attachment) {
        this(id, dialogId, seq, sender, author, text, clientMsgId, createdAt, attachment, null);
    }

    /** A text message (no attachment) without an author user. */
    public MessagePayload(long id, long dialogId, long seq, String sender, String author, String text,
                          String clientMsgId, Instant createdAt) {
        this(id, dialogId, seq, sender, author, text, clientMsgId, createdAt, null, null);
    }
}
