package io.switchboard.api.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code users} table. */
@ApplicationScoped
public class UserRepository {
    private static final String COLUMNS = "id, username, password_hash, display_name, role, active, token_version";

    @Inject
    Db db;

    public Optional<UserRow> findByUsername(String username) {
        return db.call("find user", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
                ps.setString(1, username);
                return one(ps);
            }
        });
    }

    public Optional<UserRow> find(long id) {
        return db.call("find user", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
                ps.setLong(1, id);
                return one(ps);
            }
        });
    }

    /** Inserts a user unless the username exists; empty when it does. */
    public Optional<UserRow> insertIfAbsent(String username, String passwordHash, String displayName, String role) {
        return db.call("create user", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, password_hash, display_name, role)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING " + COLUMNS)) {
                ps.setString(1, username);
                ps.setString(2, passwordHash);
                ps.setString(3, displayName);
                ps.setString(4, role);
                return one(ps);
            }
        });
    }

    /** Every user, by id. */
    public java.util.List<UserRow> all() {
        return db.call("list users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                java.util.List<UserRow> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        });
    }

    /** Ids of every admin. */
    public java.util.List<Long> adminIds() {
        return db.call("list admins", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE role = 'admin' ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                java.util.List<Long> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        });
    }

    /**
     * Sets a new password hash and moves the token version, so every token issued before stops working; the
     * updated row, empty when there is no such user.
     */
    public Optional<UserRow> changePassword(long id, String passwordHash) {
        return db.call("change password", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ?,"
                    + " token_version = token_version + 1 WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setString(1, passwordHash);
                ps.setLong(2, id);
                return one(ps);
            }
        });
    }

    /** Moves the token version (sign-out everywhere); the updated row, empty when there is no such user. */
    public Optional<UserRow> bumpTokenVersion(long id) {
        return db.call("sign out", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET token_version = token_version + 1"
                    + " WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setLong(1, id);
                return one(ps);
            }
        });
    }

    /**
     * Deactivates (every token stops working: the version moves too) or reactivates a user; the updated row,
     * empty when there is no such user.
     */
    public Optional<UserRow> setActive(long id, boolean active) {
        return db.call("set user active", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET active = ?,"
                    + " token_version = token_version + CASE WHEN ? THEN 0 ELSE 1 END WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setBoolean(1, active);
                ps.setBoolean(2, active);
                ps.setLong(3, id);
                return one(ps);
            }
        });
    }

    private static Optional<UserRow> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(row(rs));
        }
    }

    private static UserRow row(ResultSet rs) throws SQLException {
        return new UserRow(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                rs.getString("display_name"), rs.getString("role"), rs.getBoolean("active"),
                rs.getLong("token_version"));
    }
}
