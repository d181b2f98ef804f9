package io.switchboard.api.repository;

import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.OptionalLong;

/** The {@code read_state} watermarks; moves go through {@link StoreWrites} so sockets and REST agree. */
@ApplicationScoped
public class ReadStateRepository {
    @Inject
    Db db;

    /** Moves the watermark forward (never back); the new value if it moved. */
    public OptionalLong advance(long dialogId, String reader, long seq) {
        return db.call("move read watermark", c -> StoreWrites.advanceReadWatermark(c, dialogId, reader, seq));
    }

    /** The reader's watermark, 0 when it never read. */
    public long current(long dialogId, String reader) {
        return db.call("read watermark", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_read_seq FROM read_state WHERE dialog_id = ? AND reader = ?")) {
                ps.setLong(1, dialogId);
                ps.setString(2, reader);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }
}
