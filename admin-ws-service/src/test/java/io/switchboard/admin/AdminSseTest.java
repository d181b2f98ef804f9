package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.RawHttp;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AdminSseTest {

    @TestHTTPResource("/")
    URI base;

    private static boolean subscribed(SseStream s) {
        return s.lines().stream().anyMatch(l -> l.startsWith(": {\"type\":\"subscribed\""));
    }

    @Test
    void theStreamStartsWithRetryThenCarriesStoredAndLiveEventsWithSeqIdsAndHeartbeats() {
        Fixture f = Fixture.create();
        TestDb.message(f.dialogId(), "one");
        TestDb.message(f.dialogId(), "two");
        try (SseStream s = SseStream.open(base, "/api/dialogs/" + f.dialogId() + "/events?after_seq=0&token="
                + f.operatorToken())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(s.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(s.header("X-Accel-Buffering")).isEqualTo("no");
            await().until(() -> s.messageSeqs(f.dialogId()).size() == 2);

            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "three"));

            await().until(() -> s.messageSeqs(f.dialogId()).size() == 3);
            await().until(() -> s.lines().contains(": heartbeat"));
            assertThat(s.lines().get(0)).isEqualTo("retry: 5000");
            assertThat(s.events()).extracting(SseStream.Event::event).containsOnly("message");
            // Only messages carry a seq id; a dialog:update (e.g. rebuilt after a Redis reconnect) has none.
            List<SseStream.Event> messages = s.events().stream()
                    .filter(e -> "message:new".equals(e.json().path("type").asText())).toList();
            assertThat(messages).extracting(SseStream.Event::id).containsExactly("1", "2", "3");
            assertThat(messages.get(2).json().path("message").path("text").asText()).isEqualTo("three");
        }
    }

    @Test
    void lastEventIdResumesTheStreamExactlyLikeAfterSeq() {
        Fixture f = Fixture.create();
        for (int i = 1; i <= 5; i++) {
            TestDb.message(f.dialogId(), "m" + i);
        }
        try (SseStream s = SseStream.open(base, "/api/dialogs/" + f.dialogId() + "/events?token=" + f.operatorToken(),
                Map.of("Last-Event-ID", "3"))) {
            await().until(() -> s.messageSeqs(f.dialogId()).size() == 2);
            await().until(() -> subscribed(s));
            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "m6"));
            await().until(() -> s.messageSeqs(f.dialogId()).size() == 3);
            assertThat(s.messageSeqs(f.dialogId())).containsExactly(4L, 5L, 6L);
        }
    }

    @Test
    void refusalsAreJsonErrorsWithTheRightStatusBeforeAnyStream() {
        Fixture mine = Fixture.create();
        Fixture other = Fixture.create();
        try (SseStream bad = SseStream.open(base, "/api/dialogs/" + mine.dialogId() + "/events?token=nope");
             SseStream forbidden = SseStream.open(base, "/api/dialogs/" + other.dialogId() + "/events?token="
                     + mine.operatorToken());
             SseStream unknown = SseStream.open(base, "/api/dialogs/987654321/events?token=" + mine.operatorToken())) {
            assertThat(bad.status()).isEqualTo(401);
            assertThat(bad.error().path("error").asText()).isEqualTo("unauthorized");
            assertThat(bad.error().path("message").asText()).isEqualTo("invalid token");
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.error().path("error").asText()).isEqualTo("forbidden");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.error().path("message").asText()).isEqualTo("dialog 987654321 not found");
        }
    }

    @Test
    void theUserLevelStreamCarriesDialogUpdatesWithoutIdsAndNotificationsWithTheirSeqAsId() {
        Fixture f = Fixture.create();
        try (SseStream s = SseStream.open(base, "/api/events?token=" + f.operatorToken())) {
            await().until(() -> s.lines().stream().anyMatch(l -> l.startsWith(": {\"type\":\"connected\"")));

            TestRedis.publish(Envelope.dialogUpdate(new DialogPayload(f.dialogId(), f.assistantId(), "g", "operator",
                    f.operatorId(), 1, 0L, Instant.now(), "hi", "user")), TestRedis.CHANNELS.assistant(f.assistantId()));
            TestDb.StoredNotification n = TestDb.notification(f.operatorId(), "k", "{}");
            TestRedis.publish("notifications:" + f.operatorId(), n.envelope());

            await().until(() -> s.events().size() == 2);
            assertThat(s.events()).extracting(e -> e.json().path("type").asText())
                    .containsExactlyInAnyOrder("dialog:update", "notification:new");
            assertThat(s.events()).filteredOn(e -> "dialog:update".equals(e.json().path("type").asText()))
                    .extracting(SseStream.Event::id).containsOnlyNulls();
            assertThat(s.events()).filteredOn(e -> "notification:new".equals(e.json().path("type").asText()))
                    .extracting(SseStream.Event::id).containsExactly(String.valueOf(n.seq()));
        }
    }

    @Test
    void browsersFromAllowedOriginsGetCorsHeadersAndOthersA403() throws Exception {
        Fixture f = Fixture.create();
        String path = "/api/dialogs/" + f.dialogId() + "/events?token=" + f.operatorToken();

        RawHttp.Response allowed = RawHttp.get(base, path, Map.of("Origin", "http://localhost:8080"), 12);
        RawHttp.Response denied = RawHttp.get(base, path, Map.of("Origin", "https://evil.example"), 0);

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:8080");
        assertThat(allowed.bodyStart()).contains("retry: 5000");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Access-Control-Allow-Origin")).isNull();
    }
}
