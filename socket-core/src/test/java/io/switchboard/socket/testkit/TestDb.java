package io.switchboard.socket.testkit;

import io.switchboard.events.MessagePayload;
import io.switchboard.store.SiteTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Writes test rows into the real PostgreSQL with plain JDBC, the way message-api does: a message
 * takes its seq from {@code UPDATE dialogs SET last_seq = last_seq + 1 ... RETURNING} in the same
 * transaction as the insert.
 */
public final class TestDb {
    private TestDb() {
    }

    public static Connection connect() throws SQLException {
        Config c = ConfigProvider.getConfig();
        return DriverManager.getConnection(c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getValue("quarkus.datasource.username", String.class),
                c.getValue("quarkus.datasource.password", String.class));
    }

    /** A new user with a unique name; returns its id. */
    public static long user(String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        return insertReturningId("INSERT INTO users (username, password_hash, display_name, role) VALUES (?, 'x', ?, ?)"
                + " RETURNING id", name, "Name " + name, role);
    }

    public static long assistant() {
        return insertReturningId("INSERT INTO assistants (name) VALUES (?) RETURNING id",
                "assistant " + UUID.randomUUID());
    }

    public static void member(long assistantId, long userId) {
        execute("INSERT INTO assistant_members (assistant_id, user_id) VALUES (?, ?)", assistantId, userId);
    }

    /** A new open dialog of a new random guest. */
    public static long dialog(long assistantId, String guestId) {
        return insertReturningId("INSERT INTO dialogs (assistant_id, guest_id) VALUES (?, ?) RETURNING id",
                assistantId, guestId);
    }

    /** A site token for the assistant with these domains; returns the clear-text token. */
    public static String siteToken(long assistantId, List<String> domains, boolean revoked) {
        String token = SiteTokens.newToken();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO widgets (assistant_id, token_hash, allowed_domains, revoked, revoked_reason)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, assistantId);
            ps.setString(2, SiteTokens.hash(token));
            ps.setArray(3, c.createArrayOf("text", domains.toArray()));
            ps.setBoolean(4, revoked);
            ps.setString(5, revoked ? "domains_changed" : null);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return token;
    }

    /**
     * A guest credential for {@code guestId}, as message-api issues it: bound to the assistant and, when
     * {@code siteToken} is given, to that token's widget. Returns the clear-text {@code guest_token}.
     */
    public static String guestToken(long assistantId, String guestId, String siteToken) {
        String token = io.switchboard.store.GuestTokens.newToken();
        execute("INSERT INTO guest_credentials (token_hash, guest_id, assistant_id, widget_id) VALUES (?, ?, ?,"
                        + " (SELECT id FROM widgets WHERE token_hash = ?))",
                io.switchboard.store.GuestTokens.hash(token), guestId, assistantId,
                siteToken == null ? null : SiteTokens.hash(siteToken));
        return token;
    }

    /** Stores one message exactly as message-api does and returns it (seq assigned in the same transaction). */
    public static MessagePayload message(long dialogId, String text) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            long seq;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dialogs SET last_seq = last_seq + 1, last_message_at = now() WHERE id = ? RETURNING last_seq")) {
                ps.setLong(1, dialogId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            MessagePayload m;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (dialog_id, seq, sender, author, text)"
                    + " VALUES (?, ?, 'user', 'guest', ?) RETURNING id, created_at")) {
                ps.setLong(1, dialogId);
                ps.setLong(2, seq);
                ps.setString(3, text);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    m = new MessagePayload(rs.getLong(1), dialogId, seq, "user", "guest", text, null,
                            rs.getTimestamp(2).toInstant());
                }
            }
            c.commit();
            return m;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored notification, as message-api writes one: the user's next seq. */
    public record StoredNotification(long id, long seq, long userId, String kind, String payloadJson) {
        /** The {@code notification:new} envelope message-api publishes for it. */
        public String envelope() {
            return "{\"v\":1,\"type\":\"notification:new\",\"event_id\":\"" + UUID.nameUUIDFromBytes(
                    ("notification:new:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\",\"user_id\":"
                    + userId + ",\"seq\":" + seq + ",\"notification\":{\"id\":" + id + ",\"seq\":" + seq
                    + ",\"kind\":\"" + kind + "\",\"payload\":" + payloadJson + "}}";
        }
    }

    /** Stores a notification for {@code userId} with the next seq (what message-api does before publishing). */
    public static StoredNotification notification(long userId, String kind, String payloadJson) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO notifications"
                + " (user_id, seq, kind, payload) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?::jsonb FROM notifications"
                + " WHERE user_id = ? RETURNING id, seq")) {
            bind(ps, userId, kind, payloadJson, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StoredNotification(rs.getLong(1), rs.getLong(2), userId, kind, payloadJson);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reader's stored watermark, or -1. */
    public static long lastReadSeq(long dialogId, String reader) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_read_seq FROM read_state WHERE dialog_id = ? AND reader = ?")) {
            ps.setLong(1, dialogId);
            ps.setString(2, reader);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long insertReturningId(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement (tests change rows behind the services' back, as another replica would). */
    public static void execute(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
