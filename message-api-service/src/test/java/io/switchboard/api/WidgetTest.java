package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WidgetTest {

    @Test
    void createdWidgetComesWithItsTokenAndAPasteableSnippet() {
        long assistantId = createAssistant(unique("widget"));
        JsonPath w = as(admin()).body(Map.of("assistant_id", assistantId,
                        "allowed_domains", List.of("Shop.Example.com", "*.example.net")))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
        String token = w.getString("site_token");
        assertThat(token).startsWith("st_");
        assertThat(w.getList("allowed_domains")).containsExactly("shop.example.com", "*.example.net");
        assertThat(w.getString("embed_snippet")).isEqualTo("<script src=\"http://localhost:8080/widget.js\""
                + " data-site-token=\"" + token + "\" async></script>");

        validate(token, "shop.example.com").body("valid", is(true)).body("reason", nullValue())
                .body("assistant_id", is((int) assistantId));
        validate(token, "https://blog.example.net:8443").body("valid", is(true));
        // A page on another domain learns that the token is not for it, and nothing about whose it is.
        validate(token, "example.net").body("valid", is(false)).body("reason", is("domain_not_allowed"))
                .body("assistant_id", nullValue());
        validate(token, "evil.example").body("valid", is(false)).body("assistant_id", nullValue());
        validate("st_nobody_knows_this", "shop.example.com").body("valid", is(false))
                .body("reason", is("unknown_token")).body("assistant_id", nullValue());
    }

    @Test
    void changingDomainsIssuesANewTokenAndTheOldOneSaysWhy() {
        long assistantId = createAssistant(unique("widget"));
        JsonPath w = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of("a.example.com")))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
        JsonPath changed = as(admin()).body(Map.of("allowed_domains", List.of("b.example.com")))
                .put("/api/widgets/" + w.getLong("id")).then().statusCode(200).extract().jsonPath();
        assertThat(changed.getString("site_token")).isNotEqualTo(w.getString("site_token"));
        assertThat(changed.getLong("id")).isNotEqualTo(w.getLong("id"));

        validate(w.getString("site_token"), "a.example.com").body("valid", is(false)).body("reason", is("domains_changed"));
        validate(changed.getString("site_token"), "b.example.com").body("valid", is(true));

        List<Map<String, Object>> listed = as(admin()).get("/api/widgets?assistant_id=" + assistantId).then()
                .statusCode(200).extract().jsonPath().getList("widgets");
        assertThat(listed).hasSize(2).noneSatisfy(row -> assertThat(row).containsKey("site_token"));
        assertThat(listed).anySatisfy(row -> {
            assertThat(row.get("revoked")).isEqualTo(true);
            assertThat(row.get("revoked_reason")).isEqualTo("domains_changed");
        });
        as(admin()).body(Map.of("allowed_domains", List.of("c.example.com"))).put("/api/widgets/" + w.getLong("id"))
                .then().statusCode(409).body("error", is("widget_revoked"));
    }

    @Test
    void deletedWidgetsTokenIsRevoked() {
        long assistantId = createAssistant(unique("widget"));
        JsonPath w = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of("x.example.com")))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
        as(admin()).delete("/api/widgets/" + w.getLong("id")).then().statusCode(204);
        validate(w.getString("site_token"), "x.example.com").body("valid", is(false)).body("reason", is("revoked"));
        json().header("Origin", "https://x.example.com")
                .body(Map.of("site_token", w.getString("site_token"))).post("/api/site/dialogs")
                .then().statusCode(403).body("message", is("This site token is not valid: it is unknown or was revoked."));
        as(admin()).delete("/api/widgets/424242424").then().statusCode(404).body("error", is("widget_not_found"));
    }

    @Test
    void widgetInputIsChecked() {
        long assistantId = createAssistant(unique("widget"));
        as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of()))
                .post("/api/widgets").then().statusCode(400).body("error", is("validation"))
                .body("message", is("allowed_domains must list at least one domain, e.g. [\"shop.example.com\"]."));
        as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of("not a domain")))
                .post("/api/widgets").then().statusCode(400)
                .body("message", is("\"not a domain\" is not a domain; use a host like shop.example.com or *.example.com."));
        as(admin()).body(Map.of("assistant_id", 987654321, "allowed_domains", List.of("a.example.com")))
                .post("/api/widgets").then().statusCode(404).body("error", is("assistant_not_found"));
    }

    @Test
    void devSeedsDemoWidgetWorksOnLocalhostPages() {
        json().body(Map.of("token", "st_dev_demo_token", "domain", "localhost")).post("/api/validate-widget-token")
                .then().statusCode(200).body("valid", is(true));
        json().header("Origin", "http://127.0.0.1:5173")
                .body(Map.of("site_token", "st_dev_demo_token"))
                .post("/api/site/dialogs").then().statusCode(201).body("status", is("bot"));
    }

    private static io.restassured.response.ValidatableResponse validate(String token, String domain) {
        return json().body(Map.of("token", token, "domain", domain)).post("/api/validate-widget-token")
                .then().statusCode(200);
    }
}
