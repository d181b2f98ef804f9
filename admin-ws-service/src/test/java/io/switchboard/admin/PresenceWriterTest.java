package io.switchboard.admin;

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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every open operator connection, WebSocket or SSE, is a member of {@code presence:op:{user_id}} that lapses unless
 * this node confirms it; a close removes it, and what Redis loses the next refresh writes again.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class PresenceWriterTest {
    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    private List<String> live(long userId) {
        return redis.sortedSet(String.class).zrangebyscore(PresenceKeys.operator(userId),
                ScoreRange.from((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY));
    }

    @Test
    void eachOperatorConnectionCountsUntilItClosesAndTheKeyGoesWithTheLast() {
        Fixture f = Fixture.create();
        TestSocket socket = TestSocket.open(base, "/ws?token=" + f.operatorToken());
        await().until(() -> !socket.ofType("connected").isEmpty());
        await().until(() -> live(f.operatorId()).size() == 1);
        String member = live(f.operatorId()).get(0);
        assertThat(member).endsWith(":" + socket.ofType("connected").get(0).path("connection_id").asText());

        try (SseStream sse = SseStream.open(base, "/api/events?token=" + f.operatorToken())) {
            assertThat(sse.status()).isEqualTo(200);
            await().until(() -> live(f.operatorId()).size() == 2);
        }
        await().until(() -> live(f.operatorId()).size() == 1);
        socket.close();
        await().until(() -> !redis.key(String.class).exists(PresenceKeys.operator(f.operatorId())));
    }

    @Test
    void theRefreshKeepsScoresAheadAndWritesAgainWhatRedisLost() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, "/ws/dialogs/" + f.dialogId() + "?token=" + f.operatorToken())) {
            await().until(() -> live(f.operatorId()).size() == 1);
            // Past the lapse (3 s in tests) the member is still live: the node pushed its score forward.
            await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6))
                    .until(() -> live(f.operatorId()).size() == 1);
            assertThat(redis.key(String.class).pttl(PresenceKeys.operator(f.operatorId()))).isBetween(1L, 3000L);

            redis.key(String.class).del(PresenceKeys.operator(f.operatorId()));
            await().atMost(Duration.ofSeconds(3)).until(() -> live(f.operatorId()).size() == 1);
        }
    }
}
