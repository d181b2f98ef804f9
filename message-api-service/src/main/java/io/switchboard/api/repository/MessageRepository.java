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
import org.postgresql.jdbc.PgStatement;

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
     * One post for {@link #appendAllIfAllowed}.
     *
     * @param refuseWhileOperator the sender is the assistant, which must not answer while an operator holds the dialog
     * @param reader whose watermark moves to the new message ({@code null}: nobody's)
     * @param webhookKind the webhook kind this message is ({@code null}: none); the answer says whether an endpoint
     *                    subscribed to it, asked in the same statement (an index probe) so no extra round trip is spent
     * @param budget the dialog's guest-post budget this post spends a token of ({@code null}: none, not a guest's
     *               post); with none left the statement writes nothing, like any other refusal
     */
    public record NewPost(long dialogId, WriteAccess access, boolean refuseWhileOperator, String sender, String author,
                          String text, String preview, String clientMsgId, String reader, String webhookKind,
                          GuestPostBudget budget) {
    }

    /** A post's statement: its SQL (the same text for posts of the same shape) and its parameters, in order. */
    private record Bound(NewPost post, String sql, List<Object> params) {
    }

    /**
     * Stores a message in one statement inside the caller's JTA transaction, through Hibernate's session: the
     * {@code UPDATE} of the dialog row checks access, status and a repeated {@code client_msg_id}, takes the row
     * lock until commit and assigns the next seq; the insert and the author's watermark ride along in the same
     * statement. Empty when any check failed (nothing was written); the caller then takes the full path, which
     * says why. A concurrent duplicate {@code client_msg_id} fails with a unique violation instead.
     */
    public Optional<Appended> appendIfAllowed(NewPost post) {
        return appendAllIfAllowed(List.of(post)).get(0);
    }

    /**
     * {@link #appendIfAllowed} for several posts in the caller's transaction (a group-commit batch), in the given
     * order (which is the order their row locks are taken in), in one round trip for posts of one shape: the
     * statements go pipelined, one Bind/Execute each and one Sync for all of them, so PostgreSQL runs them back to
     * back while the committer waits once. A post of another shape (another access rule, a {@code client_msg_id}
     * or none, another reader) starts the next round trip; posts of one kind (all the guest posts of a widget, say)
     * share one. The answer holds one entry per post, in order. A failing statement fails the call (PostgreSQL
     * has aborted the transaction and skipped the statements after it); the caller rolls back.
     */
    public List<Optional<Appended>> appendAllIfAllowed(List<NewPost> posts) {
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
        // A JDBC batch (pipelined) for k posts of one shape, measured: one round trip instead of k (PostRoundTripsTest:
        // 6 posts together cost 2 round trips with their COMMIT, 7 before), and PostgreSQL's CPU per post in a paced
        // loop of k posts per commit fell 6-8 % (k = 2), 12-16 % (k = 4), 14-21 % (k = 8), e.g. 243 -> 193 us at k = 8;
        // in S1 at 1000 msg/s PostgreSQL's CPU per message fell 4-18 % in four bench pairs (docs/performance.md "A
        // batch's posts in one round trip (pipeline helper, issue 17)").
        List<Bound> bound = new ArrayList<>(posts.size());
        for (NewPost p : posts) {
            bound.add(bind(p));
        }
        return getSession().doReturningWork(connection -> {
            List<Optional<Appended>> out = new ArrayList<>(bound.size());
            int from = 0;
            while (from < bound.size()) {
                int to = from + 1;
                while (to < bound.size() && bound.get(to).sql().equals(bound.get(from).sql())) {
                    to++;
                }
                List<Bound> run = bound.subList(from, to);
                try (PreparedStatement ps = connection.prepareStatement(run.get(0).sql())) {
                    if (run.size() == 1 || !rowsFromBatch(ps)) {
                        for (Bound b : run) {
                            setParameters(ps, b.params());
                            try (ResultSet rs = ps.executeQuery()) {
                                out.add(rs.next() ? Optional.of(appended(rs, b.post())) : Optional.empty());
                            }
                        }
                    } else {
                        for (Bound b : run) {
                            setParameters(ps, b.params());
                            ps.addBatch();
                        }
                        int[] rows = ps.executeBatch();
                        try (ResultSet rs = ps.getGeneratedKeys()) {
                            for (int i = 0; i < run.size(); i++) {
                                // Each statement answers one row (stored) or none (nothing written), in order.
                                out.add(rows[i] > 0 && rs.next() ? Optional.of(appended(rs, run.get(i).post()))
                                        : Optional.empty());
                            }
                        }
                    }
                }
                from = to;
            }
            return out;
        });
    }

    /**
     * Asks the PostgreSQL driver to hand back the rows of a batch's statements. pgjdbc returns a batch's rows only as
     * its "generated keys", and turns that on by itself only for a top-level {@code INSERT/UPDATE/DELETE ...
     * RETURNING}; the post's statement is a {@code WITH ... SELECT} (the dialog's columns come from the UPDATE, the
     * message's from the INSERT), so the flag is set here, on the driver's public field. False (one round trip per
     * statement, as before) when the connection is not pgjdbc's.
     */
    private static boolean rowsFromBatch(PreparedStatement ps) throws SQLException {
        if (!ps.isWrapperFor(PgStatement.class)) {
            return false;
        }
        ps.unwrap(PgStatement.class).wantsGeneratedKeysAlways = true;
        return true;
    }

    private static Bound bind(NewPost p) {
        List<Object> params = new ArrayList<>(12);
        StringBuilder sql = new StringBuilder(900).append("WITH upd AS (UPDATE dialogs d SET last_seq = d.last_seq + 1,"
                + " last_message_at = now(), last_message_preview = ?, last_message_sender = ?,"
                + " updated_at = now()");
        params.add(p.preview());
        params.add(p.sender());
        if (p.budget() != null) {
            sql.append(", ").append(GuestPostBudget.SPEND);
            params.addAll(p.budget().parameters());
        }
        sql.append(" WHERE d.id = ? AND d.status <> 'closed'");
        params.add(p.dialogId());
        if (p.budget() != null) {
            sql.append(" AND ").append(GuestPostBudget.LEFT).append(" >= 1");
            params.addAll(p.budget().parameters());
        }
        if (p.refuseWhileOperator()) {
            sql.append(" AND d.status <> 'operator'");
        }
        sql.append(p.access().predicate());
        params.addAll(p.access().parameters());
        if (p.clientMsgId() != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM messages e WHERE e.dialog_id = d.id AND e.client_msg_id = ?)");
            params.add(p.clientMsgId());
        }
        sql.append(" RETURNING d.id, d.assistant_id, d.guest_label, d.status, d.assigned_operator_id, d.last_seq,"
                + " d.last_message_at, d.last_message_preview, d.last_message_sender, ")
                .append(DialogRepository.TEAM_READ).append(" AS watermark),"
                + " msg AS (INSERT INTO messages (dialog_id, seq, sender, author, author_id, text, client_msg_id)"
                + " SELECT id, last_seq, ?, ?, ?, ?, ? FROM upd RETURNING id, created_at)");
        Long authorId = StoreWrites.operatorOf(p.reader());
        params.add(p.sender());
        params.add(p.author());
        params.add(authorId == null ? NULL_BIGINT : authorId);
        params.add(p.text());
        params.add(p.clientMsgId());
        if (p.reader() != null) {
            sql.append(", rd AS (INSERT INTO read_state (dialog_id, reader, last_read_seq, updated_at)"
                    + " SELECT id, ?, last_seq, now() FROM upd ON CONFLICT (dialog_id, reader) DO UPDATE"
                    + " SET last_read_seq = EXCLUDED.last_read_seq, updated_at = now()"
                    + " WHERE read_state.last_read_seq < EXCLUDED.last_read_seq)");
            params.add(p.reader());
        }
        // The columns are read by position, in this order.
        sql.append(" SELECT msg.id, msg.created_at, upd.id, upd.assistant_id, upd.guest_label, upd.status,"
                + " upd.assigned_operator_id, upd.last_seq, upd.last_message_at, upd.last_message_preview,"
                + " upd.last_message_sender, upd.watermark, ")
                .append(p.webhookKind() != null ? WebhookOutbox.subscribedSql("upd.assistant_id", p.webhookKind())
                        : "false")
                .append(" FROM upd, msg");
        return new Bound(p, sql.toString(), params);
    }

    private static void setParameters(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (v == NULL_BIGINT) {
                ps.setNull(i + 1, Types.BIGINT);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, (String) v);
            }
        }
    }

    /** The stored message and its dialog from the statement's row. */
    private static Appended appended(ResultSet rs, NewPost p) throws SQLException {
        long lastSeq = rs.getLong(8);
        long assigned = rs.getLong(7);
        Long assignedOperator = rs.wasNull() ? null : assigned;
        DialogPayload dialog = new DialogPayload(rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), assignedOperator, lastSeq, Math.max(0, lastSeq - rs.getLong(12)),
                instant(rs, 9), rs.getString(10), rs.getString(11));
        MessagePayload message = new MessagePayload(rs.getLong(1), p.dialogId(), lastSeq, p.sender(), p.author(),
                p.text(), p.clientMsgId(), instant(rs, 2), null, StoreWrites.operatorOf(p.reader()));
        return new Appended(message, dialog, rs.getBoolean(13));
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
