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
import io.switchboard.socket.core.Drain;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs in its own application instance (access logs on; after the drain it no longer accepts
 * connections, so the drain runs last).
 */
@QuarkusTest
@TestProfile(ShutdownDrainTest.Draining.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class ShutdownDrainTest {

    /** A separate profile, so the drained application is not reused by other test classes. */
    public static class Draining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.shutdown.reconnect-spread", "2s", "quarkus.http.access-log.enabled", "true");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    @Order(1)
    void accessLogLinesShowThePathButNeverTheQueryWithItsCredential() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if ("io.quarkus.http.access-log".equals(record.getLoggerName())) {
                    lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try {
            given().queryParam("token", "eyJsecret-token-value").get("/api/sse/stats").then().statusCode(401);
            await().until(() -> lines.stream().anyMatch(l -> l.contains("/api/sse/stats")));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(lines).noneMatch(l -> l.contains("eyJsecret-token-value") || l.contains("token="));
    }

    @Test
    @Order(2)
    void onShutdownClientsAreToldToReconnectLaterAndReadinessGoesDown() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath());
             SseStream sse = SseStream.open(base, "/api/dialogs/" + f.dialogId() + "/events?token=" + f.operatorToken())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty()
                    && sse.lines().stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

            Arc.container().instance(Drain.class).get().drain();

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
