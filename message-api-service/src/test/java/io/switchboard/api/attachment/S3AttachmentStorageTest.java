package io.switchboard.api.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The S3 storage against a real HTTP receiver this test starts (no S3-compatible server is available to the build):
 * it checks what the AWS SDK puts on the wire (path-style addressing, SigV4 authorization, the signed payload hash
 * matching the body, the content type) and answers like S3 does (200 with an ETag, the object on GET, 404
 * {@code NoSuchKey}). That is how far S3 is verified here; docs/operations.md says so.
 */
class S3AttachmentStorageTest {
    record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    HttpServer server;
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        seen.add(new Seen(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
        switch (ex.getRequestMethod()) {
            case "PUT" -> {
                String hash = ex.getRequestHeaders().getFirst("x-amz-content-sha256");
                objects.put(path, hash != null && hash.startsWith("STREAMING-") ? awsChunked(body) : body);
                ex.getResponseHeaders().add("ETag", "\"etag-" + body.length + "\"");
                ex.sendResponseHeaders(200, -1);
            }
            case "GET" -> {
                byte[] data = objects.get(path);
                if (data == null) {
                    byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/xml");
                    ex.sendResponseHeaders(404, error.length);
                    ex.getResponseBody().write(error);
                } else {
                    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    ex.sendResponseHeaders(200, data.length);
                    ex.getResponseBody().write(data);
                }
            }
            default -> ex.sendResponseHeaders(405, -1);
        }
        ex.close();
    }

    /**
     * Decodes an {@code aws-chunked} body as S3 does ({@code <hex size>;chunk-signature=<sig>\r\n<data>\r\n}, ending
     * with a zero-size chunk): the SDK signs each chunk when the endpoint is plain HTTP.
     */
    static byte[] awsChunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int eol = i;
            while (!(body[eol] == '\r' && body[eol + 1] == '\n')) {
                eol++;
            }
            String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
            assertThat(header).contains(";chunk-signature=");
            int size = Integer.parseInt(header.substring(0, header.indexOf(';')), 16);
            i = eol + 2;
            if (size == 0) {
                break;
            }
            out.write(body, i, size);
            i += size + 2;
        }
        return out.toByteArray();
    }

    private S3AttachmentStorage storage() {
        AttachmentsConfig.S3 config = new AttachmentsConfig.S3() {
            public Optional<String> endpoint() {
                return Optional.of("http://127.0.0.1:" + server.getAddress().getPort());
            }

            public String region() {
                return "eu-central-1";
            }

            public String bucket() {
                return "chat-files";
            }

            public String keyPrefix() {
                return "attachments/";
            }

            public boolean pathStyle() {
                return true;
            }

            public Optional<String> accessKeyId() {
                return Optional.of("AKIDTEST");
            }

            public Optional<String> secretAccessKey() {
                return Optional.of("secret-test-key");
            }
        };
        return new S3AttachmentStorage(config);
    }

    @Test
    void putSignsThePayloadAndGetReadsItBack() throws Exception {
        byte[] data = "%PDF-1.4 a small document".getBytes(StandardCharsets.UTF_8);
        try (S3AttachmentStorage s3 = storage()) {
            s3.put("0b1e-uuid", "application/pdf", data);

            Seen put = seen.get(0);
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo("/chat-files/attachments/0b1e-uuid");
            assertThat(objects.get("/chat-files/attachments/0b1e-uuid")).isEqualTo(data);
            assertThat(put.header("Content-Type")).isEqualTo("application/pdf");
            assertThat(put.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                    .contains("/eu-central-1/s3/aws4_request").contains("SignedHeaders=").contains("Signature=");
            String payloadHash = put.header("x-amz-content-sha256");
            if (payloadHash.startsWith("STREAMING-")) {
                // Chunk-signed body: S3 checks the decoded length against this header.
                assertThat(put.header("x-amz-decoded-content-length")).isEqualTo(String.valueOf(data.length));
            } else {
                assertThat(payloadHash).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(data)));
                assertThat(put.body()).isEqualTo(data);
            }

            assertThat(s3.get("0b1e-uuid")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(data));
            assertThat(seen.get(1).path()).isEqualTo("/chat-files/attachments/0b1e-uuid");
            assertThat(s3.get("missing")).isEmpty();
        }
    }
}
