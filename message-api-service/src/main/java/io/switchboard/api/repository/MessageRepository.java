package io.switchboard.api.repository;

import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.StoreReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code messages} table; reads go through {@link StoreReads} so every transport shows a message alike. */
@ApplicationScoped
public class MessageRepository {
    private static final String COLUMNS = "id, dialog_id, seq, sender, author, text, client_msg_id, created_at";

    @Inject
    Db db;

    /**
     * A message stored by {@link #appendIfAllowed}, the dialog right after, whether the author's watermark moved, and
     * whether the assistant has a webhook endpoint subscribed to the asked kind.
     */
    public record Appended(MessagePayload message, DialogPayload dialog, boolean readerMoved, boolean hooked) {
    }

    /**
     * Stores a message in one statement on the caller's connection, inside the caller's transaction: the
     * {@code UPDATE} of the dialog row checks access, status and a repeated {@code client_msg_id}, takes the row
     * lock until commit and assigns the next seq; the insert and the author's watermark ride along in the same
     * statement. Empty when any check failed (nothing was written); the caller then takes the full path, which
     * says why. A concurrent duplicate {@code client_msg_id} fails with a unique violation instead.
     *
     * @param refuseWhileOperator the sender is the assistant, which must not answer while an operator holds the dialog
     * @param reader whose watermark moves to the new message ({@code null}: nobody's)
     * @param webhookKind the webhook kind this message is ({@code null}: none); the answer says whether an endpoint
     *                    subscribed to it, asked in the same statement (an index probe) so no extra round trip is spent
     */
    public Optional<Appended> appendIfAllowed(Connection c, long dialogId, WriteAccess access, boolean refuseWhileOperator,
                                              String sender, String author, String text, String preview,
                                              String clientMsgId, String reader, String webhookKind)
            throws SQLException {
        StringBuilder sql = new StringBuilder(640).append("WITH upd AS (UPDATE dialogs d SET last_seq = d.last_seq + 1,"
                + " last_message_at = now(), last_message_preview = ?, last_message_sender = ?, updated_at = now()"
                + " WHERE d.id = ? AND d.status <> 'closed'");
        if (refuseWhileOperator) {
            sql.append(" AND d.status <> 'operator'");
        }
        sql.append(access.predicate());
        if (clientMsgId != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM messages e WHERE e.dialog_id = d.id AND e.client_msg_id = ?)");
        }
        sql.append(" RETURNING d.id, d.assistant_id, d.guest_id, d.guest_label, d.status, d.assigned_operator_id, d.last_seq,"
                + " d.last_message_at, d.last_message_preview, d.last_message_sender, ")
                .append(DialogRepository.TEAM_READ).append(" AS watermark),"
                + " msg AS (INSERT INTO messages (dialog_id, seq, sender, author, text, client_msg_id)"
                + " SELECT id, last_seq, ?, ?, ?, ? FROM upd RETURNING id, created_at)");
        if (reader != null) {
            sql.append(", rd AS (INSERT INTO read_state (dialog_id, reader, last_read_seq, updated_at)"
                    + " SELECT id, ?, last_seq, now() FROM upd ON CONFLICT (dialog_id, reader) DO UPDATE"
                    + " SET last_read_seq = EXCLUDED.last_read_seq, updated_at = now()"
                    + " WHERE read_state.last_read_seq < EXCLUDED.last_read_seq RETURNING last_read_seq)");
        }
        sql.append(" SELECT msg.id AS message_id, msg.created_at, upd.*, ")
                .append(reader != null ? "(SELECT COUNT(*) FROM rd)" : "0").append(" AS moved, ")
                .append(webhookKind != null ? WebhookOutbox.subscribedSql("upd.assistant_id", webhookKind) : "false")
                .append(" AS hooked FROM upd, msg");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, preview);
            ps.setString(i++, sender);
            ps.setLong(i++, dialogId);
            i = access.bind(ps, i);
            if (clientMsgId != null) {
                ps.setString(i++, clientMsgId);
            }
            ps.setString(i++, sender);
            ps.setString(i++, author);
            ps.setString(i++, text);
            ps.setString(i++, clientMsgId);
            if (reader != null) {
                ps.setString(i, reader);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                DialogPayload dialog = DialogRepository.view(rs);
                MessagePayload message = new MessagePayload(rs.getLong("message_id"), dialogId, dialog.lastSeq(), sender,
                        author, text, clientMsgId, Rows.instant(rs, "created_at"));
                return Optional.of(new Appended(message, dialog, rs.getLong("moved") > 0, rs.getBoolean("hooked")));
            }
        }
    }

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
