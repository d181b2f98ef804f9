package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocations reach open connections on every node: the affected sockets and SSE streams sit on a second admin-ws
 * node while message-api (which only talks to Redis and PostgreSQL) revokes; each closes within 5 s with the
 * documented code and reason, and REST refuses the credential at once.
 */
class StaffRevocationIT {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static LocalSystem system;
    private static ServiceProcess second;

    @BeforeAll
    static void secondNode() {
        system = FaultSystem.get();
        second = system.startExtraInstance(ADMIN_WS);
    }

    private static String ws(String pathAndQuery) {
        return "ws://127.0.0.1:" + second.port() + pathAndQuery;
    }

    private static String http(String pathAndQuery) {
        return second.baseUrl() + pathAndQuery;
    }

    private static void awaitOpen(WsProbe socket, SseProbe sse) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !socket.ofType("connected").isEmpty()
                && sse.lines.stream().anyMatch(l -> l.contains("\"type\":\"connected\"")));
    }

    /** Both closed within 5 s of the revocation, with this code and reason. */
    private static void awaitClosed(WsProbe socket, SseProbe sse, int code, String reason) {
        await().atMost(WITHIN).until(() -> socket.isClosed() && sse.ended());
        assertThat(socket.closeCodeNow()).isEqualTo(code);
        assertThat(socket.closeReason).isEqualTo(reason);
        assertThat(sse.lines).contains(": closed " + code + " " + reason);
    }

    @Test
    void deactivatingAUserClosesItsSocketAndStreamOnTheOtherNodeWith4401() {
        Scenario s = new Scenario(system, "revoke-deactivate");
        try (WsProbe socket = WsProbe.open(ws("/ws/dialogs/" + s.dialogId + "?ticket=" + s.api.ticket(s.operator.token())));
             SseProbe sse = SseProbe.open(http("/api/events?token=" + s.operator.token()))) {
            awaitOpen(socket, sse);

            assertThat(s.api.call("POST", "/api/users/" + s.operator.id() + "/deactivate", s.adminToken, null).status())
                    .isEqualTo(200);

            Api.Answer rest = s.api.call("GET", "/api/dialogs/" + s.dialogId, s.operator.token(), null);
            assertThat(rest.status()).isEqualTo(401);
            assertThat(rest.body().path("error").asText()).isEqualTo("account_deactivated");
            awaitClosed(socket, sse, 4401, "account deactivated");
        }
        // The credential opens nothing new on that node either.
        try (WsProbe again = WsProbe.open(ws("/ws?token=" + s.operator.token()))) {
            await().atMost(WITHIN).until(again::isClosed);
            assertThat(again.closeCodeNow()).isEqualTo(4401);
        }
    }

    @Test
    void signingOutClosesTheUsersSocketOnTheOtherNodeWith4401() {
        Scenario s = new Scenario(system, "revoke-logout");
        try (WsProbe socket = WsProbe.open(ws("/ws?token=" + s.operator.token()));
             SseProbe sse = SseProbe.open(http("/api/dialogs/" + s.dialogId + "/events?token=" + s.operator.token()))) {
            awaitOpen(socket, sse);
            assertThat(s.api.call("POST", "/api/auth/logout", s.operator.token(), null).status()).isEqualTo(204);
            assertThat(s.api.call("GET", "/api/assistants", s.operator.token(), null).body().path("error").asText())
                    .isEqualTo("token_revoked");
            awaitClosed(socket, sse, 4401, "signed out");
        }
    }

    @Test
    void removingAMemberClosesItsOperatorStreamsOnTheOtherNodeWith4403() {
        Scenario s = new Scenario(system, "revoke-member");
        try (WsProbe socket = WsProbe.open(ws("/ws?token=" + s.operator.token()));
             SseProbe sse = SseProbe.open(http("/api/events?token=" + s.operator.token()))) {
            awaitOpen(socket, sse);

            assertThat(s.api.call("DELETE", "/api/assistants/" + s.assistantId + "/members/" + s.operator.id(),
                    s.adminToken, null).status()).isEqualTo(204);

            assertThat(s.api.call("GET", "/api/dialogs/" + s.dialogId, s.operator.token(), null).status())
                    .isEqualTo(403);
            awaitClosed(socket, sse, 4403, "removed from assistant " + s.assistantId);
        }
        // Reconnecting, the dialog of that assistant is refused.
        try (WsProbe again = WsProbe.open(ws("/ws/dialogs/" + s.dialogId + "?token=" + s.operator.token()))) {
            await().atMost(WITHIN).until(again::isClosed);
            assertThat(again.closeCodeNow()).isEqualTo(4403);
        }
    }

    @Test
    void rotatingAnAssistantTokenClosesTheBotsSocketAndStreamOnTheOtherNodeWith4401() {
        Scenario s = new Scenario(system, "revoke-bot");
        String bot = s.api.call("POST", "/api/assistants/" + s.assistantId + "/token", s.adminToken, null).ok()
                .path("access_token").asText();
        try (WsProbe socket = WsProbe.open(ws("/ws/dialogs/" + s.dialogId + "?token=" + bot));
             SseProbe sse = SseProbe.open(http("/api/dialogs/" + s.dialogId + "/events?token=" + bot))) {
            awaitOpen(socket, sse);

            String rotated = s.api.call("POST", "/api/assistants/" + s.assistantId + "/token/rotate", s.adminToken,
                    null).ok().path("access_token").asText();

            Api.Answer stale = s.api.call("POST", "/api/dialogs/" + s.dialogId + "/messages", bot,
                    Map.of("text", "stale bot"));
            assertThat(stale.status()).isEqualTo(401);
            assertThat(stale.body().path("error").asText()).isEqualTo("token_revoked");
            assertThat(s.api.call("POST", "/api/dialogs/" + s.dialogId + "/messages", rotated,
                    Map.of("text", "fresh bot")).status()).isEqualTo(201);
            awaitClosed(socket, sse, 4401, "assistant token rotated");
        }
    }
}
