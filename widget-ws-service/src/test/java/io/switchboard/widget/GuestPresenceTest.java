package io.switchboard.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.presence.PresenceKeys;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestSocket;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A visitor's widget connections (socket or SSE) make them online in their dialog; leaving updates "last seen". */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class GuestPresenceTest {
    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    private List<String> live(long dialogId) {
        return redis.sortedSet(String.class).zrangebyscore(PresenceKeys.guest(dialogId),
                ScoreRange.from((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY));
    }

    private Long lastSeen(long dialogId) {
        String v = redis.value(String.class).get(PresenceKeys.guestSeen(dialogId));
        return v == null ? null : Long.parseLong(v);
    }

    @Test
    void theVisitorIsOnlineWhileConnectedAndLastSeenWhenTheyLeft() {
        Guest g = Guest.create();
        Guest other = Guest.create();
        long before = System.currentTimeMillis();
        TestSocket socket = Guest.socket(base, g.widgetSocket());
        await().until(() -> !socket.ofType("connected").isEmpty());
        await().until(() -> live(g.dialogId()).size() == 1);
        assertThat(lastSeen(g.dialogId())).isGreaterThanOrEqualTo(before);
        assertThat(live(other.dialogId())).isEmpty();

        try (SseStream sse = Guest.sse(base, "/api/widget/dialogs/" + g.dialogId() + "/events" + g.widgetQuery())) {
            assertThat(sse.status()).isEqualTo(200);
            await().until(() -> live(g.dialogId()).size() == 2);
        }
        await().until(() -> live(g.dialogId()).size() == 1);
        long open = lastSeen(g.dialogId());
        socket.close();
        await().until(() -> live(g.dialogId()).isEmpty());
        await().until(() -> lastSeen(g.dialogId()) >= open);
        assertThat(redis.key(String.class).pttl(PresenceKeys.guestSeen(g.dialogId())))
                .isGreaterThan(java.time.Duration.ofDays(29).toMillis());
    }
}
