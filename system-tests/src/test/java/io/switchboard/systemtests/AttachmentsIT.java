package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Attachments across the real services: a file is a message like any other (seq, order, exactly once across a
 * reconnect, read back from PostgreSQL with its attachment), refused files get a 4xx with a reason, and another
 * assistant's operator cannot reach the bytes.
 */
class AttachmentsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The smallest valid PNG: one transparent pixel. */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /** A multipart upload as a browser sends it; the answer's status and JSON. */
    static Api.Answer upload(Scenario s, String path, String bearer, String name, byte[] data, String clientMsgId) {
        String boundary = "----sb" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (clientMsgId != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"client_msg_id\"\r\n\r\n"
                    + clientMsgId + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.api.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Answer(r.statusCode(), r.body().isBlank() ? null : Api.JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Api.Answer guestUpload(Scenario s, String name, byte[] data, String clientMsgId) {
        return upload(s, "/api/widget/dialogs/" + s.dialogId + "/attachments?" + s.guestQuery(), null, name, data,
                clientMsgId);
    }

    static HttpResponse<byte[]> download(Scenario s, String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.api.base() + url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anAttachmentIsDeliveredOnceWithItsSeqAcrossAReconnect() {
        Scenario s = new Scenario("attach-resume");
        String firstId;
        try (WsProbe guest = s.widgetSocket(0); WsProbe operator = s.operatorDialogSocket(0)) {
            s.guestPost("hello");
            JsonNode stored = guestUpload(s, "photo.png", PNG, "att-1").ok();
            assertThat(stored.path("seq").asLong()).isEqualTo(2);
            firstId = stored.path("attachment").path("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> guest.seqs(s.dialogId).size() == 2
                    && operator.seqs(s.dialogId).size() == 2);
            JsonNode live = operator.ofType("message:new").get(1).path("message");
            assertThat(live.path("attachment").path("id").asText()).isEqualTo(firstId);
            assertThat(live.path("attachment").path("content_type").asText()).isEqualTo("image/png");
            assertThat(live.path("attachment").path("width").asInt()).isEqualTo(1);
        }
        // While the guest is away: a repeat of the first upload (its client_msg_id), a second file and a text.
        assertThat(guestUpload(s, "photo.png", PNG, "att-1").status()).isEqualTo(200);
        long second = guestUpload(s, "notes.txt", "line one\nline two\n".getBytes(StandardCharsets.UTF_8), "att-2")
                .ok().path("seq").asLong();
        long text = s.guestPost("after the files");
        assertThat(List.of(second, text)).containsExactly(3L, 4L);

        try (WsProbe resumed = s.widgetSocket(2); WsProbe fresh = s.operatorDialogSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.seqs(s.dialogId).size() >= 2
                    && fresh.seqs(s.dialogId).size() >= 4);
            long late = guestUpload(s, "late.png", PNG, "att-3").ok().path("seq").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.seqs(s.dialogId).contains(late)
                    && fresh.seqs(s.dialogId).contains(late));
            // Exactly once each, in order: the catch-up from PostgreSQL, then the live one.
            assertThat(resumed.seqs(s.dialogId)).containsExactly(3L, 4L, 5L);
            assertThat(fresh.seqs(s.dialogId)).containsExactly(1L, 2L, 3L, 4L, 5L);
            List<JsonNode> caughtUp = fresh.ofType("message:new");
            assertThat(caughtUp.get(1).path("message").path("attachment").path("id").asText()).isEqualTo(firstId);
            assertThat(caughtUp.get(2).path("message").path("attachment").path("content_type").asText())
                    .isEqualTo("text/plain");
            assertThat(caughtUp.get(3).path("message").has("attachment")).isFalse();
        }
    }

    @Test
    void refusedTypesAndSizesGetAClear4xx() {
        Scenario s = new Scenario("attach-refused");
        Api.Answer html = guestUpload(s, "invoice.pdf",
                "<html><body><script>steal()</script></body></html>".getBytes(StandardCharsets.UTF_8), null);
        assertThat(html.status()).isEqualTo(415);
        assertThat(html.body().path("error").asText()).isEqualTo("type_not_allowed");
        assertThat(html.body().path("message").asText()).contains("HTML");
        Api.Answer exe = guestUpload(s, "setup.png", new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0}, null);
        assertThat(exe.status()).isEqualTo(415);
        Api.Answer big = guestUpload(s, "big.txt", new byte[10 * 1024 * 1024 + 10], null);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body().path("error").asText()).isEqualTo("file_too_large");
        Api.Answer huge = guestUpload(s, "huge.txt", new byte[12 * 1024 * 1024], null);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().path("message").asText()).contains("limit");
        Api.Answer empty = guestUpload(s, "empty.txt", new byte[0], null);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("error").asText()).isEqualTo("file_empty");
        assertThat(s.lastSeq()).as("nothing refused was stored").isZero();
    }

    @Test
    void anotherTenantsOperatorCannotDownloadAnAttachment() throws Exception {
        Scenario s = new Scenario("attach-owner");
        Scenario other = new Scenario("attach-stranger");
        String id = guestUpload(s, "private.png", PNG, null).ok().path("attachment").path("id").asText();
        String path = "/api/dialogs/" + s.dialogId + "/attachments/" + id + "/link";

        Api.Answer refused = s.api.call("POST", path, other.operator.token(), java.util.Map.of());
        assertThat(refused.status()).isEqualTo(403);
        Api.Answer viaOwnDialog = s.api.call("POST", "/api/dialogs/" + other.dialogId + "/attachments/" + id + "/link",
                other.operator.token(), java.util.Map.of());
        assertThat(viaOwnDialog.status()).isEqualTo(404);
        assertThat(upload(s, "/api/dialogs/" + s.dialogId + "/attachments", other.operator.token(), "x.txt",
                "x".getBytes(StandardCharsets.UTF_8), null).status()).isEqualTo(403);

        // The owner's operator gets a link; it opens this attachment only, and not when tampered with.
        JsonNode link = s.api.call("POST", path, s.operator.token(), java.util.Map.of()).ok();
        HttpResponse<byte[]> ok = download(s, link.path("url").asText());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(PNG);
        assertThat(ok.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        String otherId = guestUpload(other, "theirs.png", PNG, null).ok().path("attachment").path("id").asText();
        HttpResponse<byte[]> swapped = download(s, link.path("url").asText().replace(id, otherId));
        assertThat(swapped.statusCode()).isEqualTo(403);
        assertThat(new String(swapped.body(), StandardCharsets.UTF_8)).contains("link_invalid");
    }
}
