package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's presence is the sum of their connections on every admin-ws node, kept in Redis: right while a node
 * lives, and right after one is killed with {@code kill -9} (its connections lapse; the fault system's lapse is 5 s).
 * Real processes: two extra admin-ws nodes besides the fault system's own, message-api answering
 * {@code GET /api/presence}, and the colleagues' dashboards hearing {@code presence:update}.
 */
class PresenceIT {
    /** The fault system's {@code SWITCHBOARD_PRESENCE_LAPSE}. */
    private static final Duration LAPSE = Duration.ofSeconds(5);

    private static String state(Scenario s, String token, long userId) {
        JsonNode members = s.api.call("GET", "/api/presence?assistant_id=" + s.assistantId, token, null).ok()
                .path("members");
        for (JsonNode m : members) {
            if (m.path("user_id").asLong() == userId) {
                return m.path("state").asText();
            }
        }
        throw new AssertionError("user " + userId + " is not among the members: " + members);
    }

    private static WsProbe userSocket(String wsBase, String token) {
        WsProbe p = WsProbe.open(wsBase + "/ws?token=" + token);
        await().atMost(Duration.ofSeconds(10)).until(() -> !p.ofType("connected").isEmpty());
        return p;
    }

    private static List<String> updates(WsProbe socket, long userId) {
        return socket.ofType("presence:update").stream().filter(e -> e.path("user_id").asLong() == userId)
                .map(e -> e.path("presence").asText()).toList();
    }

    @Test
    void presenceIsRightAcrossTwoNodesIncludingOneKilledWithKill9() {
        LocalSystem system = FaultSystem.get();
        ServiceProcess node1 = system.startExtraInstance(ADMIN_WS);
        ServiceProcess node2 = system.startExtraInstance(ADMIN_WS);
        Scenario s = new Scenario(system, "presence");
        Api.Operator colleague = s.api.operatorOf(s.adminToken, s.assistantId);
        Scenario stranger = new Scenario(system, "presence-other-assistant");
        String ws1 = "ws://127.0.0.1:" + node1.port();
        String ws2 = "ws://127.0.0.1:" + node2.port();
        long op = s.operator.id();
        try (WsProbe colleagueDashboard = userSocket(s.adminWs(), colleague.token());
             WsProbe strangerDashboard = userSocket(stranger.adminWs(), stranger.operator.token())) {
            assertThat(state(s, colleague.token(), op)).isEqualTo("offline");

            WsProbe onNode1 = userSocket(ws1, s.operator.token());
            await().atMost(Duration.ofSeconds(5)).until(() -> state(s, colleague.token(), op).equals("online"));
            await().atMost(Duration.ofSeconds(5)).until(() -> updates(colleagueDashboard, op).contains("online"));

            try (WsProbe onNode2 = userSocket(ws2, s.operator.token())) {
                node1.kill();
                assertThat(node1.isAlive()).isFalse();
                // Node 1's connection lapses after LAPSE; node 2's keeps the operator online throughout.
                await().during(LAPSE.plusSeconds(2)).atMost(LAPSE.plusSeconds(10))
                        .until(() -> state(s, colleague.token(), op).equals("online"));
                assertThat(onNode1.isClosed()).isTrue();
            }
            // Closing the last connection removes it at once: offline without waiting for a lapse.
            await().atMost(Duration.ofSeconds(3)).until(() -> state(s, colleague.token(), op).equals("offline"));
            await().atMost(Duration.ofSeconds(5)).until(() -> updates(colleagueDashboard, op).contains("offline"));

            // Every node the operator is connected to killed: offline within the lapse (plus a refresh and a read).
            WsProbe again = userSocket(ws2, s.operator.token());
            await().atMost(Duration.ofSeconds(5)).until(() -> state(s, colleague.token(), op).equals("online"));
            long killed = System.nanoTime();
            node2.kill();
            await().atMost(LAPSE.plusSeconds(3)).until(() -> state(s, colleague.token(), op).equals("offline"));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(LAPSE.plusSeconds(3));
            assertThat(again.isClosed()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> updates(colleagueDashboard, op)
                    .equals(List.of("online", "offline", "online", "offline")));

            // Away by hand, on the surviving node of the system.
            try (WsProbe onMain = userSocket(s.adminWs(), s.operator.token())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> state(s, colleague.token(), op).equals("online"));
                s.api.call("PUT", "/api/presence/me", s.operator.token(), Map.of("state", "away")).ok();
                assertThat(state(s, colleague.token(), op)).isEqualTo("away");
                await().atMost(Duration.ofSeconds(5)).until(() -> updates(colleagueDashboard, op).contains("away"));
                s.api.call("PUT", "/api/presence/me", s.operator.token(), Map.of("state", "online")).ok();
                assertThat(state(s, colleague.token(), op)).isEqualTo("online");
            }

            // Another assistant's operator neither reads nor hears this assistant's presence.
            assertThat(s.api.call("GET", "/api/presence?assistant_id=" + s.assistantId, stranger.operator.token(), null)
                    .status()).isEqualTo(403);
            assertThat(strangerDashboard.ofType("presence:update"))
                    .noneMatch(e -> e.path("user_id").asLong() == op || e.path("assistant_id").asLong() == s.assistantId);
        } finally {
            node1.kill();
            node2.kill();
        }
    }
}
