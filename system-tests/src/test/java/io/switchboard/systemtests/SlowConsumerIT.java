package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.events.Channels;
import io.switchboard.launcher.LocalSystem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A client that stops reading (a frozen tab, a phone in a tunnel) must not make the server buffer without
 * limit, nor slow anyone else down: it is closed with 4408 naming the last seq that reached it, so it can
 * resume from there.
 */
class SlowConsumerIT {
    private static final Pattern LAST = Pattern.compile("last delivered seq (\\d+) of dialog (\\d+)");

    @Test
    void aClientThatStopsReadingIsClosedWith4408NamingItsLastSeqWhileOthersKeepUp() throws Exception {
        LocalSystem system = FaultSystem.get();
        Scenario s = new Scenario(system, "slow-consumer");
        Scenario elsewhere = new Scenario(system, "slow-consumer-bystander");
        String channel = Channels.defaults().dialog(s.dialogId);
        try (RawWebSocket stalled = RawWebSocket.open(s.widgetWs() + "/ws/widget/dialogs/" + s.dialogId + "?"
                     + s.guestQuery() + "&after_seq=0", Map.of("Origin", "http://localhost"), 4096);
             WsProbe healthy = s.widgetSocket(0);
             WsProbe bystander = elsewhere.widgetSocket(0);
             Jedis redis = Ops.redis(system)) {
            RawWebSocket.Frame f;
            do {
                f = stalled.read(Duration.ofSeconds(10));
                assertThat(f).as("frames before subscribed").isNotNull();
            } while (!f.text().contains("\"type\":\"subscribed\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> !healthy.ofType("subscribed").isEmpty()
                    && !bystander.ofType("subscribed").isEmpty());
            double closesBefore = Ops.metric(system.url(WIDGET_WS), "switchboard_slow_consumer_closes_total", "");

            s.guestPost("read by everyone");
            s.guestPost("maybe read by the stalled tab");
            // 16 MB of bulky events from a backend worker: far beyond socket buffers plus the 200-frame queue.
            String padding = "x".repeat(16_000);
            for (int i = 0; i < 1_000; i++) {
                redis.publish(channel, "{\"type\":\"bulk:test\",\"event_id\":\"bulk-" + s.dialogId + "-" + i
                        + "\",\"dialog_id\":" + s.dialogId + ",\"padding\":\"" + padding + "\"}");
            }
            s.guestPost("after the flood");

            await().atMost(Duration.ofSeconds(30)).until(() -> Ops.metric(system.url(WIDGET_WS),
                    "switchboard_slow_consumer_closes_total", "") > closesBefore);
            long t0 = System.nanoTime();
            long seq = elsewhere.guestPost("the bystander's dialog is not slowed down");
            await().atMost(Duration.ofSeconds(5)).until(() -> bystander.seqs(elsewhere.dialogId).contains(seq));
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to the bystander").isLessThan(1_000);

            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.seqs(s.dialogId).size() >= 3
                    && healthy.ofType("bulk:test").size() >= 1_000);
            assertThat(healthy.seqs(s.dialogId)).containsExactly(1L, 2L, 3L);
            assertThat(healthy.isClosed()).as("the client that keeps reading stays connected").isFalse();

            RawWebSocket.Ending ending = stalled.readUntilClose(Duration.ofSeconds(30));
            assertThat(ending.code()).as("close reason %s", ending.reason()).isEqualTo(4408);
            Matcher m = LAST.matcher(ending.reason());
            assertThat(m.find()).as("reason %s", ending.reason()).isTrue();
            assertThat(Long.parseLong(m.group(2))).isEqualTo(s.dialogId);
            long lastDelivered = Long.parseLong(m.group(1));
            List<Long> received = ending.texts().stream().map(t -> {
                try {
                    return Api.JSON.readTree(t);
                } catch (Exception e) {
                    throw new AssertionError(t, e);
                }
            }).filter(n -> "message:new".equals(n.path("type").asText())).map(n -> n.path("seq").asLong()).toList();
            assertThat(received).as("what the stalled tab got, in order, up to the seq its close names")
                    .startsWith(LongStream.rangeClosed(1, lastDelivered).boxed().toArray(Long[]::new));
            assertThat(lastDelivered).isGreaterThanOrEqualTo(1);
        }
    }
}
