package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an attacker or a broken client sends, against the real processes: frames that are not JSON text,
 * too large or not UTF-8; dialog ids that are not theirs, wherever a dialog id appears; foreign origins;
 * SQL and HTML in messages. Each gets a clear refusal (or is stored verbatim) and reveals nothing.
 * Token forgeries: {@link HostileTokensIT}.
 */
class HostileInputIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RawWebSocket.Ending sendAndAwaitClose(Scenario s, int opcode, byte[] payload) {
        try (RawWebSocket ws = RawWebSocket.open(s.widgetWs() + "/ws/widget/dialogs/" + s.dialogId + "?" + s.guestQuery())) {
            RawWebSocket.Frame f;
            do {
                f = ws.read(Duration.ofSeconds(10));
                assertThat(f).as("frames before subscribed").isNotNull();
            } while (!f.text().contains("\"type\":\"subscribed\""));
            ws.send(opcode, payload);
            return ws.readUntilClose(Duration.ofSeconds(10));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void noServiceSwitchesToCleartextHttp2SoAProxyCannotBeTunnelledThrough() {
        Scenario s = new Scenario("h2c");
        for (String base : List.of(s.api.base(), s.adminHttp(), s.widgetHttp())) {
            String hostPort = base.replace("http://", "");
            assertThat(Ops.statusLineOfH2cUpgrade(hostPort, "/q/health/live")).as("%s", base).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aBinaryFrameGetsAnErrorFrameThen4400() {
        Scenario s = new Scenario("binary-frame");
        RawWebSocket.Ending e = sendAndAwaitClose(s, RawWebSocket.BINARY, new byte[] {0, 1, 2, (byte) 0xFF});
        assertThat(e.code()).isEqualTo(4400);
        assertThat(e.reason()).startsWith("malformed frame:").contains("binary");
        assertThat(e.texts()).anySatisfy(t -> assertThat(t).contains("\"type\":\"error\"").contains("bad_frame"));
    }

    @Test
    void aFrameOverTheSixtyFourKibLimitGetsAnErrorFrameThen1009() {
        Scenario s = new Scenario("oversized-frame");
        String huge = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        RawWebSocket.Ending e = sendAndAwaitClose(s, RawWebSocket.TEXT, huge.getBytes(StandardCharsets.UTF_8));
        assertThat(e.code()).as("reason %s", e.reason()).isEqualTo(1009);
        assertThat(e.reason()).isEqualTo("frame too large: limit 65536 bytes");
        assertThat(e.texts()).anySatisfy(t -> assertThat(t).contains("frame_too_large"));
        // The service is fine and the guest may connect again (its connection slot was given back).
        try (WsProbe again = s.widgetSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !again.ofType("subscribed").isEmpty());
        }
    }

    @Test
    void aTextFrameThatIsNotUtf8GetsAnErrorFrameThen4400() {
        Scenario s = new Scenario("not-utf8");
        byte[] latin1 = "{\"type\":\"ping\",\"x\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        RawWebSocket.Ending e = sendAndAwaitClose(s, RawWebSocket.TEXT, latin1);
        assertThat(e.code()).as("reason %s", e.reason()).isEqualTo(4400);
        assertThat(e.reason()).contains("UTF-8");
        assertThat(e.texts()).anySatisfy(t -> assertThat(t).contains("\"type\":\"error\""));
        assertThat(e.texts()).noneSatisfy(t -> assertThat(t).contains("pong"));
    }

    @Test
    void anUnknownFrameTypeGetsAnErrorFrameNamingItThen4400() {
        Scenario s = new Scenario("unknown-frame");
        RawWebSocket.Ending e = sendAndAwaitClose(s, RawWebSocket.TEXT,
                "{\"type\":\"delete_everything\",\"dialog_id\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(e.code()).isEqualTo(4400);
        assertThat(e.reason()).contains("delete_everything");
        assertThat(e.texts()).anySatisfy(t -> assertThat(t).contains("\"type\":\"error\"").contains("delete_everything"));
    }

    @Test
    void sqlAndHtmlInAMessageAreStoredAndDeliveredVerbatim() {
        Scenario s = new Scenario("sql-html");
        List<String> texts = List.of("'); DROP TABLE messages; --",
                "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>",
                "1' OR '1'='1\" OR \"\"=\" \\u0000 %s %n ${jndi:ldap://x} \u202e\u0645\u0631\u062d\u0628\u0627 \ud83d\ude00");
        try (WsProbe operator = s.operatorDialogSocket(0); SseProbe guestSse = s.widgetSse()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !operator.ofType("subscribed").isEmpty()
                    && guestSse.lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));
            for (String text : texts) {
                JsonNode posted = s.api.guestPost(s.dialogId, s.assistantId, s.guestId, text);
                assertThat(posted.path("text").asText()).isEqualTo(text);
            }
            JsonNode history = s.api.call("GET", "/api/dialogs/" + s.dialogId + "/messages?after_seq=0", s.operator.token(),
                    null).ok();
            List<String> stored = new java.util.ArrayList<>();
            history.path("messages").forEach(m -> stored.add(m.path("text").asText()));
            assertThat(stored).containsExactlyElementsOf(texts);
            await().atMost(Duration.ofSeconds(10)).until(() -> operator.seqs(s.dialogId).size() == 3
                    && guestSse.seqs().size() == 3);
            assertThat(operator.ofType("message:new").stream().map(m -> m.path("message").path("text").asText()).toList())
                    .containsExactlyElementsOf(texts);
            assertThat(guestSse.events.stream().filter(e -> "message:new".equals(e.data().path("type").asText()))
                    .map(e -> e.data().path("message").path("text").asText()).toList())
                    .containsExactlyElementsOf(texts);
        }
    }

    @Test
    void anOperatorReachesNoDialogOfAnotherAssistantWhereverTheDialogIdAppears() throws Exception {
        Scenario mine = new Scenario("cross-assistant-mine");
        Scenario theirs = new Scenario("cross-assistant-theirs");
        theirs.guestPost("their secret question");
        String token = mine.operator.token();
        long foreign = theirs.dialogId;

        for (String[] call : List.of(new String[] {"GET", "/api/dialogs/" + foreign},
                new String[] {"GET", "/api/dialogs/" + foreign + "/messages?after_seq=0"},
                new String[] {"GET", "/api/dialogs/" + foreign + "/messages?after_seq=0&wait=2"},
                new String[] {"POST", "/api/dialogs/" + foreign + "/messages"},
                new String[] {"POST", "/api/dialogs/" + foreign + "/takeover"},
                new String[] {"POST", "/api/dialogs/" + foreign + "/release"},
                new String[] {"POST", "/api/dialogs/" + foreign + "/close"},
                new String[] {"POST", "/api/dialogs/" + foreign + "/read"})) {
            Object body = call[1].endsWith("/messages") && "POST".equals(call[0]) ? Map.of("text", "hi")
                    : call[1].endsWith("/read") ? Map.of("seq", 1) : null;
            Api.Answer a = mine.api.call(call[0], call[1], token, body);
            assertThat(a.status()).as("%s %s", call[0], call[1]).isEqualTo(403);
            assertThat(a.body().path("error").asText()).isEqualTo("forbidden");
            assertThat(a.body().toString()).doesNotContain(theirs.guestId).doesNotContain("secret");
        }
        try (WsProbe dialogSocket = WsProbe.open(mine.adminWs() + "/ws/dialogs/" + foreign + "?token=" + token)) {
            await().atMost(Duration.ofSeconds(10)).until(dialogSocket::isClosed);
            assertThat(dialogSocket.closeCodeNow()).isEqualTo(4403);
            assertThat(dialogSocket.frames).isEmpty();
        }
        HttpResponse<String> sse = HTTP.send(HttpRequest.newBuilder(URI.create(mine.adminHttp() + "/api/dialogs/" + foreign
                + "/events?token=" + token)).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sse.statusCode()).isEqualTo(403);
        assertThat(Api.JSON.readTree(sse.body()).path("error").asText()).isEqualTo("forbidden");

        try (WsProbe user = WsProbe.open(mine.adminWs() + "/ws?token=" + token);
             WsProbe theirOperator = theirs.operatorDialogSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !user.ofType("connected").isEmpty()
                    && !theirOperator.ofType("subscribed").isEmpty());
            user.send("{\"type\":\"subscribe\",\"dialog_id\":" + foreign + ",\"after_seq\":0}");
            user.send("{\"type\":\"typing\",\"dialog_id\":" + foreign + ",\"state\":true}");
            user.send("{\"type\":\"read\",\"dialog_id\":" + foreign + ",\"seq\":1}");
            await().atMost(Duration.ofSeconds(5)).until(() -> user.ofType("error").size() == 3);
            assertThat(user.ofType("error")).extracting(e -> e.path("code").asText())
                    .containsExactly("forbidden", "not_subscribed", "not_subscribed");
            // Their dialog moves on; nothing of it reaches the stranger, and no typing or read reaches them.
            long next = theirs.guestPost("another secret");
            await().atMost(Duration.ofSeconds(5)).until(() -> theirOperator.seqs(foreign).contains(next));
            mine.guestPost("marker on my own dialog");
            await().atMost(Duration.ofSeconds(5)).until(() -> user.ofType("dialog:update").stream()
                    .anyMatch(u -> u.path("dialog_id").asLong() == mine.dialogId));
            assertThat(user.frames).noneMatch(f -> f.json().path("dialog_id").asLong() == foreign);
            assertThat(theirOperator.ofType("typing")).isEmpty();
            assertThat(theirOperator.ofType("read")).noneMatch(r -> r.path("reader").asText().equals("user:" + mine.operator.id()));
            assertThat(user.isClosed()).isFalse();
        }
        JsonNode unread = theirs.api.call("GET", "/api/dialogs/" + foreign, theirs.operator.token(), null).ok();
        assertThat(unread.path("unread").asLong()).as("no read watermark moved by the stranger").isEqualTo(unread.path("last_seq").asLong());
    }

