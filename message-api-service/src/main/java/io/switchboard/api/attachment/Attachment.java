package io.switchboard.api.attachment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.events.AttachmentPayload;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Generated;

/**
 * A file or image sent into a dialog (table {@code attachments}, V15). Its id is a random UUID: unguessable, and
 * still useless without a signed link. The message that shows it ({@code message_id}, {@code seq}) is written in
 * the same transaction.
 */
@Entity
@Table(name = "attachments")
public class Attachment extends PanacheEntityBase {
    public static final String GUEST = "guest";
    public static final String OPERATOR = "operator";

    @Id
    public UUID id;

    @Column(name = "dialog_id", nullable = false, updatable = false)
    public long dialogId;

    @Column(name = "assistant_id", nullable = false, updatable = false)
    public long assistantId;

    @Column(name = "message_id", nullable = false, updatable = false)
    public long messageId;

    @Column(nullable = false, updatable = false)
    public long seq;

    /** {@code guest} or {@code operator}. */
    @NotNull
    @Column(nullable = false, updatable = false, length = 16)
    public String uploader;

    /** The operator's user id; {@code null} for a guest. */
    @Column(name = "uploader_user_id", updatable = false)
    public Long uploaderUserId;

    @NotNull
    @Size(min = 1, max = 255)
    @Column(nullable = false, updatable = false)
    public String name;

    /** Sniffed from the bytes. */
    @NotNull
    @Column(name = "content_type", nullable = false, updatable = false, length = 100)
    public String contentType;

    @Column(nullable = false, updatable = false)
    public long size;

    @NotNull
    @Size(min = 64, max = 64)
    @Column(nullable = false, updatable = false, length = 64)
    public String sha256;

    @Column(updatable = false)
    public Integer width;

    @Column(updatable = false)
    public Integer height;

    @Column(name = "has_thumbnail", nullable = false, updatable = false)
    public boolean hasThumbnail;

    /** Which {@link AttachmentStorage} holds the bytes ({@code postgres}, {@code s3}). */
    @NotNull
    @Column(nullable = false, updatable = false, length = 16)
    public String storage;

    @NotNull
    @Column(name = "storage_key", nullable = false, updatable = false, length = 200)
    public String storageKey;

    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public AttachmentPayload payload() {
        return new AttachmentPayload(id.toString(), name, contentType, size, width, height, hasThumbnail);
    }

    /** The storage key of a variant: the original, or {@code …/thumbnail}. */
    public String keyOf(Variant variant) {
        return variant == Variant.THUMBNAIL ? storageKey + "/thumbnail" : storageKey;
    }
}
