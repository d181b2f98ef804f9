package io.switchboard.api.attachment;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Attachment bytes in an S3-compatible bucket (AWS SDK v2, the JDK's URLConnection HTTP client). The object is
 * written inside the message's transaction, before its commit: a failed PUT rolls the message back; a transaction
 * that fails after a successful PUT leaves an object no row names (harmless, never served; a bucket lifecycle rule
 * may clean such objects up). Verified here only against a local HTTP receiver that the test starts (request
 * building, SigV4 headers, path-style addressing, round trip), not against AWS or MinIO (docs/operations.md).
 */
public class S3AttachmentStorage implements AttachmentStorage, AutoCloseable {
    public static final String NAME = "s3";

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    public S3AttachmentStorage(AttachmentsConfig.S3 config) {
        this(build(config), config.bucket(), config.keyPrefix());
    }

    S3AttachmentStorage(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    static S3Client build(AttachmentsConfig.S3 config) {
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(),
                        config.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                // Checksums only where S3 requires them: S3-compatible servers (older MinIO, Ceph) do not all accept
                // the SDK's default trailing CRC checksums with aws-chunked bodies.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void put(String key, String contentType, byte[] data) {
        client.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType(contentType)
                .contentLength((long) data.length).build(), RequestBody.fromBytes(data));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket)
                    .key(prefix + key).build());
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
