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
    private static final String COLUMNS = "id, username, password_hash, display_name, role";

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

    private static Optional<UserRow> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new UserRow(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                    rs.getString("display_name"), rs.getString("role")));
        }
    }
}
