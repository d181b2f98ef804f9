package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
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
import io.switchboard.presence.PresenceKeys;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Assignment (issue 14): assigning and transferring by hand, the dashboard's views with their counts, and automatic
 * assignment to online members. Walls between assistants hold on each.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AssignmentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RedisDataSource redis;

    long assistantId;
    TestApi.Operator anna;
    TestApi.Operator ben;
    TestApi.Operator lead;

    @BeforeEach
    void team() {
        assistantId = createAssistant(unique("assign"));
        anna = createOperator("Anna", assistantId);
        ben = createOperator("Ben", assistantId);
        lead = createOperator("Lead");
        as(admin()).body(Map.of("user_id", lead.id(), "role", "admin")).post("/api/assistants/" + assistantId + "/members")
                .then().statusCode(204);
    }

    @Test
    void anAssistantAdminAssignsAWaitingDialogTheAssigneeHoldsItAndIsNotified() {
        String guest = unique("guest");
        long dialogId = openDialog(assistantId, guest);
        handoff(assistantId, guest, dialogId);
        try (RedisChannelRecorder team = new RedisChannelRecorder(redis, "ws:assistant:" + assistantId);
             RedisChannelRecorder bens = new RedisChannelRecorder(redis, "notifications:" + ben.id())) {
            as(lead.token()).body(Map.of("user_id", ben.id())).post("/api/dialogs/" + dialogId + "/assign")
                    .then().statusCode(200).body("status", is("operator"))
                    .body("assigned_operator_id", is((int) ben.id()));

            Awaitility.await().atMost(WAIT).until(() -> team.ofType(EventType.DIALOG_UPDATE).stream()
                    .anyMatch(e -> e.dialog().id() == dialogId && Long.valueOf(ben.id()).equals(e.dialog().assignedOperatorId())));
            Awaitility.await().atMost(WAIT).until(() -> !bens.ofType(EventType.NOTIFICATION_NEW).isEmpty());
            Envelope n = bens.ofType(EventType.NOTIFICATION_NEW).get(0);
            assertThat(n.notification().kind()).isEqualTo("dialog_assigned");
            assertThat(n.notification().payload().get("dialog_id").asLong()).isEqualTo(dialogId);
            assertThat(n.notification().payload().get("by_name").asText()).isEqualTo("Lead");
            assertThat(n.notification().payload().get("auto").asBoolean()).isFalse();
        }
        // The guest reads who joined; Ben writes at once (he holds it), Anna does not.
        assertThat(guestMessages(assistantId, guest, dialogId)).extracting(m -> m.get("text"))
                .contains("Ben joined the conversation.");
        TestApi.staffPost(ben.token(), dialogId, Map.of("text", "Hi, Ben here")).then().statusCode(201);
        TestApi.staffPost(anna.token(), dialogId, Map.of("text", "me too")).then().statusCode(409)
                .body("error", is("held_by_other_operator"));
        // Assigning again to the holder changes nothing and writes no second line.
        as(lead.token()).body(Map.of("user_id", ben.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(200).body("assigned_operator_id", is((int) ben.id()));
        assertThat(guestMessages(assistantId, guest, dialogId)).extracting(m -> m.get("text"))
                .filteredOn("Ben joined the conversation."::equals).hasSize(1);
    }

    @Test
    void theHolderTransfersAnOperatorWhoIsNeitherHolderNorAdminIsRefused() {
        long dialogId = openDialog(assistantId, unique("guest"));
        // Not the holder, not an admin of the assistant: 403, nothing changes.
        as(anna.token()).body(Map.of("user_id", ben.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(403).body("error", is("forbidden"));
        // To oneself: a takeover.
        as(anna.token()).body(Map.of("user_id", anna.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(200).body("status", is("operator")).body("assigned_operator_id", is((int) anna.id()));
        // The holder hands it on.
        as(anna.token()).body(Map.of("user_id", ben.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(200).body("assigned_operator_id", is((int) ben.id()));
        // Anna no longer holds it: she may not move it back, nor take it from Ben.
        as(anna.token()).body(Map.of("user_id", anna.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(409).body("error", is("already_taken"));
        as(anna.token()).body(Map.of("user_id", lead.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(403);
        // Bad input: no body, no user id, a closed dialog.
        as(ben.token()).post("/api/dialogs/" + dialogId + "/assign").then().statusCode(400).body("error", is("validation"));
        as(ben.token()).body(Map.of()).post("/api/dialogs/" + dialogId + "/assign").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("user_id"));
        as(ben.token()).post("/api/dialogs/" + dialogId + "/close").then().statusCode(200);
        as(admin()).body(Map.of("user_id", anna.id())).post("/api/dialogs/" + dialogId + "/assign")
                .then().statusCode(409).body("error", is("dialog_closed"));
    }

    @Test
    void assistantsAreWalledOffNoAssigningAcrossThemNoAssigneeFromOutsideNoDialogInAnyView() {
        long other = createAssistant(unique("assign-other"));
        TestApi.Operator stranger = createOperator("Stranger", other);
        long theirs = openDialog(other, unique("guest"));
        long ours = openDialog(assistantId, unique("guest"));

        // An admin of A cannot assign B's dialog (not even to B's own member).
        as(lead.token()).body(Map.of("user_id", stranger.id())).post("/api/dialogs/" + theirs + "/assign")
                .then().statusCode(403);
        // Nor give A's dialog to someone who is not A's member: 422 with the reason.
        as(lead.token()).body(Map.of("user_id", stranger.id())).post("/api/dialogs/" + ours + "/assign")
                .then().statusCode(422).body("error", is("not_a_member"))
                .body("message", org.hamcrest.Matchers.containsString("not a member"));
        as(admin()).body(Map.of("user_id", 987_654_321L)).post("/api/dialogs/" + ours + "/assign")
                .then().statusCode(422).body("error", is("not_a_member"));
        // Who may get A's dialog: A's members only; B's dialog's list is closed to A's operators.
        List<Integer> candidates = as(anna.token()).get("/api/dialogs/" + ours + "/assignees").then().statusCode(200)
                .body("can_assign", is(false)).extract().jsonPath().getList("assignees.id");
        assertThat(candidates).containsExactlyInAnyOrder((int) anna.id(), (int) ben.id(), (int) lead.id());
        as(anna.token()).get("/api/dialogs/" + theirs + "/assignees").then().statusCode(403);
        // Neither shows up in any view of the other side.
        as(stranger.token()).post("/api/dialogs/" + theirs + "/takeover").then().statusCode(200);
        for (String view : List.of("mine", "unassigned", "waiting", "all")) {
            assertThat(ids(lead.token(), view)).doesNotContain(theirs);
            assertThat(ids(stranger.token(), view)).doesNotContain(ours);
        }
        assertThat(ids(stranger.token(), "mine")).containsExactly(theirs);
        as(lead.token()).get("/api/dialogs?view=mine&assistant_id=" + other).then().statusCode(403);
    }

    @Test
    void viewsAreFilteredOnTheServerWithCountsAndNoViewKeepsTheOldAnswer() {
        String waitingGuest = unique("guest");
        long waiting = openDialog(assistantId, waitingGuest);
        handoff(assistantId, waitingGuest, waiting);
        long withBot = openDialog(assistantId, unique("guest"));
        long annas = openDialog(assistantId, unique("guest"));
        long bens = openDialog(assistantId, unique("guest"));
        long closed = openDialog(assistantId, unique("guest"));
        TestApi.takeOver(anna.token(), annas);
        TestApi.takeOver(ben.token(), bens);
        TestApi.takeOver(anna.token(), closed);
        as(anna.token()).post("/api/dialogs/" + closed + "/close").then().statusCode(200);

        assertThat(ids(anna.token(), "mine")).containsExactly(annas);
        assertThat(ids(anna.token(), "unassigned")).containsExactlyInAnyOrder(waiting, withBot);
        assertThat(ids(anna.token(), "waiting")).containsExactly(waiting);
        assertThat(ids(anna.token(), "all")).containsExactlyInAnyOrder(waiting, withBot, annas, bens, closed);
        assertThat(ids(ben.token(), "mine")).containsExactly(bens);

        JsonPath answer = as(anna.token()).get("/api/dialogs?view=mine").then().statusCode(200)
                .body("view", is("mine")).extract().jsonPath();
        assertThat(answer.getMap("counts")).containsEntry("mine", 1).containsEntry("unassigned", 2)
                .containsEntry("waiting", 1).containsEntry("all", 4);
        // Without a view: the list as before, no counts.
        as(anna.token()).get("/api/dialogs").then().statusCode(200).body("counts", nullValue()).body("view", nullValue());
        as(anna.token()).get("/api/dialogs?view=everything").then().statusCode(400).body("error", is("validation"))
                .body("message", org.hamcrest.Matchers.containsString("mine, unassigned, waiting, all"));
        // A view and a status narrow together.
        assertThat(as(anna.token()).get("/api/dialogs?view=all&status=closed").then().statusCode(200)
                .extract().jsonPath().getList("dialogs.id", Long.class)).containsExactly(closed);
    }

    @Test
    void thePolicyBelongsToTheAssistantsAdminsAndIsValidated() {
        as(admin()).get("/api/assistants/" + assistantId + "/assignment").then().statusCode(200)
                .body("enabled", is(false)).body("max_open_per_operator", is(5));
        as(anna.token()).get("/api/assistants/" + assistantId + "/assignment").then().statusCode(403);
        as(anna.token()).body(Map.of("enabled", true)).put("/api/assistants/" + assistantId + "/assignment")
                .then().statusCode(403);
        as(lead.token()).body(Map.of("enabled", true, "max_open_per_operator", 0))
                .put("/api/assistants/" + assistantId + "/assignment").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("between 1 and 100"));
        as(lead.token()).body(Map.of("max_open_per_operator", 2)).put("/api/assistants/" + assistantId + "/assignment")
                .then().statusCode(200).body("enabled", is(false)).body("max_open_per_operator", is(2));
        as(lead.token()).body(Map.of("enabled", true)).put("/api/assistants/" + assistantId + "/assignment")
                .then().statusCode(200).body("enabled", is(true)).body("max_open_per_operator", is(2));
        long other = createAssistant(unique("assign-other"));
        as(lead.token()).get("/api/assistants/" + other + "/assignment").then().statusCode(403);
        as(admin()).get("/api/assistants/987654321/assignment").then().statusCode(404);
    }

    @Test
    void waitingDialogsGoRoundRobinToOnlineMembersUpToTheCapAndTheRestWhenAPlaceFrees() {
        // Lead stays offline; Anna and Ben are online.
        online(anna.id());
        online(ben.id());
        as(lead.token()).body(Map.of("enabled", true, "max_open_per_operator", 1))
                .put("/api/assistants/" + assistantId + "/assignment").then().statusCode(200);

        String g1 = unique("guest");
        long d1 = openDialog(assistantId, g1);
        try (RedisChannelRecorder annas = new RedisChannelRecorder(redis, "notifications:" + anna.id())) {
            handoff(assistantId, g1, d1);
            long first = awaitAssigned(d1);
            assertThat(first).isIn(anna.id(), ben.id());
            String g2 = unique("guest");
            long d2 = openDialog(assistantId, g2);
            handoff(assistantId, g2, d2);
            long second = awaitAssigned(d2);
            assertThat(second).as("the next member in the rotation").isNotEqualTo(first).isIn(anna.id(), ben.id());
            // The online member's notification says it came by itself.
            Awaitility.await().atMost(WAIT).until(() -> annas.ofType(EventType.NOTIFICATION_NEW).stream()
                    .anyMatch(e -> "dialog_assigned".equals(e.notification().kind())
                            && e.notification().payload().get("auto").asBoolean()));
            // Both at the cap: the third waits.
            String g3 = unique("guest");
            long d3 = openDialog(assistantId, g3);
            handoff(assistantId, g3, d3);
            Awaitility.await().during(Duration.ofMillis(2500)).atMost(WAIT).until(() -> "waiting_operator".equals(status(d3)));
            // Anna closes hers: the sweep gives her the waiting one.
            long annasDialog = first == anna.id() ? d1 : d2;
            as(anna.token()).post("/api/dialogs/" + annasDialog + "/close").then().statusCode(200);
            assertThat(awaitAssigned(d3)).isEqualTo(anna.id());
        }
        assertThat(ids(anna.token(), "mine")).hasSize(1);
    }

    @Test
    void nobodyOnlineNothingAssignedUntilSomeoneComesOnlineAndAnAwayMemberIsSkipped() {
        as(admin()).body(Map.of("enabled", true, "max_open_per_operator", 3))
                .put("/api/assistants/" + assistantId + "/assignment").then().statusCode(200);
        online(ben.id());
        // Ben set himself away by hand: connected, but not given dialogs.
        redis.value(String.class).setex(PresenceKeys.away(ben.id()), 600, "1");
        String g = unique("guest");
        long d = openDialog(assistantId, g);
        handoff(assistantId, g, d);
        Awaitility.await().during(Duration.ofMillis(2500)).atMost(WAIT).until(() -> "waiting_operator".equals(status(d)));
        online(anna.id());
        assertThat(awaitAssigned(d)).isEqualTo(anna.id());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * Marks the operator online the way admin-ws does (the presence writer arrives with the presence branch): a live
     * connection in {@code presence:op:{id}} scored by when it lapses, and fresh activity.
     */
    private void online(long userId) {
        long now = System.currentTimeMillis();
        redis.sortedSet(String.class).zadd(PresenceKeys.operator(userId), now + 600_000, "test-node:" + userId);
        redis.value(String.class).set(PresenceKeys.active(userId), Long.toString(now));
    }

    private static void handoff(long assistantId, String guest, long dialogId) {
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guest))
                .post("/api/widget/dialogs/" + dialogId + "/handoff").then().statusCode(200);
    }

    private static String status(long dialogId) {
        return as(admin()).get("/api/dialogs/" + dialogId).then().statusCode(200).extract().path("status");
    }

    private static long awaitAssigned(long dialogId) {
        Awaitility.await().atMost(WAIT).until(() -> "operator".equals(status(dialogId)));
        return as(admin()).get("/api/dialogs/" + dialogId).then().statusCode(200).extract().jsonPath()
                .getLong("assigned_operator_id");
    }

    static List<Long> ids(String token, String view) {
        return as(token).get("/api/dialogs?limit=500&view=" + view).then().statusCode(200).extract().jsonPath()
                .getList("dialogs.id", Long.class);
    }
}
