package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Assignment shows live on every operator's dashboard (issue 14), across the real processes: message-api commits the
 * assignment and admin-ws delivers it. Both operators' {@code /ws} sockets get the {@code dialog:update} naming the
 * new holder, the assignee gets the {@code dialog_assigned} notification, and another assistant's operator hears
 * nothing of either.
 */
class AssignmentLiveIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static boolean heldBy(WsProbe ws, long dialogId, long userId) {
        return ws.ofType("dialog:update").stream().anyMatch(e -> e.path("dialog").path("id").asLong() == dialogId
                && "operator".equals(e.path("dialog").path("status").asText())
                && e.path("dialog").path("assigned_operator_id").asLong() == userId);
    }

    private static boolean assignedNotification(WsProbe ws, long dialogId) {
        return ws.ofType("notification:new").stream().anyMatch(e -> "dialog_assigned".equals(
                e.path("notification").path("kind").asText())
                && e.path("notification").path("payload").path("dialog_id").asLong() == dialogId);
    }

    @Test
    void anAssignmentAndATransferShowLiveOnBothOperatorsSocketsAndNowhereElse() {
        Scenario s = new Scenario("assign-live");
        Api.Operator other = s.api.operatorOf(s.adminToken, s.assistantId);
        long foreignAssistant = s.api.createAssistant(s.adminToken, "assign-foreign " + UUID.randomUUID());
        Api.Operator stranger = s.api.operatorOf(s.adminToken, foreignAssistant);
        assertThat(s.api.call("POST", "/api/widget/dialogs/" + s.dialogId + "/handoff?" + s.guestQuery(), null, Map.of())
                .ok().path("status").asText()).isEqualTo("waiting_operator");

        try (WsProbe first = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(s.operator.token()));
             WsProbe second = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(other.token()));
             WsProbe outsider = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(stranger.token()))) {
            await().atMost(WAIT).until(() -> !first.ofType("connected").isEmpty() && !second.ofType("connected").isEmpty()
                    && !outsider.ofType("connected").isEmpty());

            // The admin gives the waiting dialog to the second operator: both dashboards see it at once.
            JsonNode assigned = s.api.call("POST", "/api/dialogs/" + s.dialogId + "/assign", s.adminToken,
                    Map.of("user_id", other.id())).ok();
            assertThat(assigned.path("assigned_operator_id").asLong()).isEqualTo(other.id());
            await().atMost(WAIT).until(() -> heldBy(first, s.dialogId, other.id()) && heldBy(second, s.dialogId, other.id()));
            await().atMost(WAIT).until(() -> assignedNotification(second, s.dialogId));

            // The holder hands it on to the first operator: again on both sockets, and the first is notified.
            s.api.call("POST", "/api/dialogs/" + s.dialogId + "/assign", other.token(),
                    Map.of("user_id", s.operator.id())).ok();
            await().atMost(WAIT).until(() -> heldBy(first, s.dialogId, s.operator.id())
                    && heldBy(second, s.dialogId, s.operator.id()));
            await().atMost(WAIT).until(() -> assignedNotification(first, s.dialogId));

            // The other assistant's operator: no update, no notification, and no way to assign it.
            long outsidersOwn = s.api.guestDialog(foreignAssistant, "guest-" + UUID.randomUUID()).get("id").asLong();
            await().atMost(WAIT).until(() -> outsider.ofType("dialog:new").stream()
                    .anyMatch(e -> e.path("dialog").path("id").asLong() == outsidersOwn));
            assertThat(outsider.ofType("dialog:update")).noneMatch(e -> e.path("dialog").path("id").asLong() == s.dialogId);
            assertThat(outsider.ofType("notification:new")).isEmpty();
            assertThat(s.api.call("POST", "/api/dialogs/" + s.dialogId + "/assign", stranger.token(),
                    Map.of("user_id", stranger.id())).status()).isEqualTo(403);
            assertThat(first.ofType("dialog:new")).noneMatch(e -> e.path("dialog").path("id").asLong() == outsidersOwn);
        }
    }
}
