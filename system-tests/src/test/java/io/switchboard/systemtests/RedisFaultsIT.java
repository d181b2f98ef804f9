package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.Channels;
import io.switchboard.launcher.LocalSystem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Redis misbehaving in the ways production Redis does, while clients watch and people write: it hangs
 * ({@code DEBUG SLEEP}), only the pub/sub connections are cut ({@code CLIENT KILL TYPE pubsub}), and it
 * delivers the same event twice. (Stopped and restarted: {@link RedisRestartIT}.) Writes never wait for
 * Redis, nothing is lost or shown twice, and no service needs a restart.
 */
class RedisFaultsIT {
    private static final Channels CHANNELS = Channels.defaults();

    @Test
    void aHangingRedisNeverSlowsAWriterAndEveryScreenStillEndsWithEveryMessageOnceInOrder() {
        LocalSystem system = FaultSystem.get();
        awaitSubscribersConnected(system);
        Scenario s = new Scenario(system, "redis-hang");
        try (DialogScreens screens = DialogScreens.open(s)) {
            for (int i = 1; i <= 10; i++) {
                s.guestPost("before the hang " + i);
            }
            CompletableFuture<Object> hang = CompletableFuture.supplyAsync(() -> {
                try (Jedis j = Ops.redis(system)) {
                    return j.sendCommand(Protocol.Command.DEBUG, "SLEEP", "6");
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> redisIsHanging(system));

            long slowest = 0;
            for (int i = 11; i <= 30; i++) {
                long t0 = System.nanoTime();
                s.guestPost("during the hang " + i);
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                if (i == 20) {
                    assertThat(s.api.call("POST", "/api/dialogs/" + s.dialogId + "/takeover", s.operator.token(), null)
                            .status()).isEqualTo(200);
                }
            }
            assertThat(hang).as("all 20 writes ran while Redis slept").isNotDone();
            assertThat(slowest).as("slowest post while Redis hung, ms").isLessThan(2_000);
            hang.join();
            for (int i = 31; i <= 40; i++) {
                s.guestPost("after the hang " + i);
            }

            long last = screens.assertEveryScreenShowsEveryCommittedMessageOnceInOrder(Duration.ofSeconds(40));
            assertThat(last).as("40 posts and the takeover's system message").isGreaterThanOrEqualTo(40);
            screens.assertNoScreenWasDisconnected();
            await().atMost(Duration.ofSeconds(20)).until(() -> DialogScreens.lastDialogUpdate(screens.operatorUser, s.dialogId)
                    .map(d -> "operator".equals(d.path("status").asText()) && d.path("last_seq").asLong() == last)
                    .orElse(false));
            await().atMost(Duration.ofSeconds(20)).until(() -> Ops.readiness(system.url(ADMIN_WS)) == 200
                    && Ops.readiness(system.url(WIDGET_WS)) == 200);
        }
    }

    @Test
    void whenOnlyThePubSubConnectionsAreKilledMessagesStatusChangesAndNotificationsPublishedMeanwhileStillArrive() {
        LocalSystem system = FaultSystem.get();
        awaitSubscribersConnected(system);
        Scenario s = new Scenario(system, "pubsub-kill");
        try (DialogScreens screens = DialogScreens.open(s)) {
            for (int i = 1; i <= 5; i++) {
                s.guestPost("before the kill " + i);
            }
            screens.assertEveryScreenShowsExactlyOnceInOrder(5, Duration.ofSeconds(10));
            double reconnectsBefore = Ops.metric(system.url(ADMIN_WS), "switchboard_redis_reconnects_total", "");

            long killed;
            try (Jedis j = Ops.redis(system)) {
                killed = (Long) j.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
            }
            assertThat(killed).as("subscriber connections cut").isGreaterThanOrEqualTo(2);
            // The subscribers wait 2 s before reconnecting: everything below is published into the void.
            JsonNode handoff = s.api.call("POST", "/api/widget/dialogs/" + s.dialogId + "/handoff?" + s.guestQuery(), null,
                    null).ok();
            assertThat(handoff.path("status").asText()).isEqualTo("waiting_operator");
            for (int i = 6; i <= 10; i++) {
                s.guestPost("while nobody listens " + i);
            }
            assertThat(s.api.call("POST", "/api/dialogs/" + s.dialogId + "/takeover", s.operator.token(), null).status())
                    .isEqualTo(200);

            long last = screens.assertEveryScreenShowsEveryCommittedMessageOnceInOrder(Duration.ofSeconds(20));
            // The dashboard's list and the dialog view converge on the new state without a reload...
            await().atMost(Duration.ofSeconds(20)).until(() -> DialogScreens.lastDialogUpdate(screens.operatorUser, s.dialogId)
                    .map(d -> "operator".equals(d.path("status").asText()) && d.path("last_seq").asLong() == last)
                    .orElse(false));
            await().atMost(Duration.ofSeconds(20)).until(() -> DialogScreens.lastDialogUpdate(screens.operatorDialog, s.dialogId)
                    .map(d -> "operator".equals(d.path("status").asText())).orElse(false));
            // ...and the operator hears about the handoff exactly once.
            JsonNode stored = s.api.call("GET", "/api/notifications?after=0", s.operator.token(), null).ok()
                    .path("notifications");
            assertThat(stored).hasSize(1);
            long notificationId = stored.get(0).path("id").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> screens.operatorUser.ofType("notification:new").stream()
                    .anyMatch(n -> n.path("notification").path("id").asLong() == notificationId));
            assertThat(screens.operatorUser.ofType("notification:new")).hasSize(1);
            assertThat(Ops.metric(system.url(ADMIN_WS), "switchboard_redis_reconnects_total", ""))
                    .as("the subscriber really was cut and came back").isGreaterThan(reconnectsBefore);
            screens.assertNoScreenWasDisconnected();
        }
    }

    @Test
    void theSameEventDeliveredTwiceByRedisIsShownOnce() {
        LocalSystem system = FaultSystem.get();
        awaitSubscribersConnected(system);
        Scenario s = new Scenario(system, "redis-duplicate");
        try (DialogScreens screens = DialogScreens.open(s); Jedis redis = Ops.redis(system)) {
            s.guestPost("first");
            screens.assertEveryScreenShowsExactlyOnceInOrder(1, Duration.ofSeconds(10));

            // A message:new that reaches Redis twice (a publish retried after a timeout that did get through).
            JsonNode message = s.api.guestPost(s.dialogId, s.assistantId, s.guestId, "second, delivered twice");
            ObjectNode envelope = Api.JSON.createObjectNode().put("v", 1).put("type", "message:new")
                    .put("event_id", UUID.randomUUID().toString()).put("dialog_id", s.dialogId)
                    .put("assistant_id", s.assistantId).put("seq", message.path("seq").asLong())
                    .put("ts", message.path("created_at").asText());
            envelope.set("message", message);
            redis.publish(CHANNELS.dialog(s.dialogId), envelope.toString());
            redis.publish(CHANNELS.dialog(s.dialogId), envelope.toString());
            // A dialog:update that reaches one socket over two channels, and one channel twice.
            String update = "{\"v\":1,\"type\":\"dialog:update\",\"event_id\":\"" + UUID.randomUUID() + "\",\"dialog_id\":"
                    + s.dialogId + ",\"assistant_id\":" + s.assistantId + ",\"dialog\":{\"id\":" + s.dialogId
                    + ",\"assistant_id\":" + s.assistantId + ",\"status\":\"bot\",\"last_seq\":2,\"marker\":\"twice\"}}";
            for (String channel : List.of(CHANNELS.dialog(s.dialogId), CHANNELS.assistant(s.assistantId),
                    CHANNELS.assistant(s.assistantId))) {
                redis.publish(channel, update);
            }
            Map<String, WsProbe> sockets = Map.of("operator user socket", screens.operatorUser,
                    "operator dialog socket", screens.operatorDialog, "widget socket", screens.widget);
            await().atMost(Duration.ofSeconds(10)).until(() -> sockets.values().stream().allMatch(p -> p.ofType("dialog:update")
                    .stream().anyMatch(u -> "twice".equals(u.path("dialog").path("marker").asText()))));
            // A later message on the same channels proves the copies had every chance to arrive.
            s.guestPost("third");

            screens.assertEveryScreenShowsExactlyOnceInOrder(3, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> screens.operatorUser.ofType("dialog:update").stream()
                    .anyMatch(u -> u.path("dialog").path("last_seq").asLong() == 3));
            sockets.forEach((name, p) -> assertThat(p.ofType("dialog:update"))
                    .as("%s: dialog:update frames %s", name, p.ofType("dialog:update"))
                    .filteredOn(u -> "twice".equals(u.path("dialog").path("marker").asText())).hasSize(1));
            assertThat(screens.widgetSse.events).filteredOn(e -> "twice".equals(e.data().path("dialog").path("marker").asText()))
                    .hasSize(1);
        }
    }

    private static boolean redisIsHanging(LocalSystem system) {
        try (Jedis probe = new Jedis("127.0.0.1", system.redis().port(), 300)) {
            probe.ping();
            return false;
        } catch (RuntimeException timedOut) {
            return true;
        }
    }

    /** A drill starts from a healthy system: the previous one may have left a subscriber still reconnecting. */
    private static void awaitSubscribersConnected(LocalSystem system) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Ops.readiness(system.url(ADMIN_WS)) == 200
                && Ops.readiness(system.url(WIDGET_WS)) == 200);
    }
}
