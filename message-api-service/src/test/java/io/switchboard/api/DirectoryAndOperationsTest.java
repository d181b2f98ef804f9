package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.service.DevSeed;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class DirectoryAndOperationsTest {
    @Inject
    Flyway flyway;
    @Inject
    DevSeed seed;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void duplicateUsernameIsAConflict() {
        String username = unique("dup");
        Map<String, String> user = Map.of("username", username, "password", "long-enough", "display_name", "Dup",
                "role", "operator");
        as(admin()).body(user).post("/api/users").then().statusCode(201)
                .body("username", is(username)).body("role", is("operator")).body("display_name", is("Dup"));
        as(admin()).body(user).post("/api/users").then().statusCode(409).body("error", is("username_taken"))
                .body("message", is("The username \"" + username + "\" is already taken."));
    }

    @Test
    void userInputIsChecked() {
        as(admin()).body(Map.of("username", unique("u"), "password", "short", "display_name", "X", "role", "operator"))
                .post("/api/users").then().statusCode(400).body("message", is("password must be at least 8 characters long."));
        as(admin()).body(Map.of("username", unique("u"), "password", "long-enough", "display_name", "X", "role", "root"))
                .post("/api/users").then().statusCode(400).body("message", is("role must be \"admin\" or \"operator\"."));
        as(admin()).body(Map.of("user_id", 987654321)).post("/api/assistants/1/members").then().statusCode(404)
                .body("error", is("user_not_found"));
    }

    @Test
    void clientConfigTellsBrowsersWhereTheSocketServicesAre() {
        given().get("/api/client-config").then().statusCode(200)
                .body("admin_ws_url", is("http://localhost:8081")).body("widget_ws_url", is("http://localhost:8082"))
                .body("server_time", org.hamcrest.Matchers.startsWith(java.time.Instant.now().toString().substring(0, 10)));
    }

    @Test
    void browsersOnCustomerSitesMayCallTheApiAndNoOtherPageMayReadItsAnswers() {
        String domain = TestApi.unique("cors").toLowerCase() + ".example.com";
        long assistantId = TestApi.createAssistant(TestApi.unique("cors"));
        long widgetId = TestApi.as(TestApi.admin()).body(java.util.Map.of("assistant_id", assistantId,
                "allowed_domains", java.util.List.of(domain))).post("/api/widgets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                preflight("https://" + domain).statusCode(204)
                        .header("Access-Control-Allow-Origin", "https://" + domain)
                        .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("POST")));
        // Any other page: no CORS headers, so the browser lets it read nothing (it used to reflect every origin).
        preflight("https://evil.example").statusCode(403)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        given().header("Origin", "https://evil.example").get("/api/client-config").then().statusCode(200)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        given().header("Origin", "http://localhost:8080").get("/api/client-config").then()
                .header("Access-Control-Allow-Origin", "http://localhost:8080");
        // The loader's token check answers any page, so a page off the token's domains can say why (it names nothing).
        given().header("Origin", "https://evil.example").contentType("application/json")
                .body(java.util.Map.of("token", "st_unknown", "domain", "evil.example"))
                .post("/api/validate-widget-token").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://evil.example").body("assistant_id",
                        org.hamcrest.Matchers.nullValue());
        // The message catalogue the loader imports (an ES module, fetched with CORS) is public: any page may read it,
        // so a page off the token's domains can still say in its visitor's language why the chat is unavailable.
        given().header("Origin", "https://evil.example").get("/js/ui/locales/ru.js").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://evil.example");
        given().header("Origin", "https://evil.example").get("/widget/frame.js").then().statusCode(200)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        // A deleted widget's domains stop being answered.
        TestApi.as(TestApi.admin()).delete("/api/widgets/" + widgetId).then().statusCode(204);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                preflight("https://" + domain).header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue()));
    }

    private static io.restassured.response.ValidatableResponse preflight(String origin) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .options("/api/widget/dialogs").then();
    }

    @Test
    void readinessReportsPostgresAndMetricsAreExposed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("postgresql"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("switchboard_longpoll_waiters", "switchboard_publish_failures_total",
                "switchboard_publish_sent_total");
    }

    @Test
    void flywayResolvesTheStoreMigrationsFromTheClasspath() {
        // MISSING_SUCCESS would mean: applied in the database but not found in the store jar.
        assertThat(flyway.info().all()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getState()).isEqualTo(MigrationState.SUCCESS));
        assertThat(flyway.info().all()).extracting(MigrationInfo::getScript).contains("V1__init.sql");
    }

    @Test
    void devSeedIsIdempotent() throws Exception {
        seed.seed();
        seed.seed();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM users WHERE username = 'admin'")).isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM assistants WHERE name = 'Demo assistant'")).isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM widgets w JOIN assistants a ON a.id = w.assistant_id"
                    + " WHERE a.name = 'Demo assistant'")).isEqualTo(1);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
