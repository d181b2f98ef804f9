package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Revoking or deleting a widget ends its guests' access everywhere: REST refuses at once, and their open sockets and
 * streams close with 4401 and a reason within 5 s, also on a second widget-ws node than the one message-api talks
 * to least. Guests of other widgets stay connected.
 */
class WidgetRevocationIT {
    private static final String SHOP = "https://shop.example.com";

    @Test
    void deletingAWidgetClosesItsGuestsSocketsAndStreamsOnEveryNodeWith4401AndRefusesTheirRest() throws Exception {
        LocalSystem system = FaultSystem.get();
        ServiceProcess second = system.startExtraInstance(WIDGET_WS);
        try {
            Scenario s = new Scenario(system, "widget-revocation");
            com.fasterxml.jackson.databind.JsonNode widget = s.api.call("POST", "/api/widgets", s.adminToken,
                    Map.of("assistant_id", s.assistantId, "allowed_domains", List.of("shop.example.com"))).ok();
            long widgetId = widget.path("id").asLong();
            String siteToken = widget.path("site_token").asText();
            long dialog = s.api.siteDialog(siteToken, "revoked-guest", SHOP).path("id").asLong();
            String query = Api.siteQuery(siteToken, "revoked-guest");
            String otherToken = s.api.call("POST", "/api/widgets", s.adminToken, Map.of("assistant_id", s.assistantId,
                    "allowed_domains", List.of("shop.example.com"))).ok().path("site_token").asText();
            long otherDialog = s.api.siteDialog(otherToken, "other-guest", SHOP).path("id").asLong();
            String secondWs = "ws://127.0.0.1:" + second.port();

            try (RawWebSocket onSecond = RawWebSocket.open(secondWs + "/ws/site/dialogs/" + dialog + "?" + query
                         + "&after_seq=0", Map.of("Origin", SHOP), 0);
                 RawWebSocket onFirst = RawWebSocket.open(s.widgetWs() + "/ws/site/dialogs/" + dialog + "?" + query
                         + "&after_seq=0", Map.of("Origin", SHOP), 0);
                 SseProbe sse = SseProbe.open(second.baseUrl() + "/api/site/dialogs/" + dialog + "/events?" + query);
                 RawWebSocket bystander = RawWebSocket.open(secondWs + "/ws/site/dialogs/" + otherDialog + "?"
                         + Api.siteQuery(otherToken, "other-guest") + "&after_seq=0", Map.of("Origin", SHOP), 0)) {
                for (RawWebSocket ws : List.of(onSecond, onFirst, bystander)) {
                    RawWebSocket.Frame f;
                    do {
                        f = ws.read(Duration.ofSeconds(10));
                        assertThat(f).as("frames until subscribed").isNotNull();
                    } while (!f.text().contains("\"type\":\"subscribed\""));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> sse.lines.stream()
                        .anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

                long deleted = System.nanoTime();
                assertThat(s.api.call("DELETE", "/api/widgets/" + widgetId, s.adminToken, null).status()).isEqualTo(204);
                // REST refuses at once.
                Api.Answer rest = s.api.call("POST", "/api/site/dialogs/" + dialog + "/messages?" + query, null,
                        Map.of("text", "after the widget was deleted"), Map.of("Origin", SHOP));
                assertThat(rest.status()).isEqualTo(403);
                // Sockets and streams on both nodes close with 4401 and the reason, within 5 s.
                for (RawWebSocket ws : List.of(onSecond, onFirst)) {
                    RawWebSocket.Ending e = ws.readUntilClose(Duration.ofSeconds(5));
                    assertThat(e.code()).isEqualTo(4401);
                    assertThat(e.reason()).isEqualTo("site token revoked (revoked)");
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> sse.lines.stream()
                        .anyMatch(l -> l.startsWith(": closed 4401 site token revoked (revoked)")) || sse.ended());
                assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(Duration.ofSeconds(6));
                // Another widget's guest on the same node keeps its socket.
                s.api.call("POST", "/api/site/dialogs/" + otherDialog + "/messages?"
                        + Api.siteQuery(otherToken, "other-guest"), null, Map.of("text", "still here"),
                        Map.of("Origin", SHOP)).ok();
                RawWebSocket.Frame f;
                do {
                    f = bystander.read(Duration.ofSeconds(5));
                    assertThat(f).as("the other widget's guest still receives").isNotNull();
                } while (!f.text().contains("still here"));
            }
        } finally {
            second.stop(Duration.ofSeconds(10));
        }
    }
}
