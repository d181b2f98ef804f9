package io.switchboard.api.attachment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Generated;

/** Bytes of one attachment variant when they are kept in PostgreSQL (table {@code attachment_blobs}, V15). */
@Entity
@Table(name = "attachment_blobs")
public class AttachmentBlob extends PanacheEntityBase {
    @Id
    @Column(name = "storage_key", length = 200)
    public String storageKey;

    @Column(name = "content_type", nullable = false, updatable = false, length = 100)
    public String contentType;

    /** {@code bytea}; at most {@code switchboard.attachments.max-size}. */
    @Column(nullable = false, updatable = false)
    public byte[] data;

    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
