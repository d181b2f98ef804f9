package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
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
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HandoffTest {
    @Inject
    RedisDataSource redis;

    long assistantId;
    String guestId;
    long dialogId;
    String bot;
    TestApi.Operator anna;
    TestApi.Operator ben;

    @BeforeEach
    void dialog() {
        assistantId = createAssistant(unique("handoff"));
        anna = createOperator("Anna", assistantId);
        ben = createOperator("Ben", assistantId);
        bot = as(admin()).post("/api/assistants/" + assistantId + "/token").then().statusCode(201)
                .extract().path("access_token");
        guestId = unique("guest");
        dialogId = openDialog(assistantId, guestId);
    }

    @Test
    void guestHandoffWaitsForAnOperatorAndNotifiesMembersAndAdmins() {
        long annaLastNotification = lastNotificationSeq(anna.token());
        try (RedisChannelRecorder annaChannel = new RedisChannelRecorder(redis, "notifications:" + anna.id())) {
            handoff().then().statusCode(200).body("status", is("waiting_operator")).body("id", is((int) dialogId));

            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> !annaChannel.ofType(EventType.NOTIFICATION_NEW).isEmpty());
            Envelope pushed = annaChannel.ofType(EventType.NOTIFICATION_NEW).get(0);
            assertThat(pushed.notification().kind()).isEqualTo("handoff_requested");
            assertThat(pushed.notification().payload().get("dialog_id").asLong()).isEqualTo(dialogId);
        }
        for (String token : List.of(anna.token(), ben.token(), admin())) {
            List<Map<String, Object>> list = as(token).get("/api/notifications?after=0&limit=500").then()
                    .statusCode(200).extract().jsonPath().getList("notifications");
            assertThat(list).anySatisfy(n -> {
                assertThat(n.get("kind")).isEqualTo("handoff_requested");
                assertThat(((Map<?, ?>) n.get("payload")).get("dialog_id")).isEqualTo((int) dialogId);
            });
        }
        assertThat(as(anna.token()).get("/api/notifications?after=" + annaLastNotification).then().statusCode(200)
                .extract().jsonPath().getList("notifications")).hasSize(1);
        // The guest sees that the request was heard.
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("sender"))
                .containsExactly("system");
    }

    @Test
    void assistantMustNotAnswerWhileAnOperatorHoldsTheDialog() {
        staffPost(bot, dialogId, Map.of("text", "I am the bot")).then().statusCode(201).body("sender", is("assistant"));

        as(anna.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200)
                .body("status", is("operator")).body("assigned_operator_id", is((int) anna.id()));
        staffPost(bot, dialogId, Map.of("text", "me too")).then().statusCode(409)
                .body("error", is("operator_active"))
                .body("message", is("An operator is handling this conversation; the assistant must not answer until"
                        + " the operator releases it."));

        as(anna.token()).post("/api/dialogs/" + dialogId + "/release").then().statusCode(200)
                .body("status", is("bot")).body("assigned_operator_id", nullValue());
        staffPost(bot, dialogId, Map.of("text", "back again")).then().statusCode(201);

        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text")).containsExactly(
                "I am the bot", "Anna joined the conversation.",
                "Anna left the conversation; the assistant answers again.", "back again");
    }

    @Test
    void secondOperatorCannotTakeOverOrReleaseButAnAdminCan() {
        as(anna.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200);
        as(ben.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(409)
                .body("error", is("already_taken")).body("message", is("Anna is already handling this conversation."));
        as(ben.token()).post("/api/dialogs/" + dialogId + "/release").then().statusCode(409)
                .body("error", is("held_by_other_operator"))
                .body("message", is("Anna is handling this conversation; only they or an admin can release it."));
        // Taking over again is harmless for the holder.
        as(anna.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200)
                .body("assigned_operator_id", is((int) anna.id()));

        long adminId = json().body(Map.of("username", "admin", "password", "admin123")).post("/api/auth/login")
                .then().statusCode(200).extract().jsonPath().getLong("user.id");
        as(admin()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200)
                .body("status", is("operator")).body("assigned_operator_id", is((int) adminId));
    }

    @Test
    void closingEndsTheDialogAndTheGuestsNextOpenStartsANewOne() {
        guestPost(assistantId, guestId, dialogId, Map.of("text", "thanks, bye")).then().statusCode(201);
        try (RedisChannelRecorder channels = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId,
                "ws:assistant:" + assistantId)) {
            as(anna.token()).post("/api/dialogs/" + dialogId + "/close").then().statusCode(200)
                    .body("status", is("closed"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> channels.ofType(EventType.DIALOG_UPDATE)
                    .stream().filter(e -> "closed".equals(e.dialog().status())).count() >= 2);
            assertThat(channels.ofType(EventType.MESSAGE_NEW)).extracting(e -> e.message().text())
                    .containsExactly("Anna closed the conversation.");
        }

        guestPost(assistantId, guestId, dialogId, Map.of("text", "one more thing")).then().statusCode(409)
                .body("error", is("dialog_closed"))
                .body("message", is("This conversation is closed; start a new one to write again."));
        staffPost(bot, dialogId, Map.of("text", "late bot")).then().statusCode(409).body("error", is("dialog_closed"));
        as(anna.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(409)
                .body("error", is("dialog_closed"));

        json().body(Map.of("assistant_id", assistantId, "guest_token", TestApi.guestToken(assistantId, guestId))).post("/api/widget/dialogs")
                .then().statusCode(201).body("status", is("bot")).body("last_seq", is(0))
                .body("id", org.hamcrest.Matchers.not(is((int) dialogId)));
    }

    @Test
    void openingTwiceReturnsTheSameOpenDialog() {
        json().body(Map.of("assistant_id", assistantId, "guest_token", TestApi.guestToken(assistantId, guestId))).post("/api/widget/dialogs")
                .then().statusCode(200).body("id", is((int) dialogId));
    }

    @Test
    void readWatermarksNeverMoveBackwardsAndDriveUnreadCounts() {
        for (int i = 1; i <= 3; i++) {
            guestPost(assistantId, guestId, dialogId, Map.of("text", "message " + i)).then().statusCode(201);
        }
        as(anna.token()).get("/api/dialogs/" + dialogId).then().statusCode(200).body("unread", is(3));
        // The guest has read what it wrote itself.
        json().body(Map.of("assistant_id", assistantId, "guest_token", TestApi.guestToken(assistantId, guestId))).post("/api/widget/dialogs")
                .then().statusCode(200).body("unread", is(0)).body("last_seq", is(3));
        as(anna.token()).body(Map.of("seq", 2)).post("/api/dialogs/" + dialogId + "/read").then().statusCode(200)
                .body("dialog_id", is((int) dialogId)).body("reader", is("user:" + anna.id()))
                .body("last_read_seq", is(2));
        as(anna.token()).body(Map.of("seq", 1)).post("/api/dialogs/" + dialogId + "/read").then().statusCode(200)
                .body("last_read_seq", is(2));
        as(anna.token()).get("/api/dialogs/" + dialogId).then().statusCode(200).body("unread", is(1));
        // Ben has his own watermark.
        List<Map<String, Object>> bens = as(ben.token()).get("/api/dialogs?assistant_id=" + assistantId).then()
                .statusCode(200).extract().jsonPath().getList("dialogs");
        assertThat(bens).singleElement().satisfies(d -> assertThat(d.get("unread")).isEqualTo(3));
        // The guest's watermark is the guest's.
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId)).body(Map.of("seq", 99))
                .post("/api/widget/dialogs/" + dialogId + "/read").then().statusCode(200)
                .body("reader", is("guest")).body("last_read_seq", is(3));
    }

    private io.restassured.response.Response handoff() {
        return json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId))
                .post("/api/widget/dialogs/" + dialogId + "/handoff");
    }

    private static long lastNotificationSeq(String token) {
        List<Integer> ids = as(token).get("/api/notifications?after=0&limit=500").then().statusCode(200)
                .extract().jsonPath().getList("notifications.seq");
        return ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
    }
}
