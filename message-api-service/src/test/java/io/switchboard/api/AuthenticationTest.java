package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.switchboard.events.EventCodec;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AuthenticationTest {
    static final String INVALID_TOKEN = "The access token is invalid or expired; log in again.";

    @Inject
    RedisDataSource redis;

    @Test
    void adminLogsInWithTheSeededPasswordAndGetsAnRs256TokenWithItsIdentity() throws Exception {
        var body = json().body(Map.of("username", "admin", "password", "admin123")).post("/api/auth/login")
                .then().statusCode(200)
                .body("token_type", is("Bearer")).body("expires_in", is(43200))
                .body("user.username", is("admin")).body("user.role", is("admin"))
                .body("user.id", notNullValue()).body("user.display_name", notNullValue())
                .extract().jsonPath();
        String[] parts = body.getString("access_token").split("\\.");
        JsonNode header = EventCodec.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = EventCodec.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(claims.get("iss").asText()).isEqualTo("switchboard");
        assertThat(claims.get("aud").toString()).contains("switchboard");
        assertThat(claims.get("sub").asText()).isEqualTo(Long.toString(body.getLong("user.id")));
        assertThat(claims.get("upn").asText()).isEqualTo("admin");
        assertThat(claims.get("groups").toString()).isEqualTo("[\"admin\"]");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(43200);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        json().body(Map.of("username", "admin", "password", "nope")).post("/api/auth/login")
                .then().statusCode(401).body("error", is("invalid_credentials"))
                .body("message", is("Wrong username or password."));
        json().body(Map.of("username", unique("ghost"), "password", "nope")).post("/api/auth/login")
                .then().statusCode(401).body("error", is("invalid_credentials"))
                .body("message", is("Wrong username or password."));
    }

    @Test
    void requestWithoutTokenIsToldToLogIn() {
        json().get("/api/dialogs").then().statusCode(401).body("error", is("unauthorized"))
                .body("message", is("Log in first: this endpoint needs an \"Authorization: Bearer <token>\" header."));
    }

    @Test
    void aTokenWithTheRightKeyIssuerAndAudienceIsAccepted() {
        // The control for the refusals below: each of them spoils exactly one thing of this token.
        as(claims().sign()).get("/api/dialogs").then().statusCode(200);
    }

    @Test
    void expiredTokenIsRefused() {
        long now = Instant.now().getEpochSecond();
        String token = claims().issuedAt(now - 7200).expiresAt(now - 600).sign();
        refused(token);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        refused(claims().sign(gen.generateKeyPair().getPrivate()));
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        long now = Instant.now().getEpochSecond();
        String payload = b64("{\"iss\":\"switchboard\",\"aud\":\"switchboard\",\"sub\":\"1\",\"upn\":\"admin\","
                + "\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
        refused(header + "." + payload + ".");
    }

    @Test
    void hs256TokenKeyedWithThePublicKeyIsRefused() throws Exception {
        byte[] publicPem;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/jwt-public.pem")) {
            publicPem = in.readAllBytes();
        }
        String token = claims().jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(publicPem, "HmacSHA256"));
        refused(token);
    }

    @Test
    void tokenFromAnotherIssuerOrForAnotherAudienceIsRefused() {
        refused(claims().issuer("someone-else").sign());
        refused(claims().audience("another-service").sign());
    }

    @Test
    void operatorCannotUseAdminEndpoints() {
        TestApi.Operator op = createOperator("Olga");
        as(op.token()).body(Map.of("name", "mine")).post("/api/assistants")
                .then().statusCode(403).body("error", is("forbidden"))
                .body("message", is("Your role is not allowed to do this."));
    }

    @Test
    void wsTicketIsStoredInRedisForThirtySecondsWithTheCallersIdentity() throws Exception {
        TestApi.Operator op = createOperator("Tina Ticket");
        String ticket = as(op.token()).post("/api/ws-ticket").then().statusCode(200)
                .body("expires_in", is(30)).extract().path("ticket");
        assertThat(ticket).hasSizeGreaterThanOrEqualTo(40);

        String key = "ws:ticket:" + ticket;
        long ttl = redis.key().ttl(key);
        assertThat(ttl).isBetween(1L, 30L);
        JsonNode value = EventCodec.mapper().readTree(redis.value(String.class).get(key));
        assertThat(value.get("user_id").asLong()).isEqualTo(op.id());
        assertThat(value.get("username").asText()).isEqualTo(op.username());
        assertThat(value.get("display_name").asText()).isEqualTo("Tina Ticket");
        assertThat(value.get("role").asText()).isEqualTo("operator");
        JsonNode claims = EventCodec.mapper().readTree(Base64.getUrlDecoder().decode(op.token().split("\\.")[1]));
        assertThat(value.get("token_exp").asLong()).isEqualTo(claims.get("exp").asLong());
    }

    @Test
    void assistantTokenCanNeitherGetTicketsNorListDialogs() {
        long assistantId = createAssistant(unique("bot"));
        String bot = as(admin()).post("/api/assistants/" + assistantId + "/token").then().statusCode(201)
                .extract().path("access_token");
        as(bot).post("/api/ws-ticket").then().statusCode(403).body("error", is("forbidden"));
        as(bot).get("/api/dialogs").then().statusCode(403).body("error", is("forbidden"));
    }

    private static void refused(String token) {
        as(token).get("/api/dialogs").then().statusCode(401)
                .body("error", is("invalid_token")).body("message", is(INVALID_TOKEN));
    }

    /** The claims of a valid admin token, to be spoiled one at a time. */
    private static JwtClaimsBuilder claims() {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer("switchboard").audience("switchboard").subject("1").upn("admin")
                .groups(Set.of("admin")).issuedAt(now).expiresAt(now + 3600);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
