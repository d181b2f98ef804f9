package io.switchboard.api.repository;

import io.switchboard.events.DialogPayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code dialogs} table and the Dialog view (with an unread count) every client shows. */
@ApplicationScoped
public class DialogRepository {
    private static final String RECORD_COLUMNS = "id, assistant_id, guest_id, status, assigned_operator_id, last_seq";
    private static final String VIEW_COLUMNS = "d.id, d.assistant_id, d.guest_label, d.status, d.assigned_operator_id,"
            + " d.last_seq, d.last_message_at, d.last_message_preview, d.last_message_sender";
    /** The team's watermark: the furthest any operator has read. */
    static final String TEAM_READ = "(SELECT MAX(r.last_read_seq) FROM read_state r"
            + " WHERE r.dialog_id = d.id AND r.reader LIKE 'user:%')";

    @Inject
    Db db;

    /** The seq a new message got, with the dialog as the operators' list shows it right after. */
    public record SeqReservation(long seq, DialogPayload dialog) {
    }

    public Optional<DialogRecord> find(long id) {
        return db.call("find dialog", c -> StoreReads.dialog(c, id));
    }

    /** The row, locked until the transaction ends: serializes writers of one dialog and nothing else. */
    public Optional<DialogRecord> lock(long id) {
        return db.call("lock dialog", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM dialogs WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                return record(ps);
            }
        });
    }

    /** The guest's dialog that is not closed, if any. */
    public Optional<DialogRecord> findOpen(long assistantId, String guestId) {
        return db.call("find open dialog", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM dialogs"
                    + " WHERE assistant_id = ? AND guest_id = ? AND status <> 'closed'")) {
                ps.setLong(1, assistantId);
                ps.setString(2, guestId);
                return record(ps);
            }
        });
    }

    /** Opens a dialog for the guest; empty when a concurrent request opened one first. */
    public Optional<DialogRecord> insertOpen(long assistantId, String guestId) {
        return db.call("open dialog", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dialogs (assistant_id, guest_id) VALUES (?, ?)"
                    + " ON CONFLICT (assistant_id, guest_id) WHERE status <> 'closed' DO NOTHING RETURNING " + RECORD_COLUMNS)) {
                ps.setLong(1, assistantId);
                ps.setString(2, guestId);
                return record(ps);
            }
        });
    }

    /**
     * Takes the next seq of the dialog in the caller's transaction and records the last message. The row stays
     * locked until commit, so seqs are gapless and a rolled-back transaction gives its seq back.
     */
    public SeqReservation nextSeq(long dialogId, String preview, String sender) {
        return db.call("assign seq", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dialogs d SET last_seq = last_seq + 1,"
                    + " last_message_at = now(), last_message_preview = ?, last_message_sender = ?, updated_at = now()"
                    + " WHERE id = ? RETURNING " + VIEW_COLUMNS + ", " + TEAM_READ + " AS watermark")) {
                ps.setString(1, preview);
                ps.setString(2, sender);
                ps.setLong(3, dialogId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("dialog " + dialogId + " vanished while locked");
                    }
                    DialogPayload view = view(rs);
                    return new SeqReservation(view.lastSeq(), view);
                }
            }
        });
    }

    public void updateStatus(long dialogId, String status, Long assignedOperatorId) {
        db.call("change dialog status", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dialogs SET status = ?, assigned_operator_id = ?,"
                    + " updated_at = now() WHERE id = ?")) {
                ps.setString(1, status);
                if (assignedOperatorId == null) {
                    ps.setNull(2, Types.BIGINT);
                } else {
                    ps.setLong(2, assignedOperatorId);
                }
                ps.setLong(3, dialogId);
                return ps.executeUpdate();
            }
        });
    }

    /** The dialog with {@code unread} counted for {@code reader} ({@code null}: for the operator team). */
    public Optional<DialogPayload> view(long dialogId, String reader) {
        return db.call("read dialog", c -> {
            String watermark = reader == null ? TEAM_READ
                    : "(SELECT r.last_read_seq FROM read_state r WHERE r.dialog_id = d.id AND r.reader = ?)";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VIEW_COLUMNS + ", " + watermark
                    + " AS watermark FROM dialogs d WHERE d.id = ?")) {
                int i = 1;
                if (reader != null) {
                    ps.setString(i++, reader);
                }
                ps.setLong(i, dialogId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(view(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Dialogs a user sees, newest activity first, with its own unread count.
     *
     * @param memberOf null for an admin (all assistants), else the user whose memberships limit the list
     */
    public List<DialogPayload> list(String reader, Long memberOf, Long assistantId, String status, int limit) {
        return db.call("list dialogs", c -> {
            StringBuilder sql = new StringBuilder("SELECT " + VIEW_COLUMNS + ", r.last_read_seq AS watermark"
                    + " FROM dialogs d LEFT JOIN read_state r ON r.dialog_id = d.id AND r.reader = ? WHERE TRUE");
            if (memberOf != null) {
                sql.append(" AND d.assistant_id IN (SELECT m.assistant_id FROM assistant_members m WHERE m.user_id = ?)");
            }
            if (assistantId != null) {
                sql.append(" AND d.assistant_id = ?");
            }
            if (status != null) {
                sql.append(" AND d.status = ?");
            }
            sql.append(" ORDER BY COALESCE(d.last_message_at, d.created_at) DESC, d.id DESC LIMIT ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, reader);
                if (memberOf != null) {
                    ps.setLong(i++, memberOf);
                }
                if (assistantId != null) {
                    ps.setLong(i++, assistantId);
                }
                if (status != null) {
                    ps.setString(i++, status);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<DialogPayload> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(view(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static Optional<DialogRecord> record(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new DialogRecord(rs.getLong("id"), rs.getLong("assistant_id"), rs.getString("guest_id"),
                    rs.getString("status"), Rows.nullableLong(rs, "assigned_operator_id"), rs.getLong("last_seq")));
        }
    }

    static DialogPayload view(ResultSet rs) throws SQLException {
        long lastSeq = rs.getLong("last_seq");
        long watermark = rs.getLong("watermark");
        return new DialogPayload(rs.getLong("id"), rs.getLong("assistant_id"), rs.getString("guest_label"),
                rs.getString("status"), Rows.nullableLong(rs, "assigned_operator_id"), lastSeq,
                Math.max(0, lastSeq - watermark), Rows.instant(rs, "last_message_at"),
                rs.getString("last_message_preview"), rs.getString("last_message_sender"));
    }
}
