package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad credential, tried on each door of the system (REST, WebSocket, SSE), is refused the
 * same clear way: 401 with a JSON error, or close 4401 with a reason, before anything is revealed. A token
 * that expires while its socket or stream is open ends it at expiry with 4401.
 */
class HostileTokensIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Map<String, String> hostileTokens(long userId) {
        Instant inAnHour = Instant.now().plusSeconds(3600);
        Map<String, String> t = new LinkedHashMap<>();
        t.put("expired (an hour ago)", TestTokens.devSigned(TestTokens.claims(userId, "operator", Instant.now().minusSeconds(3600))));
        t.put("unsigned (alg=none)", TestTokens.unsigned(TestTokens.claims(userId, "admin", inAnHour)));
        t.put("HS256 keyed with the public key", TestTokens.hs256WithPublicKey(TestTokens.claims(userId, "admin", inAnHour)));
        t.put("signed with another key", TestTokens.otherKeySigned(TestTokens.claims(userId, "admin", inAnHour)));
        Map<String, Object> wrongAudience = TestTokens.claims(userId, "operator", inAnHour);
        wrongAudience.put("aud", "another-system");
        t.put("for another audience", TestTokens.devSigned(wrongAudience));
        Map<String, Object> wrongIssuer = TestTokens.claims(userId, "operator", inAnHour);
        wrongIssuer.put("iss", "https://attacker.example");
        t.put("from another issuer", TestTokens.devSigned(wrongIssuer));
        t.put("garbage", "not.a.jwt");
        return t;
    }

    @Test
    void everyForgedExpiredOrMisaddressedTokenIsRefusedOnRestWebSocketAndSseAlike() throws Exception {
        Scenario s = new Scenario("hostile-tokens");
        String valid = TestTokens.devSigned(TestTokens.claims(s.operator.id(), "operator", Instant.now().plusSeconds(3600)));
        assertThat(s.api.call("GET", "/api/dialogs", valid, null).status()).as("control: a hand-minted valid token works")
                .isEqualTo(200);
        try (WsProbe control = WsProbe.open(s.adminWs() + "/ws/dialogs/" + s.dialogId + "?token=" + valid)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !control.ofType("subscribed").isEmpty());
        }

        for (Map.Entry<String, String> bad : hostileTokens(s.operator.id()).entrySet()) {
            String kind = bad.getKey();
            String token = bad.getValue();
            Api.Answer rest = s.api.call("GET", "/api/dialogs", token, null);
            assertThat(rest.status()).as("REST, %s", kind).isEqualTo(401);
            assertThat(rest.body().path("error").asText()).as("REST, %s", kind).isNotBlank();
            assertThat(rest.body().toString()).as("REST, %s", kind).doesNotContain(s.guestId);

            for (String path : new String[] {"/ws?token=", "/ws/dialogs/" + s.dialogId + "?token="}) {
                try (WsProbe ws = WsProbe.open(s.adminWs() + path + token)) {
                    await().atMost(Duration.ofSeconds(10)).until(ws::isClosed);
                    assertThat(ws.closeCodeNow()).as("WebSocket %s, %s: %s", path, kind, ws.closeReason).isEqualTo(4401);
                    assertThat(ws.closeReason).as("WebSocket, %s", kind).isNotBlank();
                    assertThat(ws.frames).as("nothing is sent before a refusal").isEmpty();
                }
            }
            for (String path : new String[] {"/api/events?token=", "/api/dialogs/" + s.dialogId + "/events?token="}) {
                HttpResponse<String> sse = get(s.adminHttp() + path + token);
                assertThat(sse.statusCode()).as("SSE %s, %s", path, kind).isEqualTo(401);
                assertThat(Api.JSON.readTree(sse.body()).path("error").asText()).isEqualTo("unauthorized");
            }
        }
        for (String missing : new String[] {"/ws", "/ws/dialogs/" + s.dialogId}) {
            try (WsProbe ws = WsProbe.open(s.adminWs() + missing)) {
                await().atMost(Duration.ofSeconds(10)).until(ws::isClosed);
                assertThat(ws.closeCodeNow()).isEqualTo(4401);
                assertThat(ws.closeReason).contains("missing credentials");
            }
        }
        assertThat(s.api.call("GET", "/api/dialogs", null, null).status()).isEqualTo(401);
    }

    @Test
    void aTokenThatExpiresWhileItsSocketAndStreamAreOpenEndsThemWith4401AtExpiry() {
        Scenario s = new Scenario("expiring-token");
        Instant exp = Instant.now().plusSeconds(4);
        String shortLived = TestTokens.devSigned(TestTokens.claims(s.operator.id(), "operator", exp));
        try (WsProbe ws = WsProbe.open(s.adminWs() + "/ws/dialogs/" + s.dialogId + "?token=" + shortLived);
             SseProbe sse = SseProbe.open(s.adminHttp() + "/api/dialogs/" + s.dialogId + "/events?token=" + shortLived)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !ws.ofType("subscribed").isEmpty()
                    && sse.lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));
            long seq = s.guestPost("before expiry");
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.seqs(s.dialogId).contains(seq) && sse.seqs().contains(seq));

            await().atMost(Duration.ofSeconds(10)).until(() -> ws.isClosed() && sse.ended());
            assertThat(ws.closeCodeNow()).isEqualTo(4401);
            assertThat(ws.closeReason).startsWith("token expired");
            assertThat(Instant.now()).as("not before the token's exp (whole seconds)")
                    .isAfterOrEqualTo(Instant.ofEpochSecond(exp.getEpochSecond()).minusMillis(100));
            assertThat(sse.lines).anySatisfy(l -> assertThat(l).startsWith(": closed 4401 token expired"));
        }
    }

    @Test
    void aOneTimeTicketOpensOneStreamOnceEvenAcrossTransports() throws Exception {
        Scenario s = new Scenario("ticket-reuse");
        String ticket = s.api.ticket(s.operator.token());
        try (SseProbe first = SseProbe.open(s.adminHttp() + "/api/events?ticket=" + ticket)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.lines.stream().anyMatch(l -> l.contains("\"type\":\"connected\"")));
            HttpResponse<String> again = get(s.adminHttp() + "/api/dialogs/" + s.dialogId + "/events?ticket=" + ticket);
            assertThat(again.statusCode()).isEqualTo(401);
            assertThat(Api.JSON.readTree(again.body()).path("message").asText()).contains("ticket");
            try (WsProbe ws = WsProbe.open(s.adminWs() + "/ws?ticket=" + ticket)) {
                await().atMost(Duration.ofSeconds(10)).until(ws::isClosed);
                assertThat(ws.closeCodeNow()).isEqualTo(4401);
                assertThat(ws.closeReason).isEqualTo("ticket already used or expired");
            }
        }
        Function<String, Integer> restWithTicketAsBearer = t -> s.api.call("GET", "/api/dialogs", t, null).status();
        assertThat(restWithTicketAsBearer.apply(ticket)).as("a ticket is not a bearer token").isEqualTo(401);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
