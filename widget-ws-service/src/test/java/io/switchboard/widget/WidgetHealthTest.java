package io.switchboard.widget;

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
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.socket.testkit.Tokens;
import java.net.URI;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WidgetHealthTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void healthIsPublicAndStatsNeedAnOperatorToken() {
        Guest g = Guest.create();
        long operator = TestDb.user("operator");
        try (TestSocket s = Guest.socket(base, g.widgetSocket())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());

            given().get("/api/sse/health").then().statusCode(200).body("status", equalTo("healthy"))
                    .body("redis", equalTo("connected")).body("connections", greaterThanOrEqualTo(1));
            given().get("/api/sse/stats").then().statusCode(401);
            given().queryParam("token", Tokens.expired(operator, "operator")).get("/api/sse/stats").then()
                    .statusCode(401).body("message", equalTo("token expired"));
            given().queryParam("token", Tokens.user(operator, "operator")).get("/api/sse/stats").then()
                    .statusCode(200).body("connection_details.widget.connections", greaterThanOrEqualTo(1));
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void everyEndpointsConnectionGaugeExistsFromStartUp() {
        // The "no connections while users are active" alert needs a series that reads 0, not one that is missing.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("switchboard_connections{endpoint=\"widget\"}",
                "switchboard_connections{endpoint=\"site\"}", "switchboard_connections{endpoint=\"widget-sse\"}",
                "switchboard_connections{endpoint=\"site-sse\"}");
    }

    @Test
    void idleSocketsKeepNoUpgradeRequestAndASmallInboundQueue() {
        IdleSocketLevers.check();
    }
}
