package io.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import io.switchboard.events.NotificationPayload;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The socket services' reads, in plain JDBC on a connection the caller owns: catch-up pages, the dialog and
 * credential lookups of admission, the periodic sweep and revocation re-check.
 *
 * <p>Plain JDBC, and why (issue 16 allows it for the socket services' read paths when Hibernate costs measurable CPU
 * there): the hot read is the catch-up page, once per subscriber that resumes. 2000 reads of 50 messages in a test
 * loop took 0.17-0.18 ms each here, 0.27-0.65 ms as a JPQL projection and 0.55-0.58 ms as the same SQL in a native
 * query through a Hibernate session (a shared machine; the cost is the session's query path, not the SQL), and
 * Hibernate would add ~8 000 classes to two services that start in 1.3 s without it (docs/architecture.md,
 * "Persistence"). message-api reads the same tables through its entities and Panache repositories.
 */
public final class StoreReads {
    private static final String MESSAGE_COLUMNS =
            "id, dialog_id, seq, sender, author, text, client_msg_id, created_at, attachment, author_id";
    private static final String MESSAGES_AFTER = "SELECT " + MESSAGE_COLUMNS
            + " FROM messages WHERE dialog_id = ? AND seq > ? ORDER BY seq LIMIT ?";

    private StoreReads() {
    }

    /** Messages of a dialog with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    public static List<MessagePayload> messagesAfter(Connection c, long dialogId, long afterSeq, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MESSAGES_AFTER)) {
            ps.setLong(1, dialogId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            return all(ps, StoreReads::message);
        }
    }

    /** What one row of a query becomes. */
    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** What is done with one row of a query. */
    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs the query and hands every row to {@code action}, in the query's order. */
    private static void each(PreparedStatement ps, RowAction action) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                action.accept(rs);
            }
        }
    }

    /** Runs the query and maps every row, in the query's order. */
    private static <T> List<T> all(PreparedStatement ps, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        each(ps, rs -> out.add(row.map(rs)));
        return out;
    }

    /** Runs the query and maps its first row, if there is one. */
    private static <T> Optional<T> one(PreparedStatement ps, Row<T> row) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
        }
    }

    /** A nullable {@code bigint} column. */
    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A nullable {@code timestamptz} column. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Maps one row selected with the message columns above. */
    private static MessagePayload message(ResultSet rs) throws SQLException {
        return new MessagePayload(rs.getLong("id"), rs.getLong("dialog_id"), rs.getLong("seq"),
                rs.getString("sender"), rs.getString("author"), rs.getString("text"),
                rs.getString("client_msg_id"), instant(rs, "created_at"),
                EventCodec.attachment(rs.getString("attachment")), nullableLong(rs, "author_id"));
    }

    /** One dialog, if it exists. */
    public static Optional<DialogRecord> dialog(Connection c, long dialogId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, assistant_id, guest_id, status,"
                + " assigned_operator_id, last_seq FROM dialogs WHERE id = ?")) {
            ps.setLong(1, dialogId);
            return one(ps, rs -> new DialogRecord(rs.getLong("id"), rs.getLong("assistant_id"), rs.getString("guest_id"),
                    rs.getString("status"), nullableLong(rs, "assigned_operator_id"), rs.getLong("last_seq")));
        }
    }

    /** The newest seq of each given dialog: what a periodic sweep compares with what it delivered. */
    public static Map<Long, Long> lastSeqs(Connection c, Collection<Long> dialogIds)
            throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        if (dialogIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, last_seq FROM dialogs WHERE id = ANY (?)")) {
            Array ids = c.createArrayOf("bigint", dialogIds.toArray(new Long[0]));
            ps.setArray(1, ids);
            each(ps, rs -> out.put(rs.getLong(1), rs.getLong(2)));
        }
        return out;
    }

    /** The guest credential whose hash is {@code tokenHash}, if any. */
    public static Optional<GuestCredentialRecord> guestCredential(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, guest_id, assistant_id, widget_id"
                + " FROM guest_credentials WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            return one(ps, rs -> new GuestCredentialRecord(rs.getLong("id"), rs.getString("guest_id"),
                    rs.getLong("assistant_id"), nullableLong(rs, "widget_id")));
        }
    }

    /**
     * The allowed domains of an assistant's widgets that are not revoked (their union): where the
     * {@code assistant_id} entry may be used from, exactly like a site token's own domains.
     */
    public static List<String> assistantDomains(Connection c, long assistantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT unnest(allowed_domains) FROM widgets"
                + " WHERE assistant_id = ? AND NOT revoked ORDER BY 1")) {
            ps.setLong(1, assistantId);
            return List.copyOf(all(ps, rs -> rs.getString(1)));
        }
    }

    /** The site-token row whose hash is {@code tokenHash}, revoked or not. */
    public static Optional<WidgetRecord> widgetByTokenHash(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, assistant_id, allowed_domains, revoked,"
                + " revoked_reason FROM widgets WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            return one(ps, rs -> new WidgetRecord(rs.getLong("id"), rs.getLong("assistant_id"),
                    List.copyOf(Arrays.asList((String[]) rs.getArray("allowed_domains").getArray())),
                    rs.getBoolean("revoked"), rs.getString("revoked_reason")));
        }
    }

    /** Ids of the assistants a user sees: all of them for an admin, its memberships for an operator. */
    public static List<Long> visibleAssistants(Connection c, long userId, boolean admin) throws SQLException {
        String sql = admin ? "SELECT id FROM assistants ORDER BY id"
                : "SELECT assistant_id FROM assistant_members WHERE user_id = ? ORDER BY assistant_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!admin) {
                ps.setLong(1, userId);
            }
            return all(ps, rs -> rs.getLong(1));
        }
    }

    /**
     * The current version of each revocation subject that is still valid ({@code user:{id}} of an active user,
     * {@code member:{assistant}:{user}}, {@code assistant-token:{assistant}}, {@code widget:{id}} of a site token
     * not revoked); memberships and widgets have version 0. A subject missing from the answer is revoked; one
     * this method does not know (another prefix, a malformed id) is answered as it came in, version -1, meaning
     * "not checked here".
     */
    public static Map<String, Long> subjectVersions(Connection c, Collection<String> subjects) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        List<Long> users = new ArrayList<>();
        List<Long> memberAssistants = new ArrayList<>();
        List<Long> memberUsers = new ArrayList<>();
        List<Long> assistants = new ArrayList<>();
        List<Long> widgets = new ArrayList<>();
        for (String subject : subjects) {
            String[] parts = subject.split(":");
            try {
                switch (parts[0]) {
                    case "user" -> users.add(Long.parseLong(parts[1]));
                    case "member" -> {
                        memberAssistants.add(Long.parseLong(parts[1]));
                        memberUsers.add(Long.parseLong(parts[2]));
                    }
                    case "assistant-token" -> assistants.add(Long.parseLong(parts[1]));
                    case "widget" -> widgets.add(Long.parseLong(parts[1]));
                    default -> out.put(subject, -1L);
                }
            } catch (RuntimeException malformed) {
                out.put(subject, -1L);
            }
        }
        if (!users.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, token_version FROM users WHERE id = ANY (?) AND active")) {
                ps.setArray(1, c.createArrayOf("bigint", users.toArray()));
                each(ps, rs -> out.put("user:" + rs.getLong(1), rs.getLong(2)));
            }
        }
        if (!memberAssistants.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT m.assistant_id, m.user_id FROM assistant_members m"
                    + " JOIN unnest(?::bigint[], ?::bigint[]) AS t(a, u) ON m.assistant_id = t.a AND m.user_id = t.u")) {
                ps.setArray(1, c.createArrayOf("bigint", memberAssistants.toArray()));
                ps.setArray(2, c.createArrayOf("bigint", memberUsers.toArray()));
                each(ps, rs -> out.put("member:" + rs.getLong(1) + ":" + rs.getLong(2), 0L));
            }
        }
        if (!assistants.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, token_version FROM assistants WHERE id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", assistants.toArray()));
                each(ps, rs -> out.put("assistant-token:" + rs.getLong(1), rs.getLong(2)));
            }
        }
        if (!widgets.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM widgets WHERE id = ANY (?) AND NOT revoked")) {
                ps.setArray(1, c.createArrayOf("bigint", widgets.toArray()));
                each(ps, rs -> out.put("widget:" + rs.getLong(1), 0L));
            }
        }
        return out;
    }

    /**
     * Dialogs of the given assistants, or with the given ids, whose row or read state changed after {@code since}, as
     * the operators' list shows them ({@code unread} for the operator team, like message-api's {@code dialog:update});
     * at most {@code limit}, oldest change first: what a socket node missed while its Redis subscription was down.
     */
    public static List<DialogPayload> dialogsChangedSince(Connection c, Instant since, Collection<Long> assistantIds,
                                                          Collection<Long> dialogIds, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.assistant_id, d.guest_label, d.status,"
                + " d.assigned_operator_id, d.last_seq, d.last_message_at, d.last_message_preview, d.last_message_sender,"
                + " (SELECT MAX(r.last_read_seq) FROM read_state r WHERE r.dialog_id = d.id AND r.reader LIKE 'user:%')"
                + " AS watermark FROM dialogs d"
                + " WHERE (d.assistant_id = ANY (?) OR d.id = ANY (?))"
                + " AND (d.updated_at > ? OR EXISTS (SELECT 1 FROM read_state r WHERE r.dialog_id = d.id AND r.updated_at > ?))"
                + " ORDER BY d.updated_at, d.id LIMIT ?")) {
            Timestamp from = Timestamp.from(since);
            ps.setArray(1, c.createArrayOf("bigint", assistantIds.toArray(new Long[0])));
            ps.setArray(2, c.createArrayOf("bigint", dialogIds.toArray(new Long[0])));
            ps.setTimestamp(3, from);
            ps.setTimestamp(4, from);
            ps.setInt(5, limit);
            return all(ps, rs -> {
                long lastSeq = rs.getLong("last_seq");
                return new DialogPayload(rs.getLong("id"), rs.getLong("assistant_id"), rs.getString("guest_label"),
                        rs.getString("status"), nullableLong(rs, "assigned_operator_id"), lastSeq,
                        Math.max(0, lastSeq - rs.getLong("watermark")), instant(rs, "last_message_at"),
                        rs.getString("last_message_preview"), rs.getString("last_message_sender"));
            });
        }
    }

    /** One user's notifications with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    public static List<NotificationPayload> notificationsAfter(Connection c, long userId, long afterSeq, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, seq, kind, payload::text AS payload, created_at"
                + " FROM notifications WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            return all(ps, rs -> {
                JsonNode payload;
                try {
                    payload = EventCodec.mapper().readTree(rs.getString("payload"));
                } catch (JsonProcessingException e) {
                    throw new SQLException("notification " + rs.getLong("id") + " has a payload that is not JSON", e);
                }
                return new NotificationPayload(rs.getLong("id"), rs.getLong("seq"), rs.getString("kind"), payload,
                        instant(rs, "created_at"));
            });
        }
    }

    /** The newest notification seq of a user, 0 when none. */
    public static long lastNotificationSeq(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM notifications WHERE user_id = ?")) {
            ps.setLong(1, userId);
            return one(ps, rs -> rs.getLong(1)).orElse(0L);
        }
    }
}
