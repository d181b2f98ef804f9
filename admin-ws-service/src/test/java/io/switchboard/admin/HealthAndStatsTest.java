package io.switchboard.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.IdleSocketLevers;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HealthAndStatsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void healthReportsLiveConnectionsAndAConnectedRedis() {
        Fixture f = Fixture.create();
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
            given().get("/api/sse/health").then().statusCode(200)
                    .body("status", equalTo("healthy"))
                    .body("redis", equalTo("connected"))
                    .body("connections", greaterThanOrEqualTo(1));
        }
    }

    @Test
    void statsAreForOperatorsOnly() {
        Fixture f = Fixture.create();
        given().get("/api/sse/stats").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().queryParam("token", "junk").get("/api/sse/stats").then().statusCode(401)
                .body("message", equalTo("invalid token"));
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "counted"));
            await().until(() -> !s.ofType("message:new").isEmpty());

            given().header("Authorization", "Bearer " + f.operatorToken()).get("/api/sse/stats").then().statusCode(200)
                    .body("active_connections", greaterThanOrEqualTo(1))
                    .body("events_sent", greaterThanOrEqualTo(1))
                    .body("connection_details.admin-dialog.connections", greaterThanOrEqualTo(1));
        }
    }

    @Test
    void everyEndpointsConnectionGaugeExistsFromStartUp() {
        // The "no connections while users are active" alert needs a series that reads 0, not one that is missing.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("switchboard_connections{endpoint=\"admin-user\"}",
                "switchboard_connections{endpoint=\"admin-dialog\"}",
                "switchboard_connections{endpoint=\"admin-sse-user\"}",
                "switchboard_connections{endpoint=\"admin-sse-dialog\"}");
    }

    @Test
    void readinessNeedsRedisAndPostgresAndMetricsNameEveryDeliveryStage() {
        Fixture f = Fixture.create();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        try (TestSocket refused = TestSocket.open(base, "/ws?token=bad");
             TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(refused::isClosed);
            await().until(() -> !s.ofType("subscribed").isEmpty());
            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "measured"));
            await().until(() -> !s.ofType("message:new").isEmpty());

            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

            assertThat(metrics).contains("switchboard_connections{endpoint=\"admin-dialog\"}",
                    "switchboard_events_delivered_total{endpoint=\"admin-dialog\"}",
                    "switchboard_delivery_latency_seconds_bucket{endpoint=\"admin-dialog\"",
                    "switchboard_auth_failures_total{code=\"4401\",endpoint=\"admin-user\"}",
                    "switchboard_redis_connected 1.0");
        }
    }

    @Test
    void connectionCountsAreExportedWithoutATimerSamplePerConnection() {
        // PerConnectionTimers denies Quarkus' per-connection long-task timers (~200 bytes of heap per idle socket,
        // docs/performance.md "Configuration levers (idlecfg)"); the counts a dashboard or an alert reads stay.
        Fixture f = Fixture.create();
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
            given().get("/api/sse/health").then().statusCode(200);

            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

            assertThat(value(metrics, "switchboard_connections{endpoint=\"admin-dialog\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "http_server_active_connections")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("http_server_requests_seconds_count{")
                    .doesNotContain("http_server_connections_seconds", "http_server_websocket_connections_seconds");
        }
    }

    /** The value of the series {@code name} (with its labels, if it has any) in a Prometheus text page. */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("series %s in /q/metrics", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void idleSocketsKeepNoUpgradeRequestAndASmallInboundQueue() {
        IdleSocketLevers.check();
    }
}
