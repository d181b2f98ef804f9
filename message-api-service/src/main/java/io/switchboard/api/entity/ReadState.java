package io.switchboard.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A reader's watermark in a dialog (table {@code read_state}): {@code user:{id}} for an operator, {@code guest} for
 * the dialog's guest. Moved only forward, by {@link io.switchboard.store.StoreWrites} (shared with the sockets).
 */
@Entity
@Table(name = "read_state")
@IdClass(ReadState.Key.class)
public class ReadState extends PanacheEntityBase {
    @Id
    @Column(name = "dialog_id")
    public long dialogId;

    @Id
    @Column(length = 100)
    public String reader;

    @Column(name = "last_read_seq", nullable = false)
    public long lastReadSeq;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The composite key. */
    public record Key(long dialogId, String reader) implements Serializable {
    }
}
