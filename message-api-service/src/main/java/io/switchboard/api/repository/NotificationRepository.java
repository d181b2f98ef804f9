package io.switchboard.api.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notifications} table. Each user's notifications are numbered by {@code seq} without gaps and in
 * commit order: an insert first locks the user's row ({@code FOR NO KEY UPDATE}, which does not block the
 * foreign-key checks of other tables), so a later seq of one user never commits before an earlier one, and a
 * socket that sees seq N live may read everything below it from PostgreSQL at once.
 */
@ApplicationScoped
public class NotificationRepository {
    private static final String COLUMNS = "id, user_id, seq, kind, payload::text AS payload, created_at, read_at";

    @Inject
    Db db;

    /**
     * Stores a notification; must run inside a transaction (the user lock lasts until its commit). Empty when
     * the user does not exist or {@code sourceEventId} was stored for this user before (a repeat).
     */
    public Optional<NotificationRow> insert(long userId, String kind, JsonNode payload, String sourceEventId) {
        return db.call("store notification", c -> {
            if (!lockUser(c, userId)) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications"
                    + " (user_id, seq, kind, payload, source_event_id)"
                    + " SELECT ?::bigint, COALESCE(MAX(seq), 0) + 1, ?::varchar, ?::jsonb, ?::varchar FROM notifications"
                    + " WHERE user_id = ?"
                    + " ON CONFLICT (user_id, source_event_id) DO NOTHING RETURNING " + COLUMNS)) {
                ps.setLong(1, userId);
                ps.setString(2, kind);
                ps.setString(3, payload.toString());
                ps.setString(4, sourceEventId);
                ps.setLong(5, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    private static boolean lockUser(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A user's notifications with seq greater than {@code afterSeq}, oldest first. */
    public List<NotificationRow> after(long userId, long afterSeq, int limit) {
        return db.call("list notifications", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM notifications WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, userId);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                return rows(ps);
            }
        });
    }

    /** A user's newest notifications, newest first (the dashboard's list). */
    public List<NotificationRow> latest(long userId, int limit) {
        return db.call("list notifications", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM notifications WHERE user_id = ? ORDER BY seq DESC LIMIT ?")) {
                ps.setLong(1, userId);
                ps.setInt(2, limit);
                return rows(ps);
            }
        });
    }

    /** How many of a user's notifications are unread, and the newest seq (0 when none). */
    public Counts counts(long userId) {
        return db.call("count notifications", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FILTER (WHERE read_at IS NULL) AS unread,"
                    + " COALESCE(MAX(seq), 0) AS last_seq FROM notifications WHERE user_id = ?")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Counts(rs.getLong("unread"), rs.getLong("last_seq"));
                }
            }
        });
    }

    /** Unread count and newest seq of one user. */
    public record Counts(long unread, long lastSeq) {
    }

    /** Marks one of the user's notifications read; empty when it is not the user's. Marking twice keeps the first time. */
    public Optional<NotificationRow> markRead(long userId, long id) {
        return db.call("mark notification read", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET read_at = COALESCE(read_at, now())"
                    + " WHERE user_id = ? AND id = ? RETURNING " + COLUMNS)) {
                ps.setLong(1, userId);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Marks every unread notification of the user with seq at most {@code upToSeq} read; returns how many. */
    public int markAllRead(long userId, long upToSeq) {
        return db.call("mark notifications read", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET read_at = now()"
                    + " WHERE user_id = ? AND seq <= ? AND read_at IS NULL")) {
                ps.setLong(1, userId);
                ps.setLong(2, upToSeq);
                return ps.executeUpdate();
            }
        });
    }

    private static List<NotificationRow> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<NotificationRow> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        }
    }

    private static NotificationRow row(ResultSet rs) throws SQLException {
        JsonNode payload;
        try {
            payload = EventCodec.mapper().readTree(rs.getString("payload"));
        } catch (JsonProcessingException e) {
            throw new SQLException("notification payload is not JSON", e);
        }
        return new NotificationRow(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("seq"), rs.getString("kind"),
                payload, Rows.instant(rs, "created_at"), Rows.instant(rs, "read_at"));
    }
}
