package io.switchboard.api.entity;

import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/** A stored message (table {@code messages}); {@code seq} is gapless per dialog and the cursor every transport uses. */
@Entity
@Table(name = "messages")
public class Message extends Stored {
    @Column(name = "dialog_id", nullable = false, updatable = false)
    public long dialogId;

    @Column(nullable = false, updatable = false)
    public long seq;

    @Column(nullable = false, updatable = false, length = 16)
    public String sender;

    @Column(updatable = false, length = 200)
    public String author;

    /** The user who wrote it (an operator or admin; V22), null for guests, assistants and system lines. */
    @Column(name = "author_id", updatable = false)
    public Long authorId;

    @Column(nullable = false, updatable = false, length = 4000)
    public String text;

    @Column(name = "client_msg_id", updatable = false, length = 100)
    public String clientMsgId;

    /**
     * The attachment this message carries, as JSON ({@code jsonb}, V15; {@code null} for text). Kept as text with a
     * cast on write rather than a JSON-mapped type, so no JSON format mapper is involved and the socket services'
     * plain-JDBC reads and this entity see the same bytes.
     */
    @Column(updatable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String attachment;

    public MessagePayload payload() {
        return new MessagePayload(id, dialogId, seq, sender, author, text, clientMsgId, createdAt,
                EventCodec.attachment(attachment), authorId);
    }
}
