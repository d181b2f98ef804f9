package io.switchboard.api.repository;

import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import java.time.Instant;

/** A message row as HQL reads it: {@code attachment} is still JSON text (V15), turned into the payload's record here. */
public record MessageRow(long id, long dialogId, long seq, String sender, String author, String text,
                         String clientMsgId, Instant createdAt, String attachment, Long authorId) {
    MessagePayload payload() {
        return new MessagePayload(id, dialogId, seq, sender, author, text, clientMsgId, createdAt,
                EventCodec.attachment(attachment), authorId);
    }
}
