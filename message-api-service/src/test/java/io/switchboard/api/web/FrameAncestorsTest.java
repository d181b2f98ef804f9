package io.switchboard.api.web;

import static io.restassured.RestAssured.given;
import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class FrameAncestorsTest {
    /** Switchboard's own origins in the test profile (public API URL, trusted origins, dev localhost). */
    private static final String OWN = "frame-ancestors 'self' http://localhost:8080 http://127.0.0.1:8080"
            + " http://localhost:* https://localhost:* http://127.0.0.1:* https://127.0.0.1:*";

    @Inject
    FrameAncestors frameAncestors;

    @Test
    void widgetFrameRendersOnlyInsideTheTokensAllowedDomainsAndSwitchboardsOwnPages() {
        String token = widget(List.of("Shop.Example.com", "*.example.org")).getString("site_token");

        String csp = frame(token).header("Content-Security-Policy");

        assertThat(csp).isEqualTo(OWN + " https://shop.example.com:* http://shop.example.com:*"
                + " https://*.example.org:* http://*.example.org:*");
    }

    @Test
    void unknownTokenOrNoTokenFrameRendersOnlyOnSwitchboardsOwnPages() {
        assertThat(frame("st_nobody_knows_this").header("Content-Security-Policy")).isEqualTo(OWN);
        String none = given().get("/widget/frame.html").then().statusCode(200).extract().header("Content-Security-Policy");
        assertThat(none).isEqualTo(OWN);
    }

    @Test
    void replacedTokenKeepsItsOldDomainsSoTheFrameCanSayWhyItStopped() {
        JsonPath old = widget(List.of("a.example.com"));
        String fresh = as(admin()).body(Map.of("allowed_domains", List.of("b.example.com")))
                .put("/api/widgets/" + old.getLong("id")).then().statusCode(200).extract().path("site_token");

        assertThat(frame(old.getString("site_token")).header("Content-Security-Policy"))
                .contains("https://a.example.com:*").doesNotContain("b.example.com");
        assertThat(frame(fresh).header("Content-Security-Policy"))
                .contains("https://b.example.com:*").doesNotContain("a.example.com");
    }

    @Test
    void storedDomainsCannotAddDirectivesToTheHeader() {
        assertThat(frameAncestors.policy(List.of("ok.example.com", "evil.example.com; script-src *", "x y", "'none'")))
                .isEqualTo(OWN + " https://ok.example.com:* http://ok.example.com:*");
    }

    @Test
    void dashboardIsNeverFramedByAnotherSite() {
        given().get("/admin/").then().statusCode(200).header("Content-Security-Policy", "frame-ancestors 'self'");
    }

    private static JsonPath widget(List<String> domains) {
        long assistantId = createAssistant(unique("frame"));
        return as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", domains))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
    }

    private static ExtractableResponse<Response> frame(String token) {
        return given().get("/widget/frame.html?site_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                .then().statusCode(200).body(containsString("data-testid=\"widget\"")).extract();
    }
}
