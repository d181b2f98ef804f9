package io.switchboard.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.core.ConnectionCore;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs in its own application instance: after the drain it no longer accepts connections. */
@QuarkusTest
@TestProfile(ShutdownDrainTest.Draining.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class ShutdownDrainTest {

    /** A separate profile, so the drained application is not reused by other test classes. */
    public static class Draining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.shutdown.reconnect-spread", "2s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void onShutdownClientsAreToldToReconnectLaterAndReadinessGoesDown() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath());
             SseStream sse = SseStream.open(base, "/api/dialogs/" + f.dialogId() + "/events?token=" + f.operatorToken())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty()
                    && sse.lines().stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

            Arc.container().instance(ConnectionCore.class).get().drain();

            await().until(socket::isClosed);
            assertThat(socket.closeCode()).isEqualTo(1012);
            assertThat(socket.closeReason()).matches("server restarting; reconnect in \\d+\\.\\d s with after_seq");
            await().until(() -> sse.lines().stream().anyMatch(l -> l.startsWith(": closed 1012")));
            assertThat(sse.lines()).anySatisfy(l -> assertThat(l).matches("retry: \\d+"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/api/sse/health").then().body("status", equalTo("degraded"));
            try (TestSocket late = TestSocket.open(base, f.dialogPath())) {
                await().until(late::isClosed);
                assertThat(late.closeCode()).isEqualTo(1012);
            }
        }
    }
}
