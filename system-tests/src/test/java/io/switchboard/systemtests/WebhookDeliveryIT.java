package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.events.WebhookSignature;
import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceProcess;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Webhooks across real processes: a message-api replica is killed with {@code kill -9} while its deliveries are in
 * flight to a slow receiver the test runs; no event is lost (the surviving replica sends what the dead one had
 * claimed once its lease runs out), each dialog's events still arrive in order, and every request is signed with
 * the endpoint's secret.
 */
class WebhookDeliveryIT {
    /** What the receiver accepted: event id, dialog, seq, signature valid. */
    record Got(String eventId, long dialogId, long seq, boolean signed) {
    }

    @Test
    void messageApiKilledMidDeliveryLosesNoEvent() throws Exception {
        LocalSystem system = FaultSystem.get();
        List<Got> got = new CopyOnWriteArrayList<>();
        Map<String, String> secret = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        // Slow on purpose, so a good share of the deliveries is in flight when the replica dies: each request is
        // answered 300 ms after it arrived, from a timer, with no thread held meanwhile (the JDK server lets an
        // exchange be completed later from another thread).
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        receiver.createContext("/hook", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            later.schedule(() -> {
                try {
                    JsonNode e = Api.JSON.readTree(body);
                    got.add(new Got(exchange.getRequestHeaders().getFirst("X-Switchboard-Event-Id"),
                            e.path("dialog_id").asLong(), e.path("seq").asLong(), verifies(secret.get("s"),
                            exchange.getRequestHeaders().getFirst("X-Switchboard-Signature"), body)));
                    exchange.sendResponseHeaders(200, -1);
                } catch (java.io.IOException closed) {
                    // the dispatcher gave up on this request (its replica died): it is sent again
                } finally {
                    exchange.close();
                }
            }, 300, TimeUnit.MILLISECONDS);
        });
        receiver.start();
        ServiceProcess doomed = system.startExtraInstance(MESSAGE_API);
        try {
            Scenario s = new Scenario(system, "webhook-kill");
            Api viaDoomed = new Api(doomed.baseUrl());
            JsonNode endpoint = s.api.call("POST", "/api/assistants/" + s.assistantId + "/webhooks", s.adminToken,
                    Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                            "events", List.of("guest.message"))).ok();
            secret.put("s", endpoint.path("secret").asText());

            int dialogs = 6;
            int perDialog = 12;
            Map<Long, String> guests = new HashMap<>();
            for (int d = 0; d < dialogs; d++) {
                String guest = "guest-" + d + "-" + s.guestId;
                guests.put(s.api.guestDialog(s.assistantId, guest).get("id").asLong(), guest);
            }
            // Posted through the doomed replica: its own commits wake its dispatcher, so it claims most rows first.
            for (int m = 0; m < perDialog; m++) {
                for (Map.Entry<Long, String> g : guests.entrySet()) {
                    viaDoomed.guestPost(g.getKey(), s.assistantId, g.getValue(), "m" + m);
                }
            }
            int expected = dialogs * perDialog;
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 8);
            doomed.kill();
            int atKill = got.size();
            assertThat(atKill).as("deliveries were still outstanding when the replica died").isLessThan(expected);

            await().atMost(Duration.ofSeconds(90)).until(() -> distinct(got).size() == expected);
            assertThat(got).allSatisfy(g -> assertThat(g.signed()).as("signed with the endpoint's secret").isTrue());
            Map<Long, List<Long>> seqsByDialog = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (Got g : got) {
                if (seen.add(g.eventId())) {
                    seqsByDialog.computeIfAbsent(g.dialogId(), k -> new ArrayList<>()).add(g.seq());
                }
            }
            assertThat(seqsByDialog).hasSize(dialogs);
            seqsByDialog.values().forEach(seqs -> assertThat(seqs).hasSize(perDialog).isSorted());
            System.out.printf("[webhooks] kill -9 after %d of %d deliveries; %d requests in all (%d repeats of an"
                    + " event_id the dead replica had sent)%n", atKill, expected, got.size(), got.size() - expected);
        } finally {
            if (doomed.isAlive()) {
                doomed.kill();
            }
            receiver.stop(0);
            later.shutdownNow();
        }
    }

    private static Set<String> distinct(List<Got> got) {
        Set<String> ids = new HashSet<>();
        got.forEach(g -> ids.add(g.eventId()));
        return ids;
    }

    /** What a receiver does (docs/bots.md): HMAC-SHA256 over "t.body" with the secret, constant-time compare. */
    static boolean verifies(String secret, String header, String body) {
        return secret != null && WebhookSignature.verify(secret, header, body, Instant.now().getEpochSecond(), 300);
    }
}
