package io.switchboard.api;

import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class MessagePostingTest {
    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URI base;

    long assistantId;
    String guestId;
    long dialogId;
    TestApi.Operator operator;

    @BeforeEach
    void dialog() {
        assistantId = createAssistant(unique("posting"));
        operator = createOperator("Anna", assistantId);
        guestId = unique("guest");
        dialogId = openDialog(assistantId, guestId);
    }

    /** Bodies are read before the endpoint runs (BufferedBodies); one sent in chunks, without a length, too. */
    @Test
    void aBodySentInChunksIsStoredLikeOneWithALength() throws Exception {
        byte[] body = "{\"text\": \"sent in chunks\", \"client_msg_id\": \"c-1\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/widget/dialogs/" + dialogId
                        + "/messages?assistant_id=" + assistantId + "&guest_token=" + TestApi.guestToken(assistantId, guestId)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(guestMessages(assistantId, guestId, dialogId)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("text", "sent in chunks").containsEntry("client_msg_id", "c-1"));
    }

    @Test
    void guestAndOperatorMessagesGetConsecutiveSeqsAndShowInHistory() {
        guestPost(assistantId, guestId, dialogId, Map.of("text", "Hello, I need help"))
                .then().statusCode(201).body("seq", is(1)).body("sender", is("user"))
                .body("dialog_id", is((int) dialogId)).body("text", is("Hello, I need help"));
        TestApi.takeOver(operator.token(), dialogId);
        staffPost(operator.token(), dialogId, Map.of("text", "Hi, how can I help?"))
                .then().statusCode(201).body("seq", is(3)).body("sender", is("operator")).body("author", is("Anna"));

        List<Map<String, Object>> history = guestMessages(assistantId, guestId, dialogId);
        assertThat(history).extracting(m -> m.get("seq")).containsExactly(1, 2, 3);
        assertThat(history).extracting(m -> m.get("text")).containsExactly("Hello, I need help",
                "Anna joined the conversation.", "Hi, how can I help?");
        as(operator.token()).get("/api/dialogs/" + dialogId).then().statusCode(200)
                .body("last_seq", is(3)).body("unread", is(0))
                .body("last_message_preview", is("Hi, how can I help?")).body("last_message_sender", is("operator"));
    }

    @Test
    void repeatedClientMsgIdReturnsTheOriginalMessageAndPublishesNothing() {
        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            Response first = guestPost(assistantId, guestId, dialogId, Map.of("text", "only once", "client_msg_id", "c-1"));
            first.then().statusCode(201);
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.ofType(EventType.MESSAGE_NEW).size() == 1);

            guestPost(assistantId, guestId, dialogId, Map.of("text", "only once", "client_msg_id", "c-1"))
                    .then().statusCode(200)
                    .body("id", equalTo(first.path("id"))).body("seq", is(1)).body("client_msg_id", is("c-1"));
            // A later message proves the channel is flowing, and that the repeat put nothing before it.
            guestPost(assistantId, guestId, dialogId, Map.of("text", "next")).then().statusCode(201).body("seq", is(2));
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.ofType(EventType.MESSAGE_NEW).size() == 2);
            assertThat(channel.ofType(EventType.MESSAGE_NEW)).extracting(e -> e.seq()).containsExactly(1L, 2L);
        }
        assertThat(guestMessages(assistantId, guestId, dialogId)).hasSize(2);
    }

    @Test
    void concurrentIdenticalClientMsgIdsStoreOneMessageAndAnswerBothWithIt() throws Exception {
        int posts = 6;
        TestApi.takeOver(operator.token(), dialogId);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return staffPost(operator.token(), dialogId, Map.of("text", "double click", "client_msg_id", "dbl"));
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (CompletableFuture<Response> a : answers) {
            Response r = a.get();
            statuses.add(r.statusCode());
            ids.add(r.path("id"));
        }
        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 200);
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .containsExactly("Anna joined the conversation.", "double click");
    }

    @Test
    void malformedJsonIsRejectedWithAMessageSayingSo() {
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId)).body("{\"text\": ")
                .post("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(400).body("error", is("malformed_json"))
                .body("message", org.hamcrest.Matchers.startsWith("The request body is not valid JSON"));
    }

    @Test
    void missingBodyOrTextIsRejectedNamingTheField() {
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId))
                .post("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(400).body("error", is("validation"))
                .body("message", is("The request needs a JSON body, for example {\"text\": \"Hello\"}."));
        guestPost(assistantId, guestId, dialogId, Map.of("client_msg_id", "x"))
                .then().statusCode(400).body("error", is("validation"))
                .body("message", is("text is required and must not be empty."));
    }

    @Test
    void blankTextIsRejected() {
        guestPost(assistantId, guestId, dialogId, Map.of("text", "   \n "))
                .then().statusCode(400).body("error", is("validation"))
                .body("message", is("text is required and must not be empty."));
    }

    @Test
    void textOverFourThousandCharactersIsTooLargeAndNamesTheLimit() {
        guestPost(assistantId, guestId, dialogId, Map.of("text", "a".repeat(4001)))
                .then().statusCode(413).body("error", is("text_too_long"))
                .body("message", is("The message is 4001 characters long; the limit is 4000."));
        guestPost(assistantId, guestId, dialogId, Map.of("text", "a".repeat(4000))).then().statusCode(201);
    }

    @Test
    void wrongFieldTypeNamesTheField() {
        as(operator.token()).body("{\"seq\": \"yesterday\"}").post("/api/dialogs/" + dialogId + "/read")
                .then().statusCode(400).body("error", is("malformed_json"))
                .body("message", is("Field \"seq\" has the wrong type: expected a number."));
    }

    @Test
    void postingToAnUnknownDialogAnswers404ToStaff() {
        staffPost(TestApi.admin(), 987654321L, Map.of("text", "anyone?"))
                .then().statusCode(404).body("error", is("dialog_not_found"))
                .body("message", is("There is no dialog with id 987654321."));
    }

    @Test
    void guestPostingFasterThanTheLimitIsSlowedDown() {
        // 30 at once, then one every 2 s (a token bucket in the dialog's row, the same on every replica).
        int accepted = 0;
        io.restassured.response.Response refused = null;
        for (int i = 0; i < 45 && refused == null; i++) {
            io.restassured.response.Response r = guestPost(assistantId, guestId, dialogId, Map.of("text", "spam " + i));
            if (r.statusCode() == 201) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertThat(accepted).isBetween(30, 40);
        assertThat(refused).isNotNull();
        refused.then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.oneOf("1", "2"))
                .body("error", is("rate_limited"))
                .body("message", org.hamcrest.Matchers.matchesPattern(
                        "You are sending messages too fast; wait [12] s and try again\\."));
        // The operator is not limited by the guest's pace.
        TestApi.takeOver(operator.token(), dialogId);
        // the guest's accepted messages, the take-over's system line, then this one
        staffPost(operator.token(), dialogId, Map.of("text", "still here")).then().statusCode(201)
                .body("seq", is(accepted + 2));
    }

    @Test
    void tooLongClientMsgIdIsRejected() {
        guestPost(assistantId, guestId, dialogId, Map.of("text", "hi", "client_msg_id", "x".repeat(101)))
                .then().statusCode(400).body("message", is("client_msg_id must be at most 100 characters long."));
    }
}
