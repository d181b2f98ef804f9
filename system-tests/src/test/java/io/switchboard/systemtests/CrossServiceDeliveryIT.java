package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message travels writer → message-api → PostgreSQL + Redis → socket services → every screen. */
class CrossServiceDeliveryIT {

    @Test
    void aGuestMessageReachesTheOperatorsSocketsWellUnderHalfASecondAndTheReplyReachesTheWidget() {
        Scenario s = new Scenario("delivery");
        // The operator holds the dialog before replying (the handoff lock); its "joined" message is seq 1.
        s.api.takeOver(s.operator.token(), s.dialogId);
        try (WsProbe dialogSocket = s.operatorDialogSocket(1);
             WsProbe userSocket = WsProbe.open(s.adminWs() + "/ws?token=" + s.operator.token());
             WsProbe widgetSocket = s.widgetSocket(1);
             SseProbe widgetSse = s.widgetSse()) {
            userSocket.send("{\"type\":\"subscribe\",\"dialog_id\":" + s.dialogId + ",\"after_seq\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !dialogSocket.ofType("subscribed").isEmpty()
                    && !userSocket.ofType("subscribed").isEmpty() && !widgetSocket.ofType("subscribed").isEmpty()
                    && widgetSse.lines.contains("retry: 5000"));

            // The first message through a fresh JVM pays for class loading and JIT; a person sends
            // many, so the figure that matters is the warm one.
            long warmUp = s.guestPost("warm-up");
            await().atMost(Duration.ofSeconds(5)).until(() -> dialogSocket.seqs(s.dialogId).contains(warmUp)
                    && widgetSse.seqs().contains(warmUp));

            long before = System.nanoTime();
            long seq = s.guestPost("Hello, I need help with my order");

            await().atMost(Duration.ofSeconds(5)).until(() -> dialogSocket.seqs(s.dialogId).contains(seq)
                    && userSocket.seqs(s.dialogId).contains(seq));
            assertThat(millisUntil(dialogSocket, seq, before)).isLessThan(500);
            assertThat(millisUntil(userSocket, seq, before)).isLessThan(500);
            JsonNode msg = dialogSocket.ofType("message:new").get(1).path("message");
            assertThat(msg.path("text").asText()).isEqualTo("Hello, I need help with my order");
            assertThat(msg.path("sender").asText()).isEqualTo("user");
            await().atMost(Duration.ofSeconds(5)).until(() -> userSocket.ofType("dialog:update").stream()
                    .anyMatch(u -> u.path("dialog_id").asLong() == s.dialogId));

            long reply = s.api.operatorPost(s.operator.token(), s.dialogId, "Happy to help!").get("seq").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> widgetSocket.seqs(s.dialogId).contains(reply)
                    && widgetSse.seqs().contains(reply));
            assertThat(widgetSocket.seqs(s.dialogId)).containsExactly(warmUp, seq, reply);
            assertThat(widgetSse.seqs()).containsExactly(warmUp, seq, reply);
            assertThat(widgetSse.events).filteredOn(e -> "message:new".equals(e.data().path("type").asText()))
                    .extracting(SseProbe.Event::id)
                    .containsExactly(Long.toString(warmUp), Long.toString(seq), Long.toString(reply));
        }
    }

    @Test
    void operatorsOfAnotherAssistantSeeNothingOfTheDialog() {
        Scenario s = new Scenario("isolation");
        long otherAssistant = s.api.createAssistant(s.adminToken, "other " + s.guestId);
        Api.Operator stranger = s.api.operatorOf(s.adminToken, otherAssistant);
        try (WsProbe strangerSocket = WsProbe.open(s.adminWs() + "/ws?token=" + stranger.token());
             WsProbe ownSocket = WsProbe.open(s.adminWs() + "/ws?token=" + s.operator.token())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !strangerSocket.ofType("connected").isEmpty()
                    && !ownSocket.ofType("connected").isEmpty());
            s.guestPost("private question");
            await().atMost(Duration.ofSeconds(5)).until(() -> ownSocket.ofType("dialog:update").stream()
                    .anyMatch(u -> u.path("dialog_id").asLong() == s.dialogId));
            // A marker on the stranger's own assistant proves its socket is live and has caught up.
            long strangerDialog = s.api.guestDialog(otherAssistant, "marker-" + s.guestId).get("id").asLong();
            s.api.guestPost(strangerDialog, otherAssistant, "marker-" + s.guestId, "marker");
            await().atMost(Duration.ofSeconds(5)).until(() -> strangerSocket.ofType("dialog:update").stream()
                    .anyMatch(u -> u.path("dialog_id").asLong() == strangerDialog));
            List<JsonNode> leaked = strangerSocket.frames.stream().map(WsProbe.Frame::json)
                    .filter(f -> f.path("dialog_id").asLong() == s.dialogId).toList();
            assertThat(leaked).isEmpty();
        }
    }

    private static long millisUntil(WsProbe probe, long seq, long startNanos) {
        return probe.frames.stream()
                .filter(f -> "message:new".equals(f.json().path("type").asText()) && f.json().path("seq").asLong() == seq)
                .mapToLong(f -> (f.receivedNanos() - startNanos) / 1_000_000).findFirst().orElseThrow();
    }
}
