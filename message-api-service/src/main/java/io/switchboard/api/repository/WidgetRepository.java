package io.switchboard.api.repository;

import io.switchboard.store.StoreReads;
import io.switchboard.store.WidgetRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code widgets} table (site tokens, stored as hashes). */
@ApplicationScoped
public class WidgetRepository {
    private static final String COLUMNS = "id, assistant_id, allowed_domains, revoked, revoked_reason, created_at";

    @Inject
    Db db;

    public WidgetRow insert(long assistantId, String tokenHash, List<String> domains) {
        return db.call("create widget", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO widgets (assistant_id, token_hash, allowed_domains)"
                    + " VALUES (?, ?, ?) RETURNING " + COLUMNS)) {
                ps.setLong(1, assistantId);
                ps.setString(2, tokenHash);
                ps.setArray(3, c.createArrayOf("text", domains.toArray(new String[0])));
                return one(ps).orElseThrow();
            }
        });
    }

    /** Inserts a row with a known token hash unless one exists (the idempotent dev seed). */
    public void insertIfAbsent(long assistantId, String tokenHash, List<String> domains) {
        db.call("seed widget", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO widgets (assistant_id, token_hash, allowed_domains)"
                    + " VALUES (?, ?, ?) ON CONFLICT (token_hash) DO NOTHING")) {
                ps.setLong(1, assistantId);
                ps.setString(2, tokenHash);
                ps.setArray(3, c.createArrayOf("text", domains.toArray(new String[0])));
                return ps.executeUpdate();
            }
        });
    }

    /** The union of the allowed domains of the assistant's widgets that are not revoked. */
    public List<String> assistantDomains(long assistantId) {
        return db.call("assistant domains", c -> StoreReads.assistantDomains(c, assistantId));
    }

    /** Every allowed domain of every widget that is not revoked. */
    public List<String> activeDomains() {
        return db.call("widget domains", StoreReads::activeWidgetDomains);
    }

    /** The row, locked against a concurrent update or delete. */
    public Optional<WidgetRow> lock(long id) {
        return db.call("find widget", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM widgets WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                return one(ps);
            }
        });
    }

    public void revoke(long id, String reason) {
        db.call("revoke widget", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE widgets SET revoked = TRUE, revoked_reason = ? WHERE id = ?")) {
                ps.setString(1, reason);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Widgets of one assistant, or of all when {@code assistantId} is null, newest first. */
    public List<WidgetRow> list(Long assistantId) {
        return db.call("list widgets", c -> {
            String sql = "SELECT " + COLUMNS + " FROM widgets" + (assistantId == null ? "" : " WHERE assistant_id = ?")
                    + " ORDER BY id DESC";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (assistantId != null) {
                    ps.setLong(1, assistantId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<WidgetRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                    return out;
                }
            }
        });
    }

    /** The row of a token (revoked or not), by its hash. */
    public Optional<WidgetRecord> byTokenHash(String tokenHash) {
        return db.call("find site token", c -> StoreReads.widgetByTokenHash(c, tokenHash));
    }

    private static Optional<WidgetRow> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static WidgetRow row(ResultSet rs) throws SQLException {
        Array domains = rs.getArray("allowed_domains");
        return new WidgetRow(rs.getLong("id"), rs.getLong("assistant_id"),
                List.copyOf(Arrays.asList((String[]) domains.getArray())), rs.getBoolean("revoked"),
                rs.getString("revoked_reason"), Rows.instant(rs, "created_at"));
    }
}
