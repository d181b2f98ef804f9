package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.SilentWebSocket;
import io.switchboard.socket.testkit.TestSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pings and the pong timeout come from node-wide timers; idle sockets must still get both. */
@QuarkusTest
@TestProfile(HeartbeatTest.FastHeartbeats.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HeartbeatTest {

    /** Pings every second, a peer silent for 3 s is cut. */
    public static class FastHeartbeats implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.connections.ping-interval", "1s", "switchboard.limits.pong-timeout", "3s");
        }
    }

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
