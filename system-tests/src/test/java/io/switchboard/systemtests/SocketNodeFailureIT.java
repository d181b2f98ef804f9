package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import io.switchboard.events.Channels;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A node of a service goes away while people use it: killed outright ({@code kill -9}, a crash or an OOM
 * kill) or stopped gracefully (SIGTERM, a rollout). Clients resume on another node from their last seq and
 * miss nothing; a graceful stop turns readiness off first and tells every client when to come back.
 */
class SocketNodeFailureIT {
    private static final Pattern HINT = Pattern.compile("server restarting; reconnect in (\\d+\\.\\d) s with after_seq");

    @Test
    void whenAWidgetNodeIsKilledItsClientsResumeOnAnotherNodeAndMissNothing() {
        LocalSystem system = FaultSystem.get();
        ServiceProcess doomed = system.startExtraInstance(WIDGET_WS);
        Scenario s = new Scenario(system, "kill-9");
        String doomedWs = "ws://127.0.0.1:" + doomed.port();
        String survivorWs = s.widgetWs();
        LongFunction<String> onDoomed = after -> doomedWs + "/ws/widget/dialogs/" + s.dialogId + "?" + s.guestQuery()
                + "&after_seq=" + after;
        LongFunction<String> onSurvivor = after -> survivorWs + "/ws/widget/dialogs/" + s.dialogId + "?" + s.guestQuery()
                + "&after_seq=" + after;
        String sseOnDoomed = doomed.baseUrl() + "/api/widget/dialogs/" + s.dialogId + "/events?" + s.guestQuery();
        String sseOnSurvivor = s.widgetHttp() + "/api/widget/dialogs/" + s.dialogId + "/events?" + s.guestQuery();
        try (Resuming.Socket tab1 = new Resuming.Socket(s.dialogId, onDoomed);
             Resuming.Socket tab2 = new Resuming.Socket(s.dialogId, onDoomed);
             Resuming.Sse sse = new Resuming.Sse(sseOnDoomed);
             WsProbe bystander = s.widgetSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !tab1.current().ofType("subscribed").isEmpty()
                    && !tab2.current().ofType("subscribed").isEmpty() && !bystander.ofType("subscribed").isEmpty()
                    && sse.current().lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

            Poster poster = Poster.start(s, 40, "through a crash");
            poster.awaitPosted(15);
            doomed.kill();
            assertThat(doomed.isAlive()).isFalse();

            await().atMost(Duration.ofSeconds(10)).until(() -> tab1.current().isClosed() && tab2.current().isClosed()
                    && sse.current().ended());
            tab1.resume(onSurvivor);
            tab2.resume(onSurvivor);
            sse.resume(sseOnSurvivor);
            poster.finish();

            List<Long> all = LongStream.rangeClosed(1, s.lastSeq()).boxed().toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> tab1.seqs().size() >= all.size()
                    && tab2.seqs().size() >= all.size() && sse.seqs().size() >= all.size()
                    && bystander.seqs(s.dialogId).size() >= all.size());
            assertThat(tab1.seqs()).containsExactlyElementsOf(all);
            assertThat(tab2.seqs()).containsExactlyElementsOf(all);
            assertThat(sse.seqs()).containsExactlyElementsOf(all);
            assertThat(bystander.seqs(s.dialogId)).as("a client of the surviving node").containsExactlyElementsOf(all);
            assertThat(bystander.isClosed()).isFalse();
        }
    }

    @Test
    void onSigtermANodeGoesUnreadyFirstThenTellsEveryClientWhenToComeBackAndTheyResumeElsewhereMissingNothing()
            throws java.io.IOException {
        LocalSystem system = FaultSystem.get();
        ServiceProcess leaving = system.startExtraInstance(ADMIN_WS);
        Scenario s = new Scenario(system, "sigterm");
        String leavingWs = "ws://127.0.0.1:" + leaving.port();
        String token = s.operator.token();
        LongFunction<String> onLeaving = after -> leavingWs + "/ws/dialogs/" + s.dialogId + "?token=" + token
                + "&after_seq=" + after;
        LongFunction<String> onStaying = after -> s.adminWs() + "/ws/dialogs/" + s.dialogId + "?token=" + token
                + "&after_seq=" + after;
        String sseOnLeaving = leaving.baseUrl() + "/api/dialogs/" + s.dialogId + "/events?token=" + token;
        String sseOnStaying = s.adminHttp() + "/api/dialogs/" + s.dialogId + "/events?token=" + token;
        // A frozen tab on another dialog, whose socket buffers are full: its close can never be flushed, and the
        // drain must give up on it after SWITCHBOARD_DRAIN_TIMEOUT (4 s) instead of holding the pod forever.
        Scenario frozen = new Scenario(system, "sigterm-frozen-tab");
        List<Resuming.Socket> tabs = new ArrayList<>();
        try (Resuming.Sse sse = new Resuming.Sse(sseOnLeaving);
             RawWebSocket frozenTab = RawWebSocket.open(leavingWs + "/ws/dialogs/" + frozen.dialogId + "?token="
                     + frozen.operator.token(), Map.of(), 4096);
             Jedis redis = Ops.redis(system)) {
            RawWebSocket.Frame f;
            do {
                f = frozenTab.read(Duration.ofSeconds(10));
                assertThat(f).isNotNull();
            } while (!f.text().contains("\"type\":\"subscribed\""));
            String padding = "y".repeat(60_000);
            for (int i = 0; i < 150; i++) {
                // Fewer frames than the outbound queue allows (200), but far more bytes than the socket buffers hold.
                redis.publish(Channels.defaults().dialog(frozen.dialogId), "{\"type\":\"bulk:test\",\"event_id\":\"frozen-"
                        + i + "\",\"dialog_id\":" + frozen.dialogId + ",\"padding\":\"" + padding + "\"}");
            }
            for (int i = 0; i < 5; i++) {
                tabs.add(new Resuming.Socket(s.dialogId, onLeaving));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> tabs.stream().allMatch(t -> !t.current().ofType("subscribed")
                    .isEmpty()) && sse.current().lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

            Poster poster = Poster.start(s, 40, "through a rollout");
            poster.awaitPosted(10);
            long sigterm = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> leaving.stop(Duration.ofSeconds(30)));

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Ops.readiness(leaving.baseUrl()) != 200);
            long unready = System.nanoTime();
            // Readiness is DOWN while the clients are still connected (the close comes after the close-delay).
            assertThat(tabs).allSatisfy(t -> assertThat(t.current().isClosed())
                    .as("closed with %s %s", t.current().closeCodeNow(), t.current().closeReason).isFalse());
            try (WsProbe latecomer = WsProbe.open(onLeaving.apply(0))) {
                await().atMost(Duration.ofSeconds(5)).until(latecomer::isClosed);
                assertThat(latecomer.closeCodeNow()).isEqualTo(1012);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> tabs.stream().allMatch(t -> t.current().isClosed())
                    && sse.current().ended());
            List<Double> hints = new CopyOnWriteArrayList<>();
            for (Resuming.Socket t : tabs) {
                WsProbe closed = t.current();
                assertThat(closed.closeCodeNow()).as("close code, reason %s", closed.closeReason).isEqualTo(1012);
                assertThat(closed.closedAtNanos).as("closed after readiness went DOWN").isGreaterThan(unready);
                Matcher m = HINT.matcher(closed.closeReason);
                assertThat(m.matches()).as("reason %s", closed.closeReason).isTrue();
                hints.add(Double.parseDouble(m.group(1)));
            }
            assertThat(hints).allSatisfy(h -> assertThat(h).isBetween(0.5, 2.5));
            assertThat(hints.stream().distinct().count()).as("hints are spread: %s", hints).isGreaterThan(1);
            assertThat(sse.current().lines).anySatisfy(l -> assertThat(l).startsWith(": closed 1012"));
            assertThat(sse.current().lines.stream().filter(l -> l.startsWith("retry: ")).skip(1).findFirst())
                    .as("the stream's last retry: is the spread hint").isPresent();

            for (Resuming.Socket t : tabs) {
                t.resume(onStaying);
            }
            sse.resume(sseOnStaying);
            poster.finish();
            stopped.join();
            assertThat(leaving.isAlive()).isFalse();
            double exitSeconds = (System.nanoTime() - sigterm) / 1_000_000_000.0;
            assertThat(exitSeconds).as("seconds from SIGTERM to exit: the drain waited for the frozen tab's close, up to"
                    + " SWITCHBOARD_DRAIN_TIMEOUT=4s, then let the process go").isBetween(3.0, 9.0);

            List<Long> all = LongStream.rangeClosed(1, s.lastSeq()).boxed().toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> tabs.stream().allMatch(t -> t.seqs().size() >= all.size())
                    && sse.seqs().size() >= all.size());
            assertThat(tabs).allSatisfy(t -> assertThat(t.seqs()).containsExactlyElementsOf(all));
            assertThat(sse.seqs()).containsExactlyElementsOf(all);
        } finally {
            tabs.forEach(Resuming.Socket::close);
        }
    }

    @Test
    void onSigtermMessageApiAnswersWaitingLongPollsAtOnceAndLosesNoAcceptedPost() {
        LocalSystem system = FaultSystem.get();
        ServiceProcess leaving = system.startExtraInstance(MESSAGE_API);
        Scenario s = new Scenario(system, "api-sigterm");
        Api viaLeaving = new Api(leaving.baseUrl());
        s.guestPost("already there");
        // The long-poll waits on a quiet dialog: only the shutdown can end its wait early.
        String quietGuest = "quiet-" + s.guestId;
        long quietDialog = s.anotherGuestsDialog(quietGuest);
        String poll = "/api/widget/dialogs/" + quietDialog + "/messages?" + Api.guestQuery(s.assistantId, quietGuest)
                + "&after_seq=0&wait=30";
        CompletableFuture<Api.Answer> waiting = CompletableFuture.supplyAsync(() -> viaLeaving.call("GET", poll, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> Ops.metric(leaving.baseUrl(), "switchboard_longpoll_waiters", "") >= 1);

        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<Long> acceptedSeqs = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (true) {
                try {
                    Api.Answer a = viaLeaving.call("POST", "/api/widget/dialogs/" + s.dialogId + "/messages?"
                            + s.guestQuery(), null, Map.of("text", "during shutdown"));
                    statuses.add(a.status());
                    if (a.status() == 201) {
                        acceptedSeqs.add(a.body().path("seq").asLong());
                    }
                } catch (RuntimeException refused) {
                    return;
                }
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptedSeqs.size() >= 3);
        long sigterm = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> leaving.stop(Duration.ofSeconds(40)));

        Api.Answer answered = waiting.join();
        assertThat((System.nanoTime() - sigterm) / 1_000_000).as("ms until the waiting long-poll was answered")
                .isLessThan(5_000);
        assertThat(answered.status()).as("the long-poll's answer: %s", answered.body()).isEqualTo(200);
        assertThat(answered.body().path("messages")).as("nothing new: the wait was cut short by the shutdown").isEmpty();
        writer.join();
        stopped.join();
        assertThat((System.nanoTime() - sigterm) / 1_000_000).as("ms from SIGTERM to exit").isLessThan(10_000);
        assertThat(statuses).as("every answer during shutdown").allSatisfy(st -> assertThat(st).isIn(201, 503));

        // Every post that was acknowledged is committed, once; the survivor serves them all.
        List<Long> stored = s.api.call("GET", "/api/widget/dialogs/" + s.dialogId + "/messages?" + s.guestQuery()
                + "&after_seq=0&limit=1000", null, null).ok().path("messages").findValuesAsText("seq").stream()
                .map(Long::parseLong).toList();
        assertThat(stored).containsAll(acceptedSeqs);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(Ops.readiness(system.url(MESSAGE_API))).isEqualTo(200);
    }
}
