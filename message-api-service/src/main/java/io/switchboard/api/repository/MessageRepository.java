package io.switchboard.api.repository;

import io.switchboard.events.MessagePayload;
import io.switchboard.store.StoreReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** The {@code messages} table; reads go through {@link StoreReads} so every transport shows a message alike. */
@ApplicationScoped
public class MessageRepository {
    private static final String COLUMNS = "id, dialog_id, seq, sender, author, text, client_msg_id, created_at";

    @Inject
    Db db;

    public MessagePayload insert(long dialogId, long seq, String sender, String author, String text, String clientMsgId) {
        return db.call("store message", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (dialog_id, seq, sender, author, text,"
                    + " client_msg_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                ps.setLong(1, dialogId);
                ps.setLong(2, seq);
                ps.setString(3, sender);
                ps.setString(4, author);
                ps.setString(5, text);
                ps.setString(6, clientMsgId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return StoreReads.message(rs);
                }
            }
        });
    }

    public Optional<MessagePayload> findByClientMsgId(long dialogId, String clientMsgId) {
        return db.call("find message", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM messages WHERE dialog_id = ? AND client_msg_id = ?")) {
                ps.setLong(1, dialogId);
                ps.setString(2, clientMsgId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(StoreReads.message(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<MessagePayload> after(long dialogId, long afterSeq, int limit) {
        return db.call("read messages", c -> StoreReads.messagesAfter(c, dialogId, afterSeq, limit));
    }
}
