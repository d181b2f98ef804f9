package io.switchboard.api.attachment;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Attachments: what may be uploaded, where the bytes live, how download links are signed (docs/operations.md). */
@ConfigMapping(prefix = "switchboard.attachments")
public interface AttachmentsConfig {
    /** Where the bytes are kept: {@code postgres} (default, nothing else to run) or {@code s3}. */
    @WithDefault("postgres")
    String storage();

    /**
     * The largest file accepted; larger is 413 {@code file_too_large}. {@code quarkus.http.limits.max-body-size}
     * must be at least this plus 1 MB for the multipart framing (the shipped value is 11M).
     */
    @WithDefault("10M")
    MemorySize maxSize();

    /**
     * Content types accepted, as sniffed from the bytes (never the name's). Types that can run in a browser or on a
     * computer (HTML, SVG, XML, scripts, executables) are refused whatever this says.
     */
    @WithDefault("image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,application/zip,"
            + "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
            + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    List<String> allowedTypes();

    /** How long a signed download link works. */
    @WithDefault("5m")
    Duration linkTtl();

    /**
     * The HMAC key of download links, shared by every message-api replica. When unset it is derived from the JWT
     * signing key (which every replica already shares), so a deployment needs nothing new.
     */
    Optional<String> linkSecret();

    /** Longest side of a thumbnail, in pixels. */
    @WithDefault("320")
    int thumbnailSize();

    /** Images with more pixels than this (width × height, read from the header before decoding) are refused. */
    @WithDefault("40000000")
    long maxPixels();

    /** The S3-compatible store, used when {@code storage=s3}. */
    S3 s3();

    interface S3 {
        /** Endpoint of an S3-compatible service (MinIO, Ceph, …); unset = AWS's endpoint for the region. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** The bucket; it must exist. */
        @WithDefault("switchboard-attachments")
        String bucket();

        /** Prefix of every object key. */
        @WithDefault("attachments/")
        String keyPrefix();

        /** Path-style URLs ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials; when unset the SDK's default chain (environment, profile, IRSA, instance role). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