    @Test
    void aGuestReachesNoOtherGuestsDialogWhereverTheDialogIdAppears() throws Exception {
        Scenario s = new Scenario("cross-guest");
        String victim = "victim-" + s.guestId;
        long foreign = s.anotherGuestsDialog(victim);
        s.api.guestPost(foreign, s.assistantId, victim, "victim's secret");
        String mine = s.guestQuery();

        for (String[] call : List.of(new String[] {"GET", "/api/widget/dialogs/" + foreign + "/messages?" + mine},
                new String[] {"GET", "/api/widget/dialogs/" + foreign + "/messages?" + mine + "&after_seq=0&wait=2"},
                new String[] {"POST", "/api/widget/dialogs/" + foreign + "/messages?" + mine},
                new String[] {"POST", "/api/widget/dialogs/" + foreign + "/handoff?" + mine},
                new String[] {"POST", "/api/widget/dialogs/" + foreign + "/read?" + mine})) {
            Object body = call[1].contains("/messages?") && "POST".equals(call[0]) ? Map.of("text", "hi")
                    : call[1].contains("/read?") ? Map.of("seq", 1) : null;
            Api.Answer a = s.api.call(call[0], call[1], null, body);
            assertThat(a.status()).as("%s %s", call[0], call[1]).isEqualTo(403);
            assertThat(a.body().toString()).doesNotContain(victim).doesNotContain("secret");
        }
        try (WsProbe ws = WsProbe.open(s.widgetWs() + "/ws/widget/dialogs/" + foreign + "?" + mine)) {
            await().atMost(Duration.ofSeconds(10)).until(ws::isClosed);
            assertThat(ws.closeCodeNow()).isEqualTo(4403);
            assertThat(ws.frames).isEmpty();
        }
        HttpResponse<String> sse = HTTP.send(HttpRequest.newBuilder(URI.create(s.widgetHttp() + "/api/widget/dialogs/"
                + foreign + "/events?" + mine)).header("Origin", "http://localhost").timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sse.statusCode()).isEqualTo(403);
        assertThat(sse.body()).doesNotContain("secret");
        try (WsProbe own = s.widgetSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !own.ofType("subscribed").isEmpty());
            own.send("{\"type\":\"subscribe\",\"dialog_id\":" + foreign + ",\"after_seq\":0}");
            own.send("{\"type\":\"typing\",\"dialog_id\":" + foreign + ",\"state\":true}");
            own.send("{\"type\":\"read\",\"dialog_id\":" + foreign + ",\"seq\":1}");
            await().atMost(Duration.ofSeconds(5)).until(() -> own.ofType("error").size() == 3);
            assertThat(own.ofType("error")).extracting(e -> e.path("code").asText())
                    .containsExactly("forbidden", "not_subscribed", "not_subscribed");
            assertThat(own.frames).noneMatch(f -> f.json().path("dialog_id").asLong() == foreign);
        }
    }

    @Test
    void aPageFromAnOriginThatIsNotAllowedIsRefusedOnWebSocketSseAndRest() throws Exception {
        Scenario s = new Scenario("origins");
        String siteToken = s.api.call("POST", "/api/widgets", s.adminToken, Map.of("assistant_id", s.assistantId,
                "allowed_domains", List.of("shop.example.com"))).ok().path("site_token").asText();
        Map<String, String> evil = Map.of("Origin", "https://evil.example");
        Map<String, String> shop = Map.of("Origin", "https://shop.example.com");
        String siteGuest = "site-" + s.guestId;
        long siteDialog = s.api.siteDialog(siteToken, siteGuest, "https://shop.example.com").path("id").asLong();
        String siteQuery = Api.siteQuery(siteToken, siteGuest);

        // REST
        assertThat(s.api.call("POST", "/api/site/dialogs/" + siteDialog + "/messages?" + siteQuery, null,
                Map.of("text", "from evil"), evil).status()).isEqualTo(403);
        assertThat(s.api.call("POST", "/api/site/dialogs/" + siteDialog + "/messages?" + siteQuery, null,
                Map.of("text", "from the shop"), shop).status()).isEqualTo(201);
        // WebSocket: site, widget and operator endpoints
        for (String url : List.of(s.widgetWs() + "/ws/site/dialogs/" + siteDialog + "?" + siteQuery,
                s.widgetWs() + "/ws/widget/dialogs/" + s.dialogId + "?" + s.guestQuery(),
                s.adminWs() + "/ws?token=" + s.operator.token())) {
            RawWebSocket.Ending e;
            try (RawWebSocket ws = RawWebSocket.open(url, evil, 0)) {
                e = ws.readUntilClose(Duration.ofSeconds(10));
            }
            assertThat(e.code()).as("%s", url.replaceAll("(token|ticket)=[^&]+", "$1=***")).isEqualTo(4403);
            assertThat(e.reason()).contains("origin");
            assertThat(e.texts()).isEmpty();
        }
        // SSE
        for (String url : List.of(s.widgetHttp() + "/api/site/dialogs/" + siteDialog + "/events?" + siteQuery,
                s.widgetHttp() + "/api/widget/dialogs/" + s.dialogId + "/events?" + s.guestQuery(),
                s.adminHttp() + "/api/events?token=" + s.operator.token())) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://evil.example")
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(Api.JSON.readTree(r.body()).path("error").asText()).isEqualTo("forbidden");
        }
        // The allowed page gets the live stream.
        try (RawWebSocket ws = RawWebSocket.open(s.widgetWs() + "/ws/site/dialogs/" + siteDialog + "?" + siteQuery
                + "&after_seq=0", shop, 0)) {
            RawWebSocket.Frame f;
            do {
                f = ws.read(Duration.ofSeconds(10));
                assertThat(f).isNotNull();
            } while (!f.text().contains("\"type\":\"message:new\""));
            assertThat(f.text()).contains("from the shop");
        }
    }
}
