package io.switchboard.api.attachment;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/** The storage {@code switchboard.attachments.storage} names, chosen once at start (an unknown name stops the start). */
@ApplicationScoped
@Startup
public class AttachmentStorages {
    private final AttachmentStorage selected;
    private final PostgresAttachmentStorage postgres;

    @Inject
    public AttachmentStorages(AttachmentsConfig config, PostgresAttachmentStorage postgres) {
        this.postgres = postgres;
        String name = config.storage().trim().toLowerCase(Locale.ROOT);
        selected = switch (name) {
            case PostgresAttachmentStorage.NAME -> postgres;
            case S3AttachmentStorage.NAME -> new S3AttachmentStorage(config.s3());
            default -> throw new IllegalStateException("switchboard.attachments.storage must be postgres or s3, not '"
                    + config.storage() + "'");
        };
    }

    public AttachmentStorage selected() {
        return selected;
    }

    /**
     * The storage that holds an attachment written under {@code name}: bytes kept in PostgreSQL stay readable after
     * a switch to S3; S3 objects need the S3 storage configured.
     */
    public AttachmentStorage of(String name) {
        if (selected.name().equals(name)) {
            return selected;
        }
        if (PostgresAttachmentStorage.NAME.equals(name)) {
            return postgres;
        }
        throw new IllegalStateException("attachment stored in '" + name + "' but switchboard.attachments.storage is '"
                + selected.name() + "'");
    }

    @PreDestroy
    void close() {
        if (selected instanceof S3AttachmentStorage s3) {
            s3.close();
        }
    }
}
