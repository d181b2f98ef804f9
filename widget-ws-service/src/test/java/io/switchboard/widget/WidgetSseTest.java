package io.switchboard.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WidgetSseTest {

    @TestHTTPResource("/")
    URI base;

    private String path(Guest g) {
        return "/api/widget/dialogs/" + g.dialogId() + "/events" + g.widgetQuery();
    }

    @Test
    void theStreamStartsWithRetryAndSendsHeartbeatsAndEventsWithTheirSeqAsId() {
        Guest g = Guest.create();
        try (SseStream s = Guest.sse(base, path(g))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(s.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(s.header("X-Accel-Buffering")).isEqualTo("no");
            await().until(() -> s.lines().stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

            TestRedis.messageNew(g.assistantId(), TestDb.message(g.dialogId(), "x"));

            await().until(() -> s.events().size() == 1);
            await().until(() -> s.lines().contains(": heartbeat"));
            assertThat(s.lines().get(0)).isEqualTo("retry: 5000");
            assertThat(s.events().get(0).event()).isEqualTo("message");
            assertThat(s.events().get(0).id()).isEqualTo("1");
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsOnlyWhatCameAfterIt() {
        Guest g = Guest.create();
        for (int i = 1; i <= 4; i++) {
            TestDb.message(g.dialogId(), "m" + i);
        }
        try (SseStream s = Guest.sse(base, path(g), Map.of("Last-Event-ID", "2"))) {
            await().until(() -> s.events().size() == 2);
            assertThat(s.events()).extracting(SseStream.Event::id).containsExactly("3", "4");
        }
    }

    @Test
    void anotherGuestsDialogAndAnUnknownOneAreTheSame403Json() {
        Guest mine = Guest.create();
        Guest other = Guest.create();
        try (SseStream forbidden = Guest.sse(base, "/api/widget/dialogs/" + other.dialogId() + "/events"
                + mine.widgetQuery());
             SseStream unknown = Guest.sse(base, "/api/widget/dialogs/987654321/events" + mine.widgetQuery());
             SseStream badResume = Guest.sse(base, path(mine) + "&after_seq=minus-one")) {
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.error().path("error").asText()).isEqualTo("forbidden");
            assertThat(forbidden.error().path("message").asText())
                    .isEqualTo("this conversation does not exist or is not yours");
            assertThat(unknown.status()).isEqualTo(403);
            assertThat(unknown.error()).isEqualTo(forbidden.error());
            assertThat(badResume.status()).isEqualTo(400);
            assertThat(badResume.error().path("message").asText()).isEqualTo("after_seq must be a non-negative whole number");
        }
    }
}
