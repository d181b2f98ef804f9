package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.infra.NginxFront;
import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.doctor.Doctor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.infra.EmbeddedRedisServer;
import io.switchboard.infra.FreePorts;
import io.switchboard.launcher.ServiceProcess;
import io.switchboard.launcher.ServiceSpec;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@code ./switchboard doctor} names the right broken link in each of the setups the seeds met. */
class DoctorIT {

    /** What doctor printed and its exit code. */
    private record Run(int exitCode, String output) {
    }

    private static Run doctor(String base, String socketsBase) {
        return doctor(base, new Doctor.Options(null, socketsBase, socketsBase, null));
    }

    private static Run doctor(String base, Doctor.Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new Doctor(URI.create(base), options, out).run();
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** One more instance of a service on the shared system's PostgreSQL, with some settings changed. */
    private static ServiceProcess misconfigured(ServiceSpec spec, String name, Map<String, String> changes) {
        LocalSystem system = SharedSystem.get();
        Map<String, String> env = new HashMap<>(system.serviceEnvironment());
        env.putAll(changes);
        ServiceProcess p = ServiceProcess.start(SharedSystem.projectDir(), spec, name, FreePorts.find(), env, List.of(),
                SharedSystem.projectDir().resolve("system-tests/target/service-logs"), null, false);
        try {
            p.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            p.kill();
            throw e;
        }
        return p;
    }

    private static NginxFront nginx(LocalSystem system, String name, java.util.function.UnaryOperator<String> edit) {
        return NginxFront.start(SharedSystem.projectDir(), SharedSystem.projectDir().resolve("system-tests/target/" + name),
                system.service(MESSAGE_API).port(), system.service(ADMIN_WS).port(), system.service(WIDGET_WS).port(), edit);
    }

    @Test
    void aHealthySystemPassesEveryCheckDirectlyAndThroughTheShippedNginxConfig() {
        LocalSystem system = SharedSystem.get();
        Run direct = doctor(system.url(MESSAGE_API), (String) null);
        assertThat(direct.exitCode()).as(direct.output()).isZero();
        assertThat(direct.output()).contains("✓ widget-ws-service WebSocket upgrade", "✓ SSE stream",
                "✓ probe via WebSocket", "✓ probe via SSE", "All links work.").doesNotContain("✗");

        try (NginxFront front = nginx(system, "nginx-shipped", site -> site)) {
            Run proxied = doctor(front.baseUrl(), front.baseUrl());
            assertThat(proxied.exitCode()).as(proxied.output()).isZero();
            assertThat(proxied.output()).contains("✓ admin-ws-service WebSocket upgrade — 101 Switching Protocols",
                    "✓ probe via SSE", "All links work.");
        }
    }

    @Test
    void behindAnNginxThatDropsTheUpgradeHeadersTheWebSocketUpgradeIsTheFirstBrokenLink() {
        LocalSystem system = SharedSystem.get();
        try (NginxFront front = nginx(system, "nginx-no-upgrade", site -> site
                .replace("proxy_set_header Upgrade $websocket_upgrade;", "")
                .replace("proxy_set_header Connection $connection_upgrade;", ""))) {
            Run run = doctor(front.baseUrl(), front.baseUrl());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("First broken link: admin-ws-service WebSocket upgrade",
                    "instead of 101 Switching Protocols", "drops the Upgrade/Connection headers",
                    "proxy_set_header Upgrade $websocket_upgrade");
            assertThat(front.accessLog()).contains("GET /ws ").doesNotContain("token=", "ticket=");
        }
    }

    @Test
    void withTheWidgetSocketServiceStoppedItsHealthIsTheFirstBrokenLink() {
        LocalSystem system = SharedSystem.get();
        system.service(WIDGET_WS).stop(Duration.ofSeconds(20));
        try {
            Run run = doctor(system.url(MESSAGE_API), (String) null);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("✓ admin-ws-service health",
                    "First broken link: widget-ws-service health — does not answer",
                    "widget-ws-service is stopped, crashed or not routed");
        } finally {
            system.restart(WIDGET_WS);
        }
    }

    @Test
    void anAdminPagePointedAtAFrontEndDevServerInsteadOfTheApiIsNamedWithItsFix() throws Exception {
        // Seed 003: the dashboard called localhost:3000, a front-end dev server answering HTML on every path.
        HttpServer devServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        devServer.createContext("/", exchange -> {
            byte[] page = "<!doctype html><html><body><div id=root></div></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        devServer.start();
        try {
            Run run = doctor("http://127.0.0.1:" + devServer.getAddress().getPort(), (String) null);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("✓ TCP 127.0.0.1:" + devServer.getAddress().getPort(),
                    "First broken link: message-api-service at http://127.0.0.1:" + devServer.getAddress().getPort(),
                    "this URL reaches something else",
                    "not at a front-end dev server or another port");
        } finally {
            devServer.stop(0);
        }
    }

    @Test
    void aSocketServiceOnAnotherChannelPrefixIsNamedByTheProbe() {
        LocalSystem system = SharedSystem.get();
        ServiceProcess elsewhere = misconfigured(WIDGET_WS, "widget-ws-other-prefix",
                Map.of("SWITCHBOARD_CHANNELS_WS_PREFIX", "elsewhere:"));
        try {
            Run run = doctor(system.url(MESSAGE_API), new Doctor.Options(null, null, "http://localhost:" + elsewhere.port(), null));
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("✓ widget-ws-service health", "✓ widget-ws-service WebSocket upgrade",
                    "First broken link: probe via WebSocket", "the socket service does not hear message-api's publishes",
                    "same QUARKUS_REDIS_HOSTS and the same channel prefix");
        } finally {
            elsewhere.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void aSocketServiceOnAnotherRedisServerIsNamedByTheProbe() {
        LocalSystem system = SharedSystem.get();
        try (EmbeddedRedisServer otherRedis = EmbeddedRedisServer.startOnFreePort()) {
            ServiceProcess elsewhere = misconfigured(WIDGET_WS, "widget-ws-other-redis",
                    Map.of("QUARKUS_REDIS_HOSTS", otherRedis.url()));
            try {
                Run run = doctor(system.url(MESSAGE_API),
                        new Doctor.Options(null, null, "http://localhost:" + elsewhere.port(), null));
                assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
                assertThat(run.output()).contains("✓ widget-ws-service health — healthy, Redis connected",
                        "First broken link: probe via WebSocket", "the socket service does not hear message-api's publishes",
                        "same QUARKUS_REDIS_HOSTS and the same channel prefix");
            } finally {
                elsewhere.stop(Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void behindAProxyThatCompressesAndSoBuffersSseTheStreamIsTheFirstBrokenLink() {
        LocalSystem system = SharedSystem.get();
        // nginx passes a stream on as it arrives even with proxy_buffering on; what holds SSE back is gzip on
        // text/event-stream: the compressor waits for a full buffer, and browsers always accept gzip.
        try (NginxFront front = nginx(system, "nginx-gzip-sse", site -> site.replace("gzip off;",
                "gzip on; gzip_types text/event-stream; gzip_min_length 0;"))) {
            Run run = doctor(front.baseUrl(), front.baseUrl());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("✓ widget-ws-service WebSocket upgrade",
                    "First broken link: SSE stream — no bytes within 2 s of opening the stream: a proxy buffers it",
                    "gzip off; proxy_buffering off; proxy_cache off;");
        }
    }

    @Test
    void aServerWhoseClockIsTenMinutesAheadIsNamedByTheClockCheck() {
        // The skew is real: message-api runs with libfaketime moving its wall clock 10 minutes ahead, so its
        // HTTP Date header (and every token it signs) is from the future.
        Path faketime = Stream.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1")
                .map(Path::of).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("libfaketime is missing: apt-get install libfaketime"
                        + " (scripts/ensure-test-tools.sh installs it)"));
        ServiceProcess ahead = misconfigured(MESSAGE_API, "message-api-clock-ahead", Map.of(
                // Only the wall clock moves; with the monotonic "fix" on, the JVM's timed waits return at once.
                "LD_PRELOAD", faketime.toString(), "FAKETIME", "+600", "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
        try {
            Run run = doctor("http://localhost:" + ahead.port(), (String) null);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("✓ admin-ws-service WebSocket upgrade",
                    "First broken link: clock — this machine and the server differ by",
                    "sync both clocks with NTP");
        } finally {
            ahead.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void aWidgetTokenRefusedForThePagesDomainIsNamedWithItsFix() {
        LocalSystem system = SharedSystem.get();
        Api api = new Api(system.url(MESSAGE_API));
        String admin = api.adminToken();
        long assistant = api.createAssistant(admin, "doctor-widget " + UUID.randomUUID());
        JsonNode widget = api.call("POST", "/api/widgets", admin,
                Map.of("assistant_id", assistant, "allowed_domains", List.of("shop.example.com"))).ok();
        String token = widget.path("site_token").asText();

        Run refused = doctor(system.url(MESSAGE_API), new Doctor.Options(null, null, null, null, token, "evil.example.org"));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("First broken link: widget token — refused on evil.example.org"
                        + " (domain_not_allowed)", "add evil.example.org to the widget's domains (PUT /api/widgets/{id}");

        Run allowed = doctor(system.url(MESSAGE_API), new Doctor.Options(null, null, null, null, token, "shop.example.com"));
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.output()).contains("✓ widget token — valid on shop.example.com (assistant " + assistant + ")");

        // Changing the domains replaces the token: doctor says to embed the new one.
        assertThat(api.call("PUT", "/api/widgets/" + widget.path("id").asLong(), admin,
                Map.of("allowed_domains", List.of("shop.example.com", "evil.example.org"))).status()).isEqualTo(200);
        Run replaced = doctor(system.url(MESSAGE_API), new Doctor.Options(null, null, null, null, token, "shop.example.com"));
        assertThat(replaced.output()).contains("First broken link: widget token — refused (domains_changed)",
                "embed the widget's new token");
    }
}
