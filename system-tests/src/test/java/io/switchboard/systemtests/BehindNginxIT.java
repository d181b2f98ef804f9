package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.infra.NginxFront;
import io.switchboard.launcher.LocalSystem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real system behind a real nginx running the shipped {@code deploy/nginx} files, templated only where
 * an operator would edit them (upstream ports, listen port, log path) plus one test setting: the streams'
 * {@code proxy_read_timeout} is cut from an hour to 6 s, shorter than the 10 s a connection then stays
 * quiet, and longer than the services' 2 s pings and heartbeats. The connections survive the quiet only
 * because of those pings, which proves the keep-alive mechanism in seconds instead of minutes.
 */
class BehindNginxIT {
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static NginxFront front;
    private static int port;

    @BeforeAll
    static void startNginxInFrontOfTheSystem() {
        if (NginxFront.binary().isEmpty()) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "nginx is required under CI (apt-get install -y nginx)");
            Assumptions.abort("nginx not installed (apt-get install -y nginx); the deploy/nginx end-to-end test needs it");
        }
        LocalSystem system = FaultSystem.get();
        front = NginxFront.start(SharedSystem.projectDir(), SharedSystem.projectDir().resolve("system-tests/target/nginx"),
                system.service(MESSAGE_API).port(), system.service(ADMIN_WS).port(), system.service(WIDGET_WS).port(),
                site -> {
                    assertThat(site).contains("proxy_read_timeout 3600s;");
                    return site.replace("proxy_read_timeout 3600s;", "proxy_read_timeout 6s;");
                });
        port = front.port();
    }

    @AfterAll
    static void stopNginx() {
        if (front != null) {
            front.close();
        }
    }

    @Test
    void aMessagePostedThroughNginxReachesWebSocketAndSseThroughNginxEvenAfterTheyStayedQuietPastTheProxyTimeout()
            throws IOException {
        LocalSystem system = FaultSystem.get();
        Scenario s = new Scenario(system, "behind-nginx");
        String edge = "127.0.0.1:" + port;
        Api viaEdge = new Api("http://" + edge);
        viaEdge.takeOver(s.operator.token(), s.dialogId);
        String ticket = viaEdge.ticket(s.operator.token());
        try (WsProbe operator = WsProbe.open("ws://" + edge + "/ws/dialogs/" + s.dialogId + "?ticket=" + ticket);
             WsProbe guest = WsProbe.open("ws://" + edge + "/ws/widget/dialogs/" + s.dialogId + "?" + s.guestQuery());
             SseProbe guestSse = SseProbe.open("http://" + edge + "/api/widget/dialogs/" + s.dialogId + "/events?"
                     + s.guestQuery())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !operator.ofType("subscribed").isEmpty()
                    && !guest.ofType("subscribed").isEmpty()
                    && guestSse.lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));
            assertThat(guestSse.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");

            long first = viaEdge.guestPost(s.dialogId, s.assistantId, s.guestId, "through the proxy").get("seq").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> operator.seqs(s.dialogId).contains(first)
                    && guest.seqs(s.dialogId).contains(first) && guestSse.seqs().contains(first));

            // Quiet for longer than nginx's read timeout: only the services' pings and heartbeats pass.
            int pingsBefore = operator.pings.get();
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> !operator.isClosed() && !guest.isClosed()
                    && !guestSse.ended());
            assertThat(operator.pings.get() - pingsBefore).as("server pings during the quiet 10 s").isGreaterThanOrEqualTo(3);
            assertThat(guestSse.lines).contains(": heartbeat");

            long reply = viaEdge.operatorPost(s.operator.token(), s.dialogId, "still here after the quiet").get("seq").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> operator.seqs(s.dialogId).contains(reply)
                    && guest.seqs(s.dialogId).contains(reply) && guestSse.seqs().contains(reply));
            assertThat(guest.seqs(s.dialogId)).containsExactly(first, reply);
            assertThat(guestSse.seqs()).containsExactly(first, reply);
        }

        // nginx writes a tunnel's line when it ends, a moment after the clients hung up.
        await().atMost(Duration.ofSeconds(10)).until(() -> front.accessLog().lines()
                .filter(l -> l.contains("/ws/dialogs/" + s.dialogId) || l.contains("/ws/widget/dialogs/" + s.dialogId)
                        || l.contains("/api/widget/dialogs/" + s.dialogId + "/events")).count() >= 3);
        List<String> access = front.accessLog().lines().toList();
        List<String> leaks = new ArrayList<>();
        for (String line : access) {
            if (line.contains("?") || line.contains(ticket) || line.contains(s.operator.token())
                    || line.contains("guest_id=") || line.contains("token=") || line.contains("ticket=")) {
                leaks.add(line);
            }
        }
        assertThat(leaks).as("access log lines with a query string or a credential").isEmpty();
    }

    @Test
    void nginxPassesOnlyWebSocketUpgradesSoNoClientTunnelsPastItsRoutes() {
        String edge = "127.0.0.1:" + port;
        assertThat(Ops.statusLineOfH2cUpgrade(edge, "/api/client-config")).startsWith("HTTP/1.1 200");
        assertThat(Ops.statusLineOfH2cUpgrade(edge, "/ws")).doesNotStartWith("HTTP/1.1 101");
        assertThat(Ops.status("http://" + edge + "/q/metrics")).as("unpublished paths stay unpublished").isEqualTo(404);
    }
}
