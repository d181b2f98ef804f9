package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An operator's {@code /ws} follows membership changes without a reconnect (issue 18). */
class MembershipLiveIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static boolean dialogNew(WsProbe ws, long dialogId) {
        return ws.ofType("dialog:new").stream().anyMatch(d -> d.path("dialog").path("id").asLong() == dialogId);
    }

    @Test
    void aMembershipAddedWhileTheSocketIsOpenBringsTheNewAssistantsNextDialogToThatSocketOnly() {
        Scenario s = new Scenario("membership-live");
        Api.Operator bystander = s.api.operatorOf(s.adminToken, s.assistantId);
        long newAssistant = s.api.createAssistant(s.adminToken, "membership-new " + UUID.randomUUID());
        try (WsProbe ws = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(s.operator.token()));
             WsProbe theirs = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(bystander.token()))) {
            await().atMost(WAIT).until(() -> !ws.ofType("connected").isEmpty() && !theirs.ofType("connected").isEmpty());

            assertThat(s.api.call("POST", "/api/assistants/" + newAssistant + "/members", s.adminToken,
                    Map.of("user_id", s.operator.id())).status()).isEqualTo(204);
            // The socket says when it follows the new assistant...
            await().atMost(WAIT).until(() -> ws.ofType("membership:update").stream()
                    .anyMatch(e -> e.path("assistant_id").asLong() == newAssistant
                            && "added".equals(e.path("change").asText())));

            // ...and the new assistant's next dialog arrives on it, without a reconnect.
            long dialogId = s.api.guestDialog(newAssistant, "guest-" + UUID.randomUUID()).get("id").asLong();
            await().atMost(WAIT).until(() -> dialogNew(ws, dialogId));
            assertThat(ws.isClosed()).isFalse();

            // Frames may name the new assistant's dialogs now, too.
            ws.send("{\"type\":\"subscribe\",\"dialog_id\":" + dialogId + ",\"after_seq\":0}");
            await().atMost(WAIT).until(() -> ws.ofType("subscribed").stream()
                    .anyMatch(f -> f.path("dialog_id").asLong() == dialogId));

            // An operator who is not a member hears nothing of it, and may not subscribe to it.
            theirs.send("{\"type\":\"subscribe\",\"dialog_id\":" + dialogId + ",\"after_seq\":0}");
            await().atMost(WAIT).until(() -> theirs.ofType("error").stream()
                    .anyMatch(f -> "forbidden".equals(f.path("code").asText())));
            assertThat(dialogNew(theirs, dialogId)).isFalse();
            assertThat(theirs.ofType("membership:update")).isEmpty();
        }
    }

    @Test
    void anAdminsOpenSocketFollowsAnAssistantCreatedAfterItConnected() {
        Api api = new Scenario("membership-admin").api;
        String admin = api.adminToken();
        try (WsProbe ws = WsProbe.open(SharedSystem.get().url(io.switchboard.launcher.ServiceSpec.ADMIN_WS)
                .replace("http://", "ws://") + "/ws?ticket=" + api.ticket(admin))) {
            await().atMost(WAIT).until(() -> !ws.ofType("connected").isEmpty());
            long created = api.createAssistant(admin, "created-live " + UUID.randomUUID());
            await().atMost(WAIT).until(() -> ws.ofType("membership:update").stream()
                    .anyMatch(e -> e.path("assistant_id").asLong() == created));
            JsonNode dialog = api.guestDialog(created, "guest-" + UUID.randomUUID());
            await().atMost(WAIT).until(() -> dialogNew(ws, dialog.get("id").asLong()));
        }
    }
}
