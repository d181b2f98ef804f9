package io.switchboard.api.attachment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The default storage: {@code attachment_blobs} rows, written in the caller's transaction (the message's), so the
 * local run needs nothing besides PostgreSQL and an attachment never exists without its bytes or the other way round.
 */
@ApplicationScoped
public class PostgresAttachmentStorage implements AttachmentStorage {
    public static final String NAME = "postgres";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void put(String key, String contentType, byte[] data) {
        AttachmentBlob blob = new AttachmentBlob();
        blob.storageKey = key;
        blob.contentType = contentType;
        blob.data = data;
        blob.persist();
    }

    @Override
    @Transactional
    public Optional<byte[]> get(String key) {
        return AttachmentBlob.<AttachmentBlob>findByIdOptional(key).map(b -> b.data);
    }
}
