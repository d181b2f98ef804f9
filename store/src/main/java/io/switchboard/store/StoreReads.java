package io.switchboard.store;

import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads every service makes the same way, in plain JDBC on a connection the caller owns.
 * History and catch-up both come from here, so a message looks the same whether it arrives
 * live, on resume, or from a page of history.
 */
public final class StoreReads {
    private static final String MESSAGE_COLUMNS =
            "id, dialog_id, seq, sender, author, text, client_msg_id, created_at, attachment";
    private static final String MESSAGES_AFTER = "SELECT " + MESSAGE_COLUMNS
            + " FROM messages WHERE dialog_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String MESSAGES_BETWEEN = "SELECT " + MESSAGE_COLUMNS
            + " FROM messages WHERE dialog_id = ? AND seq BETWEEN ? AND ? ORDER BY seq";

    private StoreReads() {
    }

    /** Messages of a dialog with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    public static List<MessagePayload> messagesAfter(Connection c, long dialogId, long afterSeq, int limit)
            throws SQLException {
        return messages(c, MESSAGES_AFTER, dialogId, afterSeq, limit);
    }

    /** Messages of a dialog with {@code fromSeq <= seq <= toSeq}, in seq order: what a gap repair fills in. */
    public static List<MessagePayload> messagesBetween(Connection c, long dialogId, long fromSeq, long toSeq)
            throws SQLException {
        return messages(c, MESSAGES_BETWEEN, dialogId, fromSeq, toSeq);
    }

    /** Runs one of the message reads above: a dialog and two bounds. */
    private static List<MessagePayload> messages(Connection c, String sql, long dialogId, long first, long second)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, dialogId);
            ps.setLong(2, first);
            ps.setLong(3, second);
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

    /** Maps one row selected with the message columns above. */
    public static MessagePayload message(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new MessagePayload(rs.getLong("id"), rs.getLong("dialog_id"), rs.getLong("seq"),
                rs.getString("sender"), rs.getString("author"), rs.getString("text"),
                rs.getString("client_msg_id"), created == null ? null : created.toInstant(),
                EventCodec.attachment(rs.getString("attachment")));
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

    /** Every allowed domain of every widget that is not revoked: the browser origins CORS may answer. */
    public static List<String> activeWidgetDomains(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT unnest(allowed_domains) FROM widgets"
                + " WHERE NOT revoked ORDER BY 1")) {
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
}
