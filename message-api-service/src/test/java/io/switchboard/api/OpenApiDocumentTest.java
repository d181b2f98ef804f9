package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/openapi} (docs/getting-started.md) is written out when it is asked for instead of at start
 * ({@link io.switchboard.api.config.OpenApiOnRequest}, docs/performance.md): it must still describe the whole REST
 * API with its bearer-token scheme, in YAML and in JSON alike, and asking again must give the same document (the
 * filters run per request and must not pile up).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class OpenApiDocumentTest {
    @Test
    void theDocumentDescribesTheRestApiInYamlAndJsonAlike() throws Exception {
        String yaml = given().get("/q/openapi").then().statusCode(200)
                .contentType("application/yaml").extract().asString();
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .contentType("application/json").extract().asString();

        JsonNode fromYaml = new YAMLMapper().readTree(yaml);
        JsonNode fromJson = new ObjectMapper().readTree(json);
        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(fromJson.path("openapi").asText()).startsWith("3.");
        assertThat(fromJson.path("paths").path("/api/auth/login").has("post")).isTrue();
        assertThat(fromJson.path("paths").path("/api/dialogs/{id}/messages").has("post")).isTrue();
        JsonNode scheme = fromJson.path("components").path("securitySchemes").path("SecurityScheme");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void askingAgainGivesTheSameDocument() {
        String first = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        String second = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        String yamlFirst = given().get("/q/openapi").then().statusCode(200).extract().asString();
        String yamlSecond = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(second).isEqualTo(first);
        assertThat(yamlSecond).isEqualTo(yamlFirst);
    }
}
