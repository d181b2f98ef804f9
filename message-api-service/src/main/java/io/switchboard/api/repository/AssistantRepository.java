package io.switchboard.api.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code assistants} and {@code assistant_members} tables. */
@ApplicationScoped
public class AssistantRepository {
    @Inject
    Db db;

    public AssistantRow insert(String name) {
        return db.call("create assistant", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO assistants (name) VALUES (?) RETURNING id, name")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new AssistantRow(rs.getLong(1), rs.getString(2));
                }
            }
        });
    }

    public Optional<AssistantRow> find(long id) {
        return db.call("find assistant", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, token_version FROM assistants WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new AssistantRow(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** The oldest assistant with this name, if any. */
    public Optional<AssistantRow> findByName(String name) {
        return db.call("find assistant", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM assistants WHERE name = ? ORDER BY id LIMIT 1")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new AssistantRow(rs.getLong(1), rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    /** All assistants for an admin, its memberships for an operator, by id. */
    public List<AssistantRow> visibleTo(long userId, boolean admin) {
        return db.call("list assistants", c -> {
            String sql = admin ? "SELECT id, name FROM assistants ORDER BY id"
                    : "SELECT a.id, a.name FROM assistants a JOIN assistant_members m ON m.assistant_id = a.id"
                    + " WHERE m.user_id = ? ORDER BY a.id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (!admin) {
                    ps.setLong(1, userId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<AssistantRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new AssistantRow(rs.getLong(1), rs.getString(2)));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Adds a member with its role on this assistant ({@code operator} or {@code admin}); a repeat sets the role.
     * Returns 1 when the membership is new, 0 when it existed ({@code xmax = 0} only on a freshly inserted row).
     */
    public int addMember(long assistantId, long userId, String role) {
        return db.call("add member", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO assistant_members (assistant_id, user_id, role)"
                    + " VALUES (?, ?, ?) ON CONFLICT (assistant_id, user_id) DO UPDATE SET role = EXCLUDED.role"
                    + " RETURNING (xmax = 0) AS inserted")) {
                ps.setLong(1, assistantId);
                ps.setLong(2, userId);
                ps.setString(3, role);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1) ? 1 : 0;
                }
            }
        });
    }

    /** Whether the user is a member with the {@code admin} role on this assistant (manages its webhooks). */
    public boolean isAdminMember(long assistantId, long userId) {
        return db.call("check membership", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM assistant_members"
                    + " WHERE assistant_id = ? AND user_id = ? AND role = 'admin'")) {
                ps.setLong(1, assistantId);
                ps.setLong(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Removes a membership; false when there was none. */
    public boolean removeMember(long assistantId, long userId) {
        return db.call("remove member", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM assistant_members WHERE assistant_id = ? AND user_id = ?")) {
                ps.setLong(1, assistantId);
                ps.setLong(2, userId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Moves the assistant's token version: every service token issued before stops working. */
    public Optional<AssistantRow> bumpTokenVersion(long assistantId) {
        return db.call("rotate assistant token", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE assistants SET token_version = token_version + 1"
                    + " WHERE id = ? RETURNING id, name, token_version")) {
                ps.setLong(1, assistantId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new AssistantRow(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    public boolean isMember(long assistantId, long userId) {
        return db.call("check membership", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM assistant_members WHERE assistant_id = ? AND user_id = ?")) {
                ps.setLong(1, assistantId);
                ps.setLong(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Users who must hear about an assistant's dialogs: its members and every admin, each once. */
    public List<Long> membersAndAdmins(long assistantId) {
        return db.call("list members", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM assistant_members WHERE assistant_id = ?"
                    + " UNION SELECT id FROM users WHERE role = 'admin' ORDER BY 1")) {
                ps.setLong(1, assistantId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Long> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                    return out;
                }
            }
        });
    }
}
