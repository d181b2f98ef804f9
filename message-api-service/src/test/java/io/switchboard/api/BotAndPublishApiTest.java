package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

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
import org.junit.jupiter.api.Test;

/** A bot's REST calls with its assistant token (typing, handoff) and the publish API with scoped service tokens. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class BotAndPublishApiTest {
    @Inject
    RedisDataSource redis;

    private static String assistantToken(long assistantId) {
        return as(admin()).post("/api/assistants/" + assistantId + "/token").then().statusCode(201)
                .extract().path("access_token");
    }

    private static String serviceToken(long assistantId, List<String> scopes) {
        return as(admin()).body(Map.of("scopes", scopes)).post("/api/assistants/" + assistantId + "/service-tokens")
                .then().statusCode(201).extract().path("access_token");
    }

    @Test
    void aBotShowsTypingAndHandsTheDialogToAHumanWithItsToken() {
        long assistantId = createAssistant(unique("bot"));
        String bot = assistantToken(assistantId);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialog)) {
            as(bot).body(Map.of("state", true)).post("/api/dialogs/" + dialog + "/typing").then().statusCode(204);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> channel.received().stream()
                    .anyMatch(e -> EventType.TYPING.equals(e.type()) && "assistant".equals(e.who())
                            && Boolean.TRUE.equals(e.state())));
        }
        as(bot).body(Map.of()).post("/api/dialogs/" + dialog + "/typing").then().statusCode(400)
                .body("message", containsString("state"));
        as(bot).post("/api/dialogs/" + dialog + "/handoff").then().statusCode(200)
                .body("status", is("waiting_operator"));
        assertThat(guestMessages(assistantId, guest, dialog)).extracting(m -> m.get("sender")).containsExactly("system");

        long other = createAssistant(unique("other"));
        long foreign = openDialog(other, unique("guest"));
        as(bot).body(Map.of("state", true)).post("/api/dialogs/" + foreign + "/typing").then().statusCode(403);
        as(bot).post("/api/dialogs/" + foreign + "/handoff").then().statusCode(403);
        TestApi.Operator anna = createOperator("Anna", assistantId);
        as(anna.token()).post("/api/dialogs/" + dialog + "/handoff").then().statusCode(403);
    }

    @Test
    void aServiceTokenPublishesNotificationsAndSystemMessagesOnlyWithinItsAssistantAndScopes() {
        long assistantId = createAssistant(unique("backend"));
        TestApi.Operator anna = createOperator("Anna", assistantId);
        TestApi.Operator stranger = createOperator("Stranger", createAssistant(unique("elsewhere")));
        String service = serviceToken(assistantId, List.of("notifications:publish", "dialogs:system-messages"));

        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "notifications:" + anna.id())) {
            as(service).body(Map.of("user_id", anna.id(), "kind", "task_done", "payload", Map.of("task_id", 7)))
                    .post("/api/publish/notifications").then().statusCode(201).body("kind", is("task_done"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> channel.received().stream()
                    .anyMatch(e -> EventType.NOTIFICATION_NEW.equals(e.type())
                            && "task_done".equals(e.notification().kind())));
        }
        as(anna.token()).get("/api/notifications").then().statusCode(200)
                .body("notifications.find { it.kind == 'task_done' }.payload.task_id", is(7));
        as(service).body(Map.of("user_id", stranger.id(), "kind", "task_done"))
                .post("/api/publish/notifications").then().statusCode(403);
        as(service).body(Map.of("user_id", anna.id(), "kind", "x", "payload", List.of(1)))
                .post("/api/publish/notifications").then().statusCode(400).body("message", containsString("object"));

        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        as(service).body(Map.of("text", "Your order has shipped.")).post("/api/publish/dialogs/" + dialog + "/system-messages")
                .then().statusCode(201).body("sender", is("system"));
        assertThat(guestMessages(assistantId, guest, dialog)).extracting(m -> m.get("text"))
                .containsExactly("Your order has shipped.");
        long foreign = openDialog(createAssistant(unique("other")), unique("guest"));
        as(service).body(Map.of("text", "no")).post("/api/publish/dialogs/" + foreign + "/system-messages")
                .then().statusCode(403);

        String onlyNotes = serviceToken(assistantId, List.of("notifications:publish"));
        as(onlyNotes).body(Map.of("text", "no")).post("/api/publish/dialogs/" + dialog + "/system-messages")
                .then().statusCode(403).body("message", containsString("dialogs:system-messages"));
        // Operators' and assistants' tokens are not service tokens; a service token is nothing else.
        as(anna.token()).body(Map.of("user_id", anna.id(), "kind", "x")).post("/api/publish/notifications")
                .then().statusCode(403);
        as(service).get("/api/dialogs").then().statusCode(403);
        as(anna.token()).body(Map.of()).post("/api/assistants/" + assistantId + "/service-tokens").then().statusCode(403);
        as(admin()).body(Map.of("scopes", List.of("everything"))).post("/api/assistants/" + assistantId + "/service-tokens")
                .then().statusCode(400);
        // Rotating the assistant's tokens revokes its service tokens too.
        as(admin()).post("/api/assistants/" + assistantId + "/token/rotate").then().statusCode(201);
        as(service).body(Map.of("user_id", anna.id(), "kind", "late")).post("/api/publish/notifications")
                .then().statusCode(401).body("error", is("token_revoked"));
    }
}
