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
            // The first run speaks: each server says when it is ready and how long it took.
            assertThat(output).anyMatch(l -> l.matches("  ✓ PostgreSQL \\(embedded\\) ready in \\d+\\.\\d s"))
                    .anyMatch(l -> l.matches("  ✓ Redis \\(embedded\\) ready in \\d+\\.\\d s"))
                    .anyMatch(l -> l.matches("  ✓ message-api-service on :" + api + " ready in \\d+\\.\\d s"))
                    .anyMatch(l -> l.matches("  ✓ admin-ws-service on :" + admin + " ready in \\d+\\.\\d s"))
                    .anyMatch(l -> l.matches("  ✓ widget-ws-service on :" + widget + " ready in \\d+\\.\\d s"))
                    .anyMatch(l -> l.startsWith("  ✓ everything ready in "));
            clientBundleIsServed("http://127.0.0.1:" + api);

            Api rest = new Api("http://127.0.0.1:" + api);
            assertThat(rest.login("admin", "admin123")).isNotBlank();
            assertThat(listening(admin)).isTrue();
            assertThat(listening(widget)).isTrue();
            demoBotAnswersAndHandsOver(rest);
        } finally {
            up.destroy();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("launcher stops on SIGTERM").isTrue();
        }
        assertThat(listening(api)).as("message-api stopped").isFalse();
        assertThat(listening(admin)).as("admin-ws stopped").isFalse();
        assertThat(listening(widget)).as("widget-ws stopped").isFalse();
    }

    /**
     * The README walk: a visitor of the demo assistant writes and the built-in demo bot (a real signed webhook to
     * message-api's own /dev/demo-bot/webhook, answering over REST with the assistant token) answers within a second,
     * in the visitor's language; asking for a person hands the dialog over.
     */
    private static void demoBotAnswersAndHandsOver(Api rest) {
        String adminToken = rest.login("admin", "admin123");
        long demo = -1;
        for (com.fasterxml.jackson.databind.JsonNode a : rest.call("GET", "/api/assistants", adminToken, null).ok()
                .path("assistants")) {
            if ("Demo assistant".equals(a.path("name").asText())) {
                demo = a.path("id").asLong();
            }
        }
        assertThat(demo).as("the dev seed's demo assistant").isPositive();
        String guest = "visitor-" + System.nanoTime();
        long dialog = rest.guestDialog(demo, guest).path("id").asLong();
        String history = "/api/widget/dialogs/" + dialog + "/messages?" + Api.guestQuery(demo, guest);
        long posted = System.nanoTime();
        long seq = rest.guestPost(dialog, demo, guest, "Привет!").path("seq").asLong();
        com.fasterxml.jackson.databind.JsonNode answer = null;
        while (answer == null && System.nanoTime() - posted < 5_000_000_000L) {
            for (com.fasterxml.jackson.databind.JsonNode m : rest.call("GET", history + "&after_seq=" + seq + "&wait=5",
                    null, null).ok().path("messages")) {
                if ("assistant".equals(m.path("sender").asText())) {
                    answer = m;
                }
            }
        }
        long millis = (System.nanoTime() - posted) / 1_000_000;
        assertThat(answer).as("the demo bot answered").isNotNull();
        assertThat(answer.path("text").asText()).startsWith("Здравствуйте");
        assertThat(millis).as("ms from the visitor's post to the bot's answer").isLessThan(1_000);

        rest.guestPost(dialog, demo, guest, "позовите оператора");
        long demoId = demo;
        await().atMost(Duration.ofSeconds(5)).until(() -> "waiting_operator".equals(
                rest.guestDialog(demoId, guest).path("status").asText()));
    }

    /** The JavaScript client's minified bundle (built by the web module) at its versioned path, with its map and types. */
    private static void clientBundleIsServed(String api) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> bundle = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api + "/js/v1/switchboard-client.min.js")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(bundle.body()).startsWith("/*! @switchboard/client 1.0.0 ").contains("GuestClient");
        for (String file : List.of("switchboard-client.min.js.map", "switchboard-client.d.ts")) {
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/js/v1/" + file)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).as(file).isEqualTo(200);
        }
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
