package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.LocalSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * One guest hammering the system, with messages or with connections, is slowed down with a clear 429 /
 * 4429, and everyone else's messages keep arriving at once.
 */
class FloodIT {

    @Test
    void aGuestFloodingMessagesGets429JsonWhileAnotherGuestsMessagesStillArriveAtOnce() throws Exception {
        LocalSystem system = FaultSystem.get();
        Scenario flooder = new Scenario(system, "message-flood");
        Scenario calm = new Scenario(system, "message-flood-calm");
        try (WsProbe operatorOfCalm = calm.operatorDialogSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !operatorOfCalm.ofType("subscribed").isEmpty());
            calm.guestPost("warm-up");
            await().atMost(Duration.ofSeconds(5)).until(() -> operatorOfCalm.seqs(calm.dialogId).size() == 1);

            List<Api.Answer> answers = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            int attempts = FaultSystem.GUEST_MESSAGES_PER_MINUTE + 100;
            List<CompletableFuture<Void>> flood = new ArrayList<>();
            long floodStarted = System.nanoTime();
            for (int i = 0; i < attempts; i++) {
                int n = i;
                flood.add(CompletableFuture.runAsync(() -> answers.add(flooder.api.call("POST", "/api/widget/dialogs/"
                        + flooder.dialogId + "/messages?" + flooder.guestQuery(), null, Map.of("text", "spam " + n))), pool));
            }
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                long seq = calm.guestPost("calm " + i);
                await().atMost(Duration.ofSeconds(5)).until(() -> operatorOfCalm.seqs(calm.dialogId).contains(seq));
                latencies.add((System.nanoTime() - t0) / 1_000_000);
            }
            CompletableFuture.allOf(flood.toArray(new CompletableFuture[0])).join();
            double floodSeconds = (System.nanoTime() - floodStarted) / 1e9;
            pool.shutdown();

            assertThat(answers).hasSize(attempts);
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(201, 429));
            // A token bucket in the dialog's row: the whole minute's allowance at once, then it refills steadily.
            assertThat(answers.stream().filter(a -> a.status() == 201).count())
                    .isLessThanOrEqualTo(FaultSystem.GUEST_MESSAGES_PER_MINUTE
                            + (long) Math.ceil(FaultSystem.GUEST_MESSAGES_PER_MINUTE * floodSeconds / 60) + 1);
            List<Api.Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
            assertThat(refused).isNotEmpty().allSatisfy(a -> {
                assertThat(a.body().path("error").asText()).isEqualTo("rate_limited");
                assertThat(a.body().path("message").asText()).isNotBlank();
            });
            assertThat(latencies).as("post-to-screen ms of the calm guest during the flood")
                    .allSatisfy(ms -> assertThat(ms).isLessThan(1_500));
            assertThat(latencies.stream().sorted().toList().get(latencies.size() / 2)).as("median ms").isLessThan(500);
            // The operator is not limited by the guest's pace.
            flooder.api.takeOver(flooder.operator.token(), flooder.dialogId);
            assertThat(flooder.api.call("POST", "/api/dialogs/" + flooder.dialogId + "/messages", flooder.operator.token(),
                    Map.of("text", "we see you")).status()).isEqualTo(201);
        }
    }

    @Test
    void aGuestOpeningTooManyConnectionsGets4429And429WhileAnotherGuestConnectsAndReceivesAtOnce() throws Exception {
        LocalSystem system = FaultSystem.get();
        Scenario s = new Scenario(system, "connection-flood");
        List<WsProbe> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 13; i++) {
                sockets.add(s.widgetSocket(0));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sockets.stream()
                    .allMatch(p -> p.isClosed() || !p.ofType("subscribed").isEmpty()));
            List<WsProbe> refused = sockets.stream().filter(WsProbe::isClosed).toList();
            assertThat(refused).hasSize(3).allSatisfy(p -> {
                assertThat(p.closeCodeNow()).isEqualTo(4429);
                assertThat(p.closeReason).isEqualTo("too many connections for this guest (limit 10)");
                assertThat(p.ofType("message:new")).isEmpty();
            });
            HttpResponse<String> sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.widgetHttp()
                    + "/api/widget/dialogs/" + s.dialogId + "/events?" + s.guestQuery())).timeout(Duration.ofSeconds(5))
                    .header("Origin", "http://localhost").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sse.statusCode()).isEqualTo(429);
            assertThat(Api.JSON.readTree(sse.body()).path("error").asText()).isEqualTo("rate_limited");

            String otherGuest = "calm-" + s.guestId;
            long otherDialog = s.anotherGuestsDialog(otherGuest);
            try (WsProbe calm = WsProbe.open(s.widgetWs() + "/ws/widget/dialogs/" + otherDialog + "?"
                    + Api.guestQuery(s.assistantId, otherGuest) + "&after_seq=0")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> !calm.ofType("subscribed").isEmpty());
                long t0 = System.nanoTime();
                long seq = s.api.guestPost(otherDialog, s.assistantId, otherGuest, "not affected").get("seq").asLong();
                await().atMost(Duration.ofSeconds(5)).until(() -> calm.seqs(otherDialog).contains(seq));
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000);
            }
            // The flooder's admitted sockets still work, and a freed slot can be used again.
            long seq = s.guestPost("to the admitted ones");
            await().atMost(Duration.ofSeconds(5)).until(() -> sockets.stream().filter(p -> !p.isClosed())
                    .allMatch(p -> p.seqs(s.dialogId).contains(seq)));
            sockets.stream().filter(p -> !p.isClosed()).findFirst().orElseThrow().close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (WsProbe again = s.widgetSocket(seq)) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> again.isClosed() || !again.ofType("subscribed").isEmpty());
                    assertThat(again.isClosed()).as("a freed slot is usable").isFalse();
                }
            });
        } finally {
            sockets.forEach(WsProbe::close);
        }
    }
}
