package io.switchboard.api;

import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
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

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class DialogListTest {
    @Inject
    RedisDataSource redis;

    @Test
    void dialogWithTheNewestMessageJumpsToTheTopWithItsPreviewAndUnreadCount() {
        long assistantId = createAssistant(unique("list"));
        TestApi.Operator op = createOperator("Lena", assistantId);
        String olderGuest = unique("older");
        long older = openDialog(assistantId, olderGuest);
        long newer = openDialog(assistantId, unique("newer"));
        assertThat(ids(op, "")).containsExactly(newer, older);

        guestPost(assistantId, olderGuest, older, Map.of("text", "Hello?\nAnyone there?")).then().statusCode(201);

        List<Map<String, Object>> dialogs = as(op.token()).get("/api/dialogs?assistant_id=" + assistantId)
                .then().statusCode(200).extract().jsonPath().getList("dialogs");
        assertThat(dialogs).extracting(d -> ((Number) d.get("id")).longValue()).containsExactly(older, newer);
        assertThat(dialogs.get(0)).containsEntry("unread", 1).containsEntry("last_seq", 1)
                .containsEntry("last_message_preview", "Hello? Anyone there?")
                .containsEntry("last_message_sender", "user").containsEntry("status", "bot")
                .containsEntry("guest_label", TestApi.guestLabel(assistantId, olderGuest)).doesNotContainKey("guest_id");
    }

    @Test
    void listCanBeFilteredByStatusAndRejectsUnknownStatuses() {
        long assistantId = createAssistant(unique("filter"));
        TestApi.Operator op = createOperator("Finn", assistantId);
        long taken = openDialog(assistantId, unique("g"));
        long waiting = openDialog(assistantId, unique("g"));
        as(op.token()).post("/api/dialogs/" + taken + "/takeover").then().statusCode(200);

        assertThat(ids(op, "&status=operator")).containsExactly(taken);
        assertThat(ids(op, "&status=bot")).containsExactly(waiting);
        as(op.token()).get("/api/dialogs?status=sleeping").then().statusCode(400).body("error", is("validation"))
                .body("message", is("status must be one of bot, waiting_operator, operator, closed."));
    }

    @Test
    void operatorsHearAboutNewDialogsAndNewMessagesOnTheAssistantChannel() {
        long assistantId = createAssistant(unique("events"));
        String guest = unique("g");
        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:assistant:" + assistantId)) {
            long dialogId = openDialog(assistantId, guest);
            guestPost(assistantId, guest, dialogId, Map.of("text", "first words")).then().statusCode(201);

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> channel.received().size() >= 2);
            List<Envelope> events = channel.received();
            assertThat(events.get(0).type()).isEqualTo(EventType.DIALOG_NEW);
            assertThat(events.get(0).dialog().id()).isEqualTo(dialogId);
            assertThat(events.get(1).type()).isEqualTo(EventType.DIALOG_UPDATE);
            assertThat(events.get(1).dialog().lastMessagePreview()).isEqualTo("first words");
            assertThat(events.get(1).dialog().unread()).isEqualTo(1L);
        }
    }

    private static List<Long> ids(TestApi.Operator op, String query) {
        List<Number> ids = as(op.token()).get("/api/dialogs?limit=50" + query).then().statusCode(200)
                .extract().jsonPath().getList("dialogs.id");
        return ids.stream().map(Number::longValue).toList();
    }
}
