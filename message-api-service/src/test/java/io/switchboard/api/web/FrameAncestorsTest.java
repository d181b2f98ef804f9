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

        String csp = frameAncestors(frame(token).header("Content-Security-Policy"));

        assertThat(csp).isEqualTo(OWN + " https://shop.example.com:* http://shop.example.com:*"
                + " https://*.example.org:* http://*.example.org:*");
    }

    @Test
    void unknownTokenOrNoTokenFrameRendersOnlyOnSwitchboardsOwnPages() {
        assertThat(frameAncestors(frame("st_nobody_knows_this").header("Content-Security-Policy"))).isEqualTo(OWN);
        String none = given().get("/widget/frame.html").then().statusCode(200).extract().header("Content-Security-Policy");
        assertThat(frameAncestors(none)).isEqualTo(OWN);
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
        String csp = given().get("/admin/").then().statusCode(200).extract().header("Content-Security-Policy");
        assertThat(frameAncestors(csp)).isEqualTo("frame-ancestors 'self'");
    }

    @Test
    void everyPageSendsAScriptPolicyNosniffAndAReferrerPolicy() {
        for (String page : List.of("/admin/", "/widget/frame.html", "/demo/")) {
            ExtractableResponse<Response> r = given().get(page).then().statusCode(200).extract();
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).as(page).startsWith("default-src 'self'; script-src 'self'; style-src 'self';")
                    .contains("object-src 'none'", "base-uri 'none'")
                    // the socket services live on other ports here: their WebSocket and SSE URLs are allowed
                    .contains("connect-src 'self' http://localhost:8080 ws://localhost:8080 http://localhost:8081"
                            + " ws://localhost:8081 http://localhost:8082 ws://localhost:8082")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).as(page).isEqualTo("strict-origin");
            // The policy forbids inline code and styles, so the pages must not have any.
            String html = r.asString();
            assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                    .doesNotContain("<style").doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=");
        }
        ExtractableResponse<Response> api = given().get("/api/client-config").then().statusCode(200).extract();
        assertThat(api.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.header("Referrer-Policy")).isEqualTo("strict-origin");
    }

    private static String frameAncestors(String csp) {
        assertThat(csp).isNotNull();
        return java.util.Arrays.stream(csp.split(";")).map(String::trim).filter(d -> d.startsWith("frame-ancestors"))
                .findFirst().orElseThrow();
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
