package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.events.MessagePayload;
import io.switchboard.socket.testkit.SilentWebSocket;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pings and the pong timeout come from node-wide timers; idle sockets must still get both. */
@QuarkusTest
@TestProfile(HeartbeatTest.FastHeartbeats.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HeartbeatTest {

    /** Pings every second, a peer silent for 3 s is cut; the Redis subscriber is checked every 100 ms. */
    public static class FastHeartbeats implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.connections.ping-interval", "1s", "switchboard.limits.pong-timeout", "3s",
                    "switchboard.delivery.redis-ping-interval", "100ms",
                    "switchboard.delivery.redis-ping-timeout", "500ms");
        }
    }

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URI base;

    @Test
    void anIdleSocketIsPingedAndClosedWith1001WhenItNeverAnswers() throws Exception {
        Fixture f = Fixture.create();
        try (SilentWebSocket silent = SilentWebSocket.open(base, f.dialogPath())) {
            SilentWebSocket.Close close = silent.readUntilClose();

            assertThat(silent.pingsSeen()).as("pings before the close").isGreaterThanOrEqualTo(1);
            assertThat(close.code()).isEqualTo(1001);
            assertThat(close.reason()).startsWith("no answer to pings");
        }
    }

    /**
     * Under load the Redis client loses the answer to a PING that events overtake; the subscriber must not take
     * that for a dead connection (it used to reconnect and repair every dialog every few seconds under load).
     */
    @Test
    void theRedisSubscriberStaysConnectedWhileEventsStreamPastItsPings() {
        Fixture f = Fixture.create();
        MessagePayload m = TestDb.message(f.dialogId(), "hello");
        try (TestSocket s = TestSocket.open(base, f.dialogPath() + "&after_seq=0")) {
            await().until(() -> s.messageSeqs(f.dialogId()).size() == 1);
            double before = reconnects();
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int published = 0;
            while (System.nanoTime() < end) {
                // Repeats of a delivered seq: the node drops them, but each is a push on the subscriber connection.
                TestRedis.messageNew(f.assistantId(), m);
                published++;
            }

            assertThat(published).as("events published past ~30 PINGs").isGreaterThan(1000);
            assertThat(reconnects() - before).as("subscriber reconnects").isZero();
            assertThat(s.messageSeqs(f.dialogId())).containsExactly(m.seq());
        }
    }

    private double reconnects() {
        Counter c = registry.find("switchboard.redis.reconnects").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void anIdleSocketThatAnswersPingsStaysOpenPastThePongTimeout() {
        Fixture f = Fixture.create();
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("connected").isEmpty());
            assertThat(s.ofType("connected").get(0).path("heartbeat_interval").asLong()).isEqualTo(1);

            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> !s.isClosed());
        }
    }
}
