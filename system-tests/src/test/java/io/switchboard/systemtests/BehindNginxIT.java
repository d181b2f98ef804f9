package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.infra.FreePorts;
import io.switchboard.launcher.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static Path dir;
    private static Process nginx;
    private static int port;

    @BeforeAll
    static void startNginxInFrontOfTheSystem() throws Exception {
        Path binary = nginxBinary();
        if (binary == null) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "nginx is required under CI (apt-get install -y nginx)");
            Assumptions.abort("nginx not installed (apt-get install -y nginx); the deploy/nginx end-to-end test needs it");
        }
        LocalSystem system = FaultSystem.get();
        dir = SharedSystem.projectDir().resolve("system-tests/target/nginx");
        Files.createDirectories(dir);
        port = FreePorts.find();
        Path shipped = SharedSystem.projectDir().resolve("deploy/nginx");
        String upstreams = Files.readString(shipped.resolve("switchboard-upstreams.conf"))
                .replace("127.0.0.1:8080", "127.0.0.1:" + port(system, MESSAGE_API))
                .replace("127.0.0.1:8081", "127.0.0.1:" + port(system, ADMIN_WS))
                .replace("127.0.0.1:8082", "127.0.0.1:" + port(system, WIDGET_WS));
        Files.writeString(dir.resolve("switchboard-upstreams.conf"), upstreams);
        String site = Files.readString(shipped.resolve("switchboard.conf"));
        assertThat(site).contains("listen 80;", "/var/log/nginx/switchboard-access.log", "proxy_read_timeout 3600s;");
        site = site.replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("/var/log/nginx/switchboard-access.log", dir.resolve("access.log").toString())
                .replace("proxy_read_timeout 3600s;", "proxy_read_timeout 6s;");
        Files.writeString(dir.resolve("switchboard.conf"), site);
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    access_log off;
                    include switchboard-upstreams.conf;
                    include switchboard.conf;
                }
                """.formatted(dir));
        Files.deleteIfExists(dir.resolve("access.log"));
        nginx = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString(), "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(nginx.isAlive()).as("nginx runs; see %s", dir.resolve("error.log")).isTrue();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    @Test
    void aMessagePostedThroughNginxReachesWebSocketAndSseThroughNginxEvenAfterTheyStayedQuietPastTheProxyTimeout()
            throws IOException {
        LocalSystem system = FaultSystem.get();
        Scenario s = new Scenario(system, "behind-nginx");
        String edge = "127.0.0.1:" + port;
        Api viaEdge = new Api("http://" + edge);
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
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(dir.resolve("access.log")).stream()
                .filter(l -> l.contains("/ws/dialogs/" + s.dialogId) || l.contains("/ws/widget/dialogs/" + s.dialogId)
                        || l.contains("/api/widget/dialogs/" + s.dialogId + "/events")).count() >= 3);
        List<String> access = Files.readAllLines(dir.resolve("access.log"));
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

    private static int port(LocalSystem system, io.switchboard.launcher.ServiceSpec spec) {
        return system.service(spec).port();
    }

    private static Path nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }
}
