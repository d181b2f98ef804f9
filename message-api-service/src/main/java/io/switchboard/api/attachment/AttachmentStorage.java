package io.switchboard.api.attachment;

import java.util.Optional;

/**
 * Where attachment bytes live, behind one interface: {@link PostgresAttachmentStorage} (the default; the bytes are
 * written in the transaction of the message, so they exist exactly when the message does) or
 * {@link S3AttachmentStorage} (an S3-compatible bucket). Chosen by {@code switchboard.attachments.storage}.
 */
public interface AttachmentStorage {
    /** The name stored in {@code attachments.storage}. */
    String name();

    /** Stores {@code data} under {@code key}, replacing nothing (keys are new random ids). */
    void put(String key, String contentType, byte[] data);

    /** The bytes under {@code key}, if present. */
    Optional<byte[]> get(String key);
}
