package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.infra.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command, run the way a person runs it: the launcher as a process. */
class SwitchboardUpIT {

    @Test
    void upStartsEverythingWithEmbeddedServersLetsTheDevAdminLogInAndStopsEverythingOnSigterm() throws Exception {
        Path project = SharedSystem.projectDir();
        int api = FreePorts.find();
        int admin = FreePorts.find();
        int widget = FreePorts.find();
        Path data = Files.createTempDirectory("switchboard-up-pgdata");
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("switchboard").toString(), "up")
                .directory(project.toFile()).redirectErrorStream(true);
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        pb.environment().remove("QUARKUS_REDIS_HOSTS");
        pb.environment().put("SWITCHBOARD_API_PORT", Integer.toString(api));
        pb.environment().put("SWITCHBOARD_ADMIN_WS_PORT", Integer.toString(admin));
        pb.environment().put("SWITCHBOARD_WIDGET_WS_PORT", Integer.toString(widget));
        pb.environment().put("SWITCHBOARD_DATA_DIR", data.toString());
        Process up = pb.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(output::add);
            } catch (IOException ignored) {
                // process gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(150)).until(() -> output.contains("Switchboard is up.") || !up.isAlive());
            assertThat(output).as("launcher output").contains("Switchboard is up.");
            assertThat(String.join("\n", output)).contains("http://localhost:" + api + "/admin/",
                    "http://localhost:" + api + "/demo/");

            Api rest = new Api("http://127.0.0.1:" + api);
            assertThat(rest.login("admin", "admin123")).isNotBlank();
            assertThat(listening(admin)).isTrue();
            assertThat(listening(widget)).isTrue();
        } finally {
            up.destroy();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("launcher stops on SIGTERM").isTrue();
        }
        assertThat(listening(api)).as("message-api stopped").isFalse();
        assertThat(listening(admin)).as("admin-ws stopped").isFalse();
        assertThat(listening(widget)).as("widget-ws stopped").isFalse();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
