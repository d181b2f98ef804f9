package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.guestToken;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.takeOver;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attachments through the REST API: refusals with reasons, messages with seq, links, downloads, isolation. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AttachmentsTest {
    @Inject
    RedisDataSource redis;

    long assistantId;
    String guestId;
    long dialogId;
    TestApi.Operator operator;

    @BeforeEach
    void dialog() {
        assistantId = createAssistant(unique("attach"));
        operator = createOperator("Olga", assistantId);
        guestId = unique("guest");
        dialogId = openDialog(assistantId, guestId);
    }

    static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, 0, 0xFF0000);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private RequestSpecification guest(long dialog, String guest) {
        return given().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, guest));
    }

    private Response guestUpload(byte[] data, String name, String mime, String clientMsgId) {
        RequestSpecification r = guest(dialogId, guestId).multiPart("file", name, data, mime);
        if (clientMsgId != null) {
            r = r.multiPart("client_msg_id", clientMsgId);
        }
        return r.post("/api/widget/dialogs/" + dialogId + "/attachments");
    }

    private Map<String, Object> guestLink(String attachmentId) {
        return guest(dialogId, guestId).post("/api/widget/dialogs/" + dialogId + "/attachments/" + attachmentId + "/link")
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    @Test
    void anImageIsAMessageWithSeqAThumbnailAndAnInlineDownload() throws Exception {
        guestPost(assistantId, guestId, dialogId, Map.of("text", "look at this")).then().statusCode(201);
        byte[] image = png(800, 400);
        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            Response posted = guestUpload(image, "screen shot.png", "application/octet-stream", "up-1");
            posted.then().statusCode(201).body("seq", is(2)).body("sender", is("user")).body("text", is("screen shot.png"))
                    .body("attachment.content_type", is("image/png")).body("attachment.size", is(image.length))
                    .body("attachment.width", is(800)).body("attachment.height", is(400))
                    .body("attachment.has_thumbnail", is(true)).body("attachment.id", notNullValue());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> channel.ofType(EventType.MESSAGE_NEW).size() == 1);
            assertThat(channel.ofType(EventType.MESSAGE_NEW).get(0).message().attachment().name()).isEqualTo("screen shot.png");

            // The same client_msg_id again: the same message, nothing new stored or published.
            guestUpload(image, "screen shot.png", "image/png", "up-1").then().statusCode(200).body("seq", is(2))
                    .body("attachment.id", is(posted.path("attachment.id").toString()));
            guestPost(assistantId, guestId, dialogId, Map.of("text", "after")).then().statusCode(201).body("seq", is(3));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> channel.ofType(EventType.MESSAGE_NEW).size() == 2);
        }
        List<Map<String, Object>> history = guestMessages(assistantId, guestId, dialogId);
        assertThat(history).extracting(m -> m.get("seq")).containsExactly(1, 2, 3);
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) history.get(1).get("attachment");
        assertThat(shown).containsEntry("name", "screen shot.png").containsEntry("content_type", "image/png");

        Map<String, Object> link = guestLink((String) shown.get("id"));
        Response original = given().get((String) link.get("url"));
        original.then().statusCode(200).contentType("image/png")
                .header("Content-Disposition", containsString("inline"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("sandbox"));
        assertThat(original.asByteArray()).isEqualTo(image);
        Response thumb = given().get((String) link.get("thumbnail_url"));
        thumb.then().statusCode(200).contentType("image/png");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.asByteArray()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(160);

        // The operator of the assistant sees and downloads it too.
        Map<String, Object> staffLink = TestApi.as(operator.token())
                .post("/api/dialogs/" + dialogId + "/attachments/" + shown.get("id") + "/link")
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(given().get((String) staffLink.get("url")).asByteArray()).isEqualTo(image);
    }

    @Test
    void refusedTypesSizesAndEmptyFilesGetAClearReasonAndStoreNothing() throws Exception {
        guestUpload("<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8),
                "nice.png", "image/png", null)
                .then().statusCode(415).body("error", is("type_not_allowed")).body("message", containsString("HTML"));
        guestUpload("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8),
                "a.txt", "text/plain", null)
                .then().statusCode(415).body("message", containsString("SVG"));
        guestUpload("#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8), "notes.txt", "text/plain", null)
                .then().statusCode(415).body("message", containsString("script"));
        guestUpload(new byte[] {'M', 'Z', 0, 0, 1, 2, 3}, "report.pdf", "application/pdf", null)
                .then().statusCode(415).body("message", containsString("program"));
        guestUpload("plain words".getBytes(StandardCharsets.UTF_8), "run.exe", "text/plain", null)
                .then().statusCode(415).body("message", containsString(".exe"));
        guestUpload(new byte[0], "empty.txt", "text/plain", null)
                .then().statusCode(400).body("error", is("file_empty"));
        guestUpload(new byte[10 * 1024 * 1024 + 1], "big.bin", "application/octet-stream", null)
                .then().statusCode(413).body("error", is("file_too_large"))
                .body("message", containsString("10485760"));
        guestUpload(png(9000, 9000), "huge.png", "image/png", null)
                .then().statusCode(413).body("error", is("image_too_large"));

        assertThat(guestMessages(assistantId, guestId, dialogId)).isEmpty();
        // A plain text file and a PDF are fine, served as downloads, never inline.
        // As a browser sends it: the name raw in UTF-8, the declared type wrong on purpose.
        String boundary = "----switchboard" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"заметки 1.txt\""
                + "\r\nContent-Type: text/html\r\n\r\nhello\nworld\n\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        Response text = guest(dialogId, guestId).contentType("multipart/form-data; boundary=" + boundary)
                .body(body.toByteArray()).post("/api/widget/dialogs/" + dialogId + "/attachments");
        text.then().statusCode(201).body("attachment.content_type", is("text/plain"))
                .body("attachment.name", is("заметки 1.txt")).body("attachment.has_thumbnail", is(false));
        Map<String, Object> link = guestLink(text.path("attachment.id"));
        assertThat(link.get("thumbnail_url")).isNull();
        given().get((String) link.get("url")).then().statusCode(200).contentType(containsString("text/plain"))
                .header("Content-Disposition", is("attachment; filename=\"_______ 1.txt\"; filename*=UTF-8''"
                        + "%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8%201.txt"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void linksAreSignedPerAttachmentAndExpire() throws Exception {
        String first = guestUpload(png(10, 10), "a.png", "image/png", null).then().statusCode(201)
                .extract().path("attachment.id");
        String second = guestUpload(png(12, 12), "b.png", "image/png", null).then().statusCode(201)
                .extract().path("attachment.id");
        String url = (String) guestLink(first).get("url");
        given().get(url.replace(first, second)).then().statusCode(403).body("error", is("link_invalid"));
        given().get(url.replace("variant=original", "variant=thumbnail")).then().statusCode(403);
        given().get(url.replaceAll("exp=\\d+", "exp=" + (System.currentTimeMillis() / 1000 + 86400))).then()
                .statusCode(403);
        given().get("/api/attachments/" + first).then().statusCode(403).body("message", containsString("exp and sig"));
        given().get(url).then().statusCode(200);
    }

    @Test
    void anotherTenantsOperatorAndAnotherGuestCannotReachTheAttachment() throws Exception {
        String id = guestUpload(png(10, 10), "private.png", "image/png", null).then().statusCode(201)
                .extract().path("attachment.id");
        long otherAssistant = createAssistant(unique("other"));
        TestApi.Operator stranger = createOperator("Stranger", otherAssistant);
        TestApi.as(stranger.token()).post("/api/dialogs/" + dialogId + "/attachments/" + id + "/link")
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + stranger.token()).multiPart("file", "x.txt",
                "hi".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/dialogs/" + dialogId + "/attachments").then().statusCode(403);
        // The stranger's own dialog does not lend its access to this attachment.
        String otherGuest = unique("guest");
        long otherDialog = openDialog(otherAssistant, otherGuest);
        TestApi.as(stranger.token()).post("/api/dialogs/" + otherDialog + "/attachments/" + id + "/link")
                .then().statusCode(404).body("error", is("attachment_not_found"));
        // Another guest of the same assistant: neither through its own dialog nor through this one.
        String neighbour = unique("guest");
        long neighbourDialog = openDialog(assistantId, neighbour);
        given().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, neighbour))
                .post("/api/widget/dialogs/" + neighbourDialog + "/attachments/" + id + "/link")
                .then().statusCode(404);
        given().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, neighbour))
                .post("/api/widget/dialogs/" + dialogId + "/attachments/" + id + "/link")
                .then().statusCode(403);
        given().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, neighbour))
                .multiPart("file", "x.txt", "hi".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/widget/dialogs/" + dialogId + "/attachments").then().statusCode(403);
    }

    @Test
    void operatorsSendFilesUnderTheHandoffLock() throws Exception {
        given().header("Authorization", "Bearer " + operator.token())
                .multiPart("file", "price.pdf", "%PDF-1.4\n%…\n".getBytes(StandardCharsets.UTF_8), "application/pdf")
                .post("/api/dialogs/" + dialogId + "/attachments").then().statusCode(409)
                .body("error", is("take_over_first"));
        takeOver(operator.token(), dialogId);
        given().header("Authorization", "Bearer " + operator.token())
                .multiPart("file", "price.pdf", "%PDF-1.4\n%…\n".getBytes(StandardCharsets.UTF_8), "application/pdf")
                .post("/api/dialogs/" + dialogId + "/attachments").then().statusCode(201)
                .body("sender", is("operator")).body("author", is("Olga")).body("seq", is(2))
                .body("author_id", is((int) operator.id()))
                .body("attachment.content_type", is("application/pdf"));
        List<Map<String, Object>> history = guestMessages(assistantId, guestId, dialogId);
        assertThat(history).extracting(m -> m.get("text")).containsExactly("Olga joined the conversation.", "price.pdf");
        // The full path stores the author too (the system line has none), so a read-back moves Olga's watermark.
        assertThat(history).extracting(m -> m.get("author_id")).containsExactly(null, (int) operator.id());
    }
}
