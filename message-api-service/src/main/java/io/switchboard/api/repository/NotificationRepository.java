package io.switchboard.api.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code notifications} table. */
@ApplicationScoped
public class NotificationRepository {
    private static final String COLUMNS = "id, user_id, kind, payload::text AS payload, created_at, read_at";

    @Inject
    Db db;

    public NotificationRow insert(long userId, String kind, JsonNode payload) {
        return db.call("store notification", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (user_id, kind, payload)"
                    + " VALUES (?, ?, ?::jsonb) RETURNING " + COLUMNS)) {
                ps.setLong(1, userId);
                ps.setString(2, kind);
                ps.setString(3, payload.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return row(rs);
                }
            }
        });
    }

    /** A user's notifications with id greater than {@code after}, oldest first. */
    public List<NotificationRow> after(long userId, long after, int limit) {
        return db.call("list notifications", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM notifications WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, userId);
                ps.setLong(2, after);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<NotificationRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static NotificationRow row(ResultSet rs) throws SQLException {
        JsonNode payload;
        try {
            payload = EventCodec.mapper().readTree(rs.getString("payload"));
        } catch (JsonProcessingException e) {
            throw new SQLException("notification payload is not JSON", e);
        }
        return new NotificationRow(rs.getLong("id"), rs.getLong("user_id"), rs.getString("kind"), payload,
                Rows.instant(rs, "created_at"), Rows.instant(rs, "read_at"));
    }
}
