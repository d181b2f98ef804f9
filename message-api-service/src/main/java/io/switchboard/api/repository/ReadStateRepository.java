package io.switchboard.api.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.ReadState;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;

/**
 * The {@code read_state} watermarks. A move is the one upsert the socket services run too ({@link StoreWrites}), on
 * the transaction's connection, so sockets and REST move a watermark by the same rule.
 */
@ApplicationScoped
public class ReadStateRepository implements PanacheRepository<ReadState> {

    /**
     * Moves the watermark forward (never back); the new value if it moved. Native SQL on the session's own connection,
     * and why: HQL's upsert cannot return the row it moved ({@link StoreWrites#advanceReadWatermark}).
     */
    public OptionalLong advance(long dialogId, String reader, long seq) {
        return getSession().doReturningWork(c -> StoreWrites.advanceReadWatermark(c, dialogId, reader, seq));
    }

    /** The reader's watermark, 0 when it never read. */
    public long current(long dialogId, String reader) {
        return getSession().createSelectionQuery("select r.lastReadSeq from ReadState r"
                        + " where r.dialogId = :dialog and r.reader = :reader", Long.class)
                .setParameter("dialog", dialogId).setParameter("reader", reader).uniqueResultOptional().orElse(0L);
    }
}
