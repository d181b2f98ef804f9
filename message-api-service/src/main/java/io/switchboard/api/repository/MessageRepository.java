package io.switchboard.api.repository;

import io.switchboard.api.webhook.WebhookOutbox;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.util.List;
import java.util.Optional;
import org.hibernate.query.NativeQuery;

/** The {@code messages} table. */
@ApplicationScoped
public class MessageRepository implements PanacheRepository<Message> {
    /** Messages as values: read-only, so no entity is kept in the session for them. */
    private static final String PAYLOAD = "select new io.switchboard.api.repository.MessageRow(m.id,"
            + " m.dialogId, m.seq, m.sender, m.author, m.text, m.clientMsgId, m.createdAt, m.attachment) from Message m";


    /**
     * A message stored by {@link #appendIfAllowed}, the dialog right after, whether the author's watermark moved, and
     * whether the assistant has a webhook endpoint subscribed to the asked kind.
     */
    public record Appended(MessagePayload message, DialogPayload dialog, boolean readerMoved, boolean hooked) {
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
        StringBuilder sql = new StringBuilder(700).append("WITH upd AS (UPDATE dialogs d SET last_seq = d.last_seq + 1,"
                + " last_message_at = now(), last_message_preview = :preview, last_message_sender = :sender,"
                + " updated_at = now() WHERE d.id = :dialogId AND d.status <> 'closed'");
        if (refuseWhileOperator) {
            sql.append(" AND d.status <> 'operator'");
        }
        sql.append(access.predicate());
        if (clientMsgId != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM messages e WHERE e.dialog_id = d.id AND e.client_msg_id = :clientMsgId)");
        }
        sql.append(" RETURNING d.id, d.assistant_id, d.guest_id, d.guest_label, d.status, d.assigned_operator_id, d.last_seq,"
                + " d.last_message_at, d.last_message_preview, d.last_message_sender, ")
                .append(DialogRepository.TEAM_READ).append(" AS watermark),"
                + " msg AS (INSERT INTO messages (dialog_id, seq, sender, author, text, client_msg_id)"
                + " SELECT id, last_seq, :sender, :author, :text, :clientMsgId FROM upd RETURNING id, created_at)");
        if (reader != null) {
            sql.append(", rd AS (INSERT INTO read_state (dialog_id, reader, last_read_seq, updated_at)"
                    + " SELECT id, :reader, last_seq, now() FROM upd ON CONFLICT (dialog_id, reader) DO UPDATE"
                    + " SET last_read_seq = EXCLUDED.last_read_seq, updated_at = now()"
                    + " WHERE read_state.last_read_seq < EXCLUDED.last_read_seq RETURNING last_read_seq)");
        }
        sql.append(" SELECT msg.id AS message_id, msg.created_at, upd.*, ")
                .append(reader != null ? "(SELECT COUNT(*) FROM rd)" : "0").append(" AS moved, ")
                .append(webhookKind != null ? WebhookOutbox.subscribedSql("upd.assistant_id", webhookKind) : "false")
                .append(" AS hooked FROM upd, msg");
        NativeQuery<Tuple> q = getSession().createNativeQuery(sql.toString(), Tuple.class)
                .setParameter("preview", preview, String.class)
                .setParameter("sender", sender, String.class)
                .setParameter("dialogId", dialogId)
                .setParameter("author", author, String.class)
                .setParameter("text", text, String.class)
                .setParameter("clientMsgId", clientMsgId, String.class);
        access.bind(q);
        if (reader != null) {
            q.setParameter("reader", reader, String.class);
        }
        List<Tuple> rows = q.getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Tuple row = rows.get(0);
        DialogPayload dialog = DialogRepository.view(row);
        MessagePayload message = new MessagePayload(Columns.longValue(row, "message_id"), dialogId, dialog.lastSeq(),
                sender, author, text, clientMsgId, Columns.instant(row, "created_at"));
        return Optional.of(new Appended(message, dialog, Columns.longValue(row, "moved") > 0,
                Boolean.TRUE.equals(row.get("hooked"))));
    }

    public MessagePayload insert(long dialogId, long seq, String sender, String author, String text, String clientMsgId) {
        return insert(dialogId, seq, sender, author, text, clientMsgId, null);
    }

    /** @param attachmentJson the attachment the message carries, as JSON ({@code null}: a text message) */
    public MessagePayload insert(long dialogId, long seq, String sender, String author, String text, String clientMsgId,
                                 String attachmentJson) {
        Message m = new Message();
        m.attachment = attachmentJson;
        m.dialogId = dialogId;
        m.seq = seq;
        m.sender = sender;
        m.author = author;
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
