package io.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** Writes that more than one service makes, each a single statement on a connection the caller owns. */
public final class StoreWrites {
    /** The reader name of a dialog's guest in {@code read_state}. */
    public static final String GUEST_READER = "guest";
    private static final String OPERATOR_READER_PREFIX = "user:";

    private StoreWrites() {
    }

    /** The reader name of an operator in {@code read_state}. */
    public static String operatorReader(long userId) {
        return OPERATOR_READER_PREFIX + userId;
    }

    /**
     * The user an operator's reader name stands for ({@code user:{id}} gives id), or null for the guest, for no
     * reader, or for anything else: a staff post stores it as the message's {@code author_id}.
     */
    public static Long operatorOf(String reader) {
        if (reader == null || !reader.startsWith(OPERATOR_READER_PREFIX)) {
            return null;
        }
        try {
            return Long.parseLong(reader, OPERATOR_READER_PREFIX.length(), reader.length(), 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Moves a reader's watermark forward to {@code seq}, capped at the dialog's {@code last_seq};
     * never backwards.
     *
     * <p>Native SQL, and why: one round trip that inserts or moves the row and says whether it moved. HQL's
     * {@code insert … on conflict do update} has no {@code RETURNING}, so it would take a second read and could not
     * tell this move from a concurrent one. The socket services run it on plain JDBC (no Hibernate there, see
     * {@link StoreReads}); message-api runs it through its Hibernate session ({@code ReadStateRepository}), so both
     * move a watermark by this one rule.
     *
     * @return the new watermark if it moved, empty if it was already there or beyond
     */
    public static OptionalLong advanceReadWatermark(Connection c, long dialogId, String reader, long seq)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO read_state (dialog_id, reader, last_read_seq, updated_at)"
                        + " SELECT d.id, ?, LEAST(?, d.last_seq), now() FROM dialogs d WHERE d.id = ?"
                        + " ON CONFLICT (dialog_id, reader) DO UPDATE"
                        + " SET last_read_seq = EXCLUDED.last_read_seq, updated_at = now()"
                        + " WHERE read_state.last_read_seq < EXCLUDED.last_read_seq"
                        + " RETURNING last_read_seq")) {
            ps.setString(1, reader);
            ps.setLong(2, seq);
            ps.setLong(3, dialogId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
