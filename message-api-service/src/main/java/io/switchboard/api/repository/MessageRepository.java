package io.switchboard.api.repository;

import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.Message;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code messages} table. */
@ApplicationScoped
public class MessageRepository implements PanacheRepository<Message> {
    /** Marks a {@code bigint} parameter that is null (a plain null binds as {@code varchar}). */
    private static final Object NULL_BIGINT = new Object();
    /** Messages as values: read-only, so no entity is kept in the session for them. */
    private static final String PAYLOAD = "select new io.switchboard.api.repository.MessageRow(m.id, m.dialogId, m.seq,"
            + " m.sender, m.author, m.text, m.clientMsgId, m.createdAt, m.attachment, m.authorId) from Message m";


    /**
     * A message stored by {@link #appendIfAllowed}, the dialog right after, and whether the assistant has a webhook
     * endpoint subscribed to the asked kind.
     */
    public record Appended(MessagePayload message, DialogPayload dialog, boolean hooked) {
    }

    /**
     * Stores a message in one statement inside the caller's JTA transaction, through Hibernate's session: the
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
    public Optional<Appended> appendIfAllowed(long dialogId, WriteAccess access, boolean refuseWhileOperator,
                                              String sender, String author, String text, String preview,
                                              String clientMsgId, String reader, String webhookKind) {
        // Native SQL, measured: this one statement is the whole post (access, status and repeat checks, row lock,
        // seq, insert, the author's watermark, the webhook probe). PostRoundTripsTest counts 2 round trips per guest
        // post with it (this statement and the commit); the full path below (MessageAppender.append), which does the
        // same work entity- and statement-wise, sends 6 (lock, repeat lookup, seq update, dialog view, insert,
        // watermark) plus the commit. 2000 posts in a test loop took 4.2-5.3 ms each through the session, as before
        // on plain JDBC (4.6-5.4 ms; docs/architecture.md, "Persistence").
        // Plain JDBC on the session's own connection (Session.doReturningWork, same JTA transaction), measured: as a
        // NativeQuery<Tuple> this call was 20 % of message-api's CPU in S1 at 1000 msg/s, of which the driver's execute
        // was 6.4 points and Hibernate 13.5 (it resolved the result's mapping from the result set's metadata on every
        // execution: ResultSetMappingImpl.resolve, a type lookup per column; the Tuple; bindings; resource tracking).
        // In a test loop of 8 x 400 statements, alternating, its thread CPU time was 180-320 us a statement against
        // 340-680 us as the NativeQuery (a loaded machine; docs/performance.md "message-api CPU per post (apicpu)").
        List<Object> params = new ArrayList<>(10);
        StringBuilder sql = new StringBuilder(900).append("WITH upd AS (UPDATE dialogs d SET last_seq = d.last_seq + 1,"
                + " last_message_at = now(), last_message_preview = ?, last_message_sender = ?,"
                + " updated_at = now() WHERE d.id = ? AND d.status <> 'closed'");
        params.add(preview);
        params.add(sender);
        params.add(dialogId);
        if (refuseWhileOperator) {
            sql.append(" AND d.status <> 'operator'");
        }
        sql.append(access.predicate());
        params.addAll(access.parameters());
        if (clientMsgId != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM messages e WHERE e.dialog_id = d.id AND e.client_msg_id = ?)");
            params.add(clientMsgId);
        }
        sql.append(" RETURNING d.id, d.assistant_id, d.guest_label, d.status, d.assigned_operator_id, d.last_seq,"
                + " d.last_message_at, d.last_message_preview, d.last_message_sender, ")
                .append(DialogRepository.TEAM_READ).append(" AS watermark),"
                + " msg AS (INSERT INTO messages (dialog_id, seq, sender, author, author_id, text, client_msg_id)"
                + " SELECT id, last_seq, ?, ?, ?, ?, ? FROM upd RETURNING id, created_at)");
        Long authorId = StoreWrites.operatorOf(reader);
        params.add(sender);
        params.add(author);
        params.add(authorId == null ? NULL_BIGINT : authorId);
        params.add(text);
        params.add(clientMsgId);
        if (reader != null) {
            sql.append(", rd AS (INSERT INTO read_state (dialog_id, reader, last_read_seq, updated_at)"
                    + " SELECT id, ?, last_seq, now() FROM upd ON CONFLICT (dialog_id, reader) DO UPDATE"
                    + " SET last_read_seq = EXCLUDED.last_read_seq, updated_at = now()"
                    + " WHERE read_state.last_read_seq < EXCLUDED.last_read_seq)");
            params.add(reader);
        }
        // The columns are read by position, in this order.
        sql.append(" SELECT msg.id, msg.created_at, upd.id, upd.assistant_id, upd.guest_label, upd.status,"
                + " upd.assigned_operator_id, upd.last_seq, upd.last_message_at, upd.last_message_preview,"
                + " upd.last_message_sender, upd.watermark, ")
                .append(webhookKind != null ? WebhookOutbox.subscribedSql("upd.assistant_id", webhookKind) : "false")
                .append(" FROM upd, msg");
        String statement = sql.toString();
        return getSession().doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(statement)) {
                for (int i = 0; i < params.size(); i++) {
                    Object v = params.get(i);
                    if (v == null) {
                        ps.setNull(i + 1, Types.VARCHAR);
                    } else if (v == NULL_BIGINT) {
                        ps.setNull(i + 1, Types.BIGINT);
                    } else if (v instanceof Long l) {
                        ps.setLong(i + 1, l);
                    } else {
                        ps.setString(i + 1, (String) v);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long lastSeq = rs.getLong(8);
                    long assigned = rs.getLong(7);
                    Long assignedOperator = rs.wasNull() ? null : assigned;
                    DialogPayload dialog = new DialogPayload(rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), assignedOperator, lastSeq, Math.max(0, lastSeq - rs.getLong(12)),
                            instant(rs, 9), rs.getString(10), rs.getString(11));
                    MessagePayload message = new MessagePayload(rs.getLong(1), dialogId, lastSeq, sender, author, text,
                            clientMsgId, instant(rs, 2), null, authorId);
                    return Optional.of(new Appended(message, dialog, rs.getBoolean(13)));
                }
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public MessagePayload insert(long dialogId, long seq, String sender, String author, String text, String clientMsgId) {
        return insert(dialogId, seq, sender, author, null, text, clientMsgId, null);
    }

    /**
     * @param authorId       the user who wrote it ({@code null}: a guest, an assistant, the system)
     * @param attachmentJson the attachment the message carries, as JSON ({@code null}: a text message)
     */
    public MessagePayload insert(long dialogId, long seq, String sender, String author, Long authorId, String text,
                                 String clientMsgId, String attachmentJson) {
        Message m = new Message();
        m.attachment = attachmentJson;
        m.dialogId = dialogId;
        m.seq = seq;
        m.sender = sender;
        m.author = author;
        m.authorId = authorId;
        m.text = text;
        m.clientMsgId = clientMsgId;
        persist(m);
        return m.payload();
    }

