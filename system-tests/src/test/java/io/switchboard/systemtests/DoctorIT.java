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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code ./switchboard doctor} names the right broken link in each of the setups the seeds met. */
class DoctorIT {

    /** What doctor printed and its exit code. */
    private record Run(int exitCode, String output) {
    }

    private static Run doctor(String base, String socketsBase) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new Doctor(URI.create(base), new Doctor.Options(null, socketsBase, socketsBase, null), out).run();
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static NginxFront nginx(LocalSystem system, String name, java.util.function.UnaryOperator<String> edit) {
        return NginxFront.start(SharedSystem.projectDir(), SharedSystem.projectDir().resolve("system-tests/target/" + name),
                system.service(MESSAGE_API).port(), system.service(ADMIN_WS).port(), system.service(WIDGET_WS).port(), edit);
    }

    @Test
    void aHealthySystemPassesEveryCheckDirectlyAndThroughTheShippedNginxConfig() {
        LocalSystem system = SharedSystem.get();
        Run direct = doctor(system.url(MESSAGE_API), null);
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
            Run run = doctor(system.url(MESSAGE_API), null);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("✓ admin-ws-service health",
                    "First broken link: widget-ws-service health — does not answer",
                    "widget-ws-service is stopped, crashed or not routed");
        } finally {
            system.restart(WIDGET_WS);
        }
    }
}
