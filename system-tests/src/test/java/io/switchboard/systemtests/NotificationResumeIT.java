package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Notifications resume like messages (issue 18): a worker publishes to {@code notifications:{user_id}} while
 * the operator's client is away; on reconnect each of them is shown exactly once, on WebSocket, on SSE and
 * on polling, and nothing of another operator's.
 */
class NotificationResumeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static String workerNotification(long userId, String eventId, String report) {
        return "{\"v\":1,\"type\":\"notification:new\"" + (eventId == null ? "" : ",\"event_id\":\"" + eventId + "\"")
                + ",\"user_id\":" + userId + ",\"notification\":{\"kind\":\"report_ready\",\"payload\":{\"report\":\""
                + report + "\"}}}";
    }

    private static List<String> reports(List<JsonNode> notificationEvents) {
        return notificationEvents.stream().map(n -> n.path("notification").path("payload").path("report").asText()).toList();
    }

    private static long lastSeq(Scenario s, String token) {
        return s.api.call("GET", "/api/notifications?order=newest&limit=1", token, null).ok().path("last_seq").asLong();
    }

    @Test
    void threeNotificationsPublishedWhileTheClientWasAwayAppearExactlyOnceOnWebSocketSseAndPolling() {
        Scenario s = new Scenario("notify-resume");
        Api.Operator other = s.api.operatorOf(s.adminToken, s.assistantId);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Jedis worker = new Jedis(URI.create(s.system.serviceEnvironment().get("QUARKUS_REDIS_HOSTS")))) {
            String channel = "notifications:" + s.operator.id();
            // Connected first: one notification arrives live, once, with its seq, on both streams.
            long cursor;
            try (WsProbe ws = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(s.operator.token()));
                 SseProbe sse = SseProbe.open(s.adminHttp() + "/api/events?token=" + s.operator.token())) {
                await().atMost(WAIT).until(() -> !ws.ofType("connected").isEmpty()
                        && sse.lines.stream().anyMatch(l -> l.contains("\"connected\"")));
                worker.publish(channel, workerNotification(s.operator.id(), "live-" + run, "live"));
                await().atMost(WAIT).until(() -> ws.ofType("notification:new").size() == 1
                        && sse.events.stream().anyMatch(e -> "notification:new".equals(e.data().path("type").asText())));
                JsonNode live = ws.ofType("notification:new").get(0);
                cursor = live.path("notification").path("seq").asLong();
                assertThat(cursor).isPositive();
                assertThat(live.path("seq").asLong()).isEqualTo(cursor);
                SseProbe.Event sseLive = sse.events.stream()
                        .filter(e -> "notification:new".equals(e.data().path("type").asText())).findFirst().orElseThrow();
                assertThat(sseLive.id()).as("the SSE id is the notification seq").isEqualTo(String.valueOf(cursor));
            }

            // The client is away: a worker publishes three, the third one twice (a worker's retry).
            worker.publish(channel, workerNotification(s.operator.id(), "a-" + run, "first"));
            worker.publish(channel, workerNotification(s.operator.id(), null, "second-" + run));
            worker.publish(channel, workerNotification(s.operator.id(), "c-" + run, "third"));
            worker.publish(channel, workerNotification(s.operator.id(), "c-" + run, "third"));
            long from = cursor;
            await().atMost(WAIT).until(() -> lastSeq(s, s.operator.token()) == from + 3);

            // Polling resumes with after= the last seq shown.
            JsonNode polled = s.api.call("GET", "/api/notifications?after=" + cursor, s.operator.token(), null).ok();
            List<JsonNode> polledList = new ArrayList<>();
            polled.path("notifications").forEach(polledList::add);
            assertThat(polledList).extracting(n -> n.path("payload").path("report").asText())
                    .containsExactly("first", "second-" + run, "third");
            assertThat(polledList).extracting(n -> n.path("seq").asLong()).containsExactly(from + 1, from + 2, from + 3);

            // WebSocket resumes with after_notification.
            try (WsProbe ws = WsProbe.open(s.adminWs() + "/ws?after_notification=" + cursor + "&ticket="
                    + s.api.ticket(s.operator.token()))) {
                await().atMost(WAIT).until(() -> ws.ofType("notification:new").size() >= 3);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> ws.ofType("notification:new").size() == 3);
                assertThat(reports(ws.ofType("notification:new"))).containsExactly("first", "second-" + run, "third");
                assertThat(ws.ofType("notification:new")).extracting(n -> n.path("notification").path("seq").asLong())
                        .containsExactly(from + 1, from + 2, from + 3);
            }

            // SSE resumes with Last-Event-ID, as a browser's EventSource does by itself.
            try (SseProbe sse = SseProbe.open(s.adminHttp() + "/api/events?token=" + s.operator.token(),
                    String.valueOf(cursor))) {
                await().atMost(WAIT).until(() -> notifications(sse).size() >= 3);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> notifications(sse).size() == 3);
                assertThat(reports(notifications(sse))).containsExactly("first", "second-" + run, "third");
                assertThat(sse.events.stream().filter(e -> "notification:new".equals(e.data().path("type").asText()))
                        .map(SseProbe.Event::id).toList())
                        .containsExactly(String.valueOf(from + 1), String.valueOf(from + 2), String.valueOf(from + 3));
            }

            // Walled off: another operator resuming from the start sees none of them, on any transport.
            try (WsProbe theirs = WsProbe.open(s.adminWs() + "/ws?after_notification=0&ticket="
                    + s.api.ticket(other.token()));
                 SseProbe theirSse = SseProbe.open(s.adminHttp() + "/api/events?token=" + other.token(), "0")) {
                await().atMost(WAIT).until(() -> !theirs.ofType("connected").isEmpty()
                        && theirSse.lines.stream().anyMatch(l -> l.contains("\"connected\"")));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> theirs.ofType("notification:new").isEmpty() && notifications(theirSse).isEmpty());
            }
            assertThat(s.api.call("GET", "/api/notifications?after=0", other.token(), null).ok().path("notifications"))
                    .isEmpty();
        }
    }

    private static List<JsonNode> notifications(SseProbe sse) {
        return sse.events.stream().map(SseProbe.Event::data)
                .filter(d -> "notification:new".equals(d.path("type").asText())).toList();
    }

    @Test
    void notificationsAreMarkedReadOneOrAllAndTheUnreadCountFollowsOnlyForTheirOwner() {
        Scenario s = new Scenario("notify-read");
        Api.Operator other = s.api.operatorOf(s.adminToken, s.assistantId);
        try (Jedis worker = new Jedis(URI.create(s.system.serviceEnvironment().get("QUARKUS_REDIS_HOSTS")));
             WsProbe ws = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(s.operator.token()))) {
            await().atMost(WAIT).until(() -> !ws.ofType("connected").isEmpty());
            for (int i = 0; i < 3; i++) {
                worker.publish("notifications:" + s.operator.id(),
                        workerNotification(s.operator.id(), "r-" + UUID.randomUUID(), "r" + i));
            }
            await().atMost(WAIT).until(() -> s.api.call("GET", "/api/notifications", s.operator.token(), null).ok()
                    .path("unread").asLong() == 3);
            JsonNode list = s.api.call("GET", "/api/notifications", s.operator.token(), null).ok().path("notifications");
            long firstId = list.get(0).path("id").asLong();

            // Another operator cannot mark it: it is not theirs.
            Api.Answer foreign = s.api.call("POST", "/api/notifications/" + firstId + "/read", other.token(), Map.of());
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.body().path("error").asText()).isEqualTo("notification_not_found");

            JsonNode one = s.api.call("POST", "/api/notifications/" + firstId + "/read", s.operator.token(), Map.of()).ok();
            assertThat(one.path("unread").asLong()).isEqualTo(2);
            JsonNode after = s.api.call("GET", "/api/notifications", s.operator.token(), null).ok();
            assertThat(after.path("notifications").get(0).path("read_at").isNull()).isFalse();
            assertThat(after.path("unread").asLong()).isEqualTo(2);

            JsonNode all = s.api.call("POST", "/api/notifications/read", s.operator.token(), Map.of()).ok();
            assertThat(all.path("marked").asInt()).isEqualTo(2);
            assertThat(all.path("unread").asLong()).isZero();
            // The user's other tabs hear it.
            await().atMost(WAIT).until(() -> ws.ofType("notification:read").stream()
                    .anyMatch(e -> e.path("unread").asLong() == 0));

            Api.Answer bad = s.api.call("POST", "/api/notifications/read", s.operator.token(), Map.of("up_to_seq", -1));
            assertThat(bad.status()).isEqualTo(400);
        }
    }
}