    public Optional<MessagePayload> findByClientMsgId(long dialogId, String clientMsgId) {
        return getSession().createSelectionQuery(PAYLOAD + " where m.dialogId = :dialog and m.clientMsgId = :client",
                        MessageRow.class)
                .setParameter("dialog", dialogId).setParameter("client", clientMsgId).uniqueResultOptional()
                .map(MessageRow::payload);
    }

    /**
     * Messages of a dialog with seq greater than {@code afterSeq}, in seq order, at most {@code limit}: the catch-up
     * read of history pages and long-polls. Measured (2000 reads of 50 messages in a test loop, shared machine):
     * 0.27-0.65 ms a read as this projection, 0.55-0.58 ms as the same SQL in a native query through the session,
     * 0.17-0.18 ms on plain JDBC before. The cost is the session's query path, not the SQL, so native SQL would buy
     * nothing here; it is why the socket services' catch-up (store's StoreReads) stays on plain JDBC.
     */
    public List<MessagePayload> after(long dialogId, long afterSeq, int limit) {
        List<MessageRow> rows = getSession().createSelectionQuery(PAYLOAD
                                + " where m.dialogId = :dialog and m.seq > :after order by m.seq", MessageRow.class)
                .setParameter("dialog", dialogId).setParameter("after", afterSeq).setMaxResults(limit).getResultList();
        List<MessagePayload> out = new java.util.ArrayList<>(rows.size());
        for (MessageRow row : rows) {
            out.add(row.payload());
        }
        return out;
    }

    /**
     * Messages of a dialog with seq below {@code beforeSeq}, newest first, at most {@code limit}: a page back through
     * history (the unique index on (dialog_id, seq) read backwards). Same projection as {@link #after}.
     */
    public List<MessagePayload> before(long dialogId, long beforeSeq, int limit) {
        return getSession().createSelectionQuery(PAYLOAD + " where m.dialogId = :dialog and m.seq < :before"
                                + " order by m.seq desc", MessageRow.class)
                .setParameter("dialog", dialogId).setParameter("before", beforeSeq).setMaxResults(limit).getResultList()
                .stream().map(MessageRow::payload).toList();
    }
}
