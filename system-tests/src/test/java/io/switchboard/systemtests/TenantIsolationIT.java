package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two customers on one system (real processes): assistant A and assistant B, each with an operator and guests, A
 * also with a site widget and a site guest. Every id B's operator is shown (dialog ids, guest labels, message ids,
 * notification fields) and every credential B's guests hold is tried against A's dialogs on every guest path —
 * REST history, long-poll, post, handoff, read; WebSocket with typing, read and subscribe frames; SSE — and
 * everything is refused without a byte of A's conversations. A's own guest credential opens nothing of B, and
 * nothing of A's site dialog without its site token.
 */
class TenantIsolationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String A_SITE = "https://shop-a.example.com";
    private static final String NOT_YOURS_REST = "This conversation does not exist or is not yours.";
    private static final String NOT_YOURS_SOCKET = "this conversation does not exist or is not yours";

    @Test
    void nothingBsOperatorOrBsGuestsSeeOrHoldOpensAnythingOfAssistantA() throws Exception {
        Scenario a = new Scenario("tenant-a");
        Scenario b = new Scenario("tenant-b");
        a.guestPost("A's secret question");
        String siteToken = a.api.call("POST", "/api/widgets", a.adminToken, Map.of("assistant_id", a.assistantId,
                "allowed_domains", List.of("shop-a.example.com"))).ok().path("site_token").asText();
        long aSiteDialog = a.api.siteDialog(siteToken, "a-site-guest", A_SITE).path("id").asLong();
        a.api.call("POST", "/api/site/dialogs/" + aSiteDialog + "/messages?" + Api.siteQuery(siteToken, "a-site-guest"),
                null, Map.of("text", "A's site secret"), Map.of("Origin", A_SITE)).ok();
        long aLastSeq = a.lastSeq();

        // B's guest asks for a human, so B's operator has a notification too.
        b.guestPost("B's question");
        b.api.call("POST", "/api/widget/dialogs/" + b.dialogId + "/handoff?" + b.guestQuery(), null, Map.of()).ok();

        // Everything B's operator is shown.
        String bOp = b.operator.token();
        Set<String> shown = new LinkedHashSet<>();
        for (JsonNode d : b.api.call("GET", "/api/dialogs", bOp, null).ok().path("dialogs")) {
            d.fieldNames().forEachRemaining(f -> {
                if (!d.path(f).isContainerNode() && !d.path(f).isNull()) {
                    shown.add(d.path(f).asText());
                }
            });
            for (JsonNode m : b.api.call("GET", "/api/dialogs/" + d.path("id").asLong() + "/messages", bOp, null).ok()
                    .path("messages")) {
                shown.add(m.path("id").asText());
                shown.add(m.path("seq").asText());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.api.call("GET", "/api/notifications", bOp, null).ok()
                .path("notifications").size() > 0);
        for (JsonNode n : b.api.call("GET", "/api/notifications", bOp, null).ok().path("notifications")) {
            shown.add(n.path("id").asText());
            n.path("payload").fields().forEachRemaining(e -> shown.add(e.getValue().asText()));
        }
        assertThat(shown).as("B's operator sees a label, never a guest id or credential")
                .anyMatch(v -> v.matches("guest-[0-9a-f]{8}")).noneMatch(v -> v.startsWith("gt_"));

        // Every credential-shaped thing anyone on B's side has, plus A's credentials on the wrong path.
        List<String> candidates = new ArrayList<>(shown);
        candidates.add(Api.guestToken(b.assistantId, b.guestId));
        String aWidgetToken = Api.guestToken(a.assistantId, a.guestId);
        String aSiteToken = Api.siteQuery(siteToken, "a-site-guest").replaceAll(".*guest_token=", "");

        try (WsProbe aOperator = a.operatorDialogSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !aOperator.ofType("subscribed").isEmpty());

            for (long target : List.of(a.dialogId, aSiteDialog)) {
                for (String c : candidates) {
                    String widget = "assistant_id=" + a.assistantId + "&guest_token=" + enc(c);
                    refusedOnEveryGuestPath(a, "/api/widget/dialogs/" + target, "/ws/widget/dialogs/" + target,
                            widget, Map.of());
                    String site = "site_token=" + enc(siteToken) + "&guest_token=" + enc(c);
                    refusedOnEveryGuestPath(a, "/api/site/dialogs/" + target, "/ws/site/dialogs/" + target, site,
                            Map.of("Origin", A_SITE));
                    // B's own assistant id with the candidate, on A's dialog.
                    String asB = "assistant_id=" + b.assistantId + "&guest_token=" + enc(c);
                    refusedOnEveryGuestPath(a, "/api/widget/dialogs/" + target, "/ws/widget/dialogs/" + target, asB,
                            Map.of());
                }
            }
            // A's widget guest credential opens nothing of A's site dialog, with or without the site token ...
            refusedOnEveryGuestPath(a, "/api/site/dialogs/" + aSiteDialog, "/ws/site/dialogs/" + aSiteDialog,
                    "site_token=" + enc(siteToken) + "&guest_token=" + enc(aWidgetToken), Map.of("Origin", A_SITE));
            refusedOnEveryGuestPath(a, "/api/widget/dialogs/" + aSiteDialog, "/ws/widget/dialogs/" + aSiteDialog,
                    "assistant_id=" + a.assistantId + "&guest_token=" + enc(aWidgetToken), Map.of());
            // ... A's site guest credential needs its site token: not on the assistant_id path ...
            refusedOnEveryGuestPath(a, "/api/widget/dialogs/" + aSiteDialog, "/ws/widget/dialogs/" + aSiteDialog,
                    "assistant_id=" + a.assistantId + "&guest_token=" + enc(aSiteToken), Map.of("Origin", A_SITE));
            // ... and A's credentials open nothing of B.
            for (String c : List.of(aWidgetToken, aSiteToken)) {
                refusedOnEveryGuestPath(b, "/api/widget/dialogs/" + b.dialogId, "/ws/widget/dialogs/" + b.dialogId,
                        "assistant_id=" + b.assistantId + "&guest_token=" + enc(c), Map.of());
                refusedOnEveryGuestPath(b, "/api/widget/dialogs/" + b.dialogId, "/ws/widget/dialogs/" + b.dialogId,
                        "assistant_id=" + a.assistantId + "&guest_token=" + enc(c), Map.of());
            }
            JsonNode atB = b.api.call("POST", "/api/widget/dialogs", null, Map.of("assistant_id", b.assistantId,
                    "guest_token", aWidgetToken)).ok();
            assertThat(atB.path("id").asLong()).as("A's credential at B is a new guest of B").isNotEqualTo(b.dialogId)
                    .isNotEqualTo(a.dialogId);

            // Typing, read and subscribe frames naming A's dialogs from B's guest socket and B's operator socket.
            try (WsProbe bGuest = b.widgetSocket(0);
                 WsProbe bOperator = WsProbe.open(b.adminWs() + "/ws?ticket=" + b.api.ticket(bOp))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !bGuest.ofType("subscribed").isEmpty()
                        && !bOperator.ofType("connected").isEmpty());
                for (WsProbe probe : List.of(bGuest, bOperator)) {
                    for (long target : List.of(a.dialogId, aSiteDialog)) {
                        probe.send("{\"type\":\"subscribe\",\"dialog_id\":" + target + ",\"after_seq\":0}");
                        probe.send("{\"type\":\"typing\",\"dialog_id\":" + target + ",\"state\":true}");
                        probe.send("{\"type\":\"read\",\"dialog_id\":" + target + ",\"seq\":1}");
                    }
                    await().atMost(Duration.ofSeconds(5)).until(() -> probe.ofType("error").size() == 6);
                    assertThat(probe.ofType("error")).extracting(e -> e.path("code").asText())
                            .containsExactly("forbidden", "not_subscribed", "not_subscribed",
                                    "forbidden", "not_subscribed", "not_subscribed");
                    assertThat(probe.frames).noneMatch(f -> f.json().path("dialog_id").asLong() == a.dialogId
                            || f.json().path("dialog_id").asLong() == aSiteDialog);
                }
                // A guest is told the same about a dialog that does not exist.
                bGuest.send("{\"type\":\"subscribe\",\"dialog_id\":999999999,\"after_seq\":0}");
                await().atMost(Duration.ofSeconds(5)).until(() -> bGuest.ofType("error").size() == 7);
                assertThat(bGuest.ofType("error").get(6).path("code").asText()).isEqualTo("forbidden");
                assertThat(bGuest.ofType("error").get(6).path("message").asText())
                        .isEqualTo(bGuest.ofType("error").get(0).path("message").asText());
                // A marker on A's dialog reaches A's operator: had a typing or read of B's got through, it was first.
                long marker = a.guestPost("marker");
                await().atMost(Duration.ofSeconds(5)).until(() -> aOperator.seqs(a.dialogId).contains(marker));
                assertThat(aOperator.ofType("typing")).isEmpty();
                assertThat(aOperator.ofType("read")).noneMatch(r -> !r.path("reader").asText()
                        .equals("user:" + a.operator.id()));
            }
        }
        // Nothing of A moved: no post, no handoff, no read by anyone of B.
        JsonNode aDialog = a.api.call("GET", "/api/dialogs/" + a.dialogId, a.operator.token(), null).ok();
        assertThat(aDialog.path("status").asText()).isEqualTo("bot");
        assertThat(aDialog.path("last_seq").asLong()).isEqualTo(aLastSeq + 1);
        JsonNode aSite = a.api.call("GET", "/api/dialogs/" + aSiteDialog + "/messages", a.operator.token(), null).ok();
        assertThat(aSite.path("messages")).extracting(m -> m.path("text").asText()).containsExactly("A's site secret");
    }

    /**
     * REST (history, long-poll, post, handoff, read), WebSocket and SSE of one guest dialog, all refused with the same
     * "not yours" answer and nothing of the dialog in it.
     */
    private static void refusedOnEveryGuestPath(Scenario s, String restPath, String wsPath, String query,
                                                Map<String, String> headers) throws Exception {
        String what = (restPath + "?" + query).replaceAll("(token=)[^&]+", "$1***");
        for (String[] call : List.of(new String[] {"GET", restPath + "/messages?" + query},
                new String[] {"GET", restPath + "/messages?" + query + "&after_seq=0&wait=1"},
                new String[] {"POST", restPath + "/messages?" + query},
                new String[] {"POST", restPath + "/handoff?" + query},
                new String[] {"POST", restPath + "/read?" + query})) {
            Object body = call[1].contains("/messages?") && "POST".equals(call[0]) ? Map.of("text", "intruder")
                    : call[1].contains("/read?") ? Map.of("seq", 1) : Map.of();
            Api.Answer answer = s.api.call(call[0], call[1], null, "GET".equals(call[0]) ? null : body, headers);
            assertThat(answer.status()).as("%s %s", call[0], what).isIn(401, 403);
            assertThat(answer.body().toString()).as("%s %s", call[0], what).doesNotContain("secret")
                    .doesNotContain("\"messages\"");
            if (answer.status() == 403) {
                assertThat(answer.body().path("message").asText()).as("%s %s", call[0], what)
                        .isIn(NOT_YOURS_REST, "This chat may not be used from shop-a.example.com; add that domain to"
                                + " the allowed domains of one of the assistant's widgets.");
            }
        }
        try (RawWebSocket ws = RawWebSocket.open(s.widgetWs() + wsPath + "?" + query + "&after_seq=0",
                headers.isEmpty() ? Map.of("Origin", "http://localhost") : headers, 0)) {
            RawWebSocket.Ending e = ws.readUntilClose(Duration.ofSeconds(10));
            assertThat(e.code()).as("WebSocket %s", what).isIn(4401, 4403);
            assertThat(e.texts()).as("WebSocket %s sent nothing before closing", what).isEmpty();
            if (e.code() == 4403) {
                assertThat(e.reason()).as("WebSocket %s", what).isIn(NOT_YOURS_SOCKET,
                        "origin not allowed for this assistant's widgets");
            }
        }
        String sse = s.widgetHttp() + restPath + "/events?" + query + "&after_seq=0";
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(sse)).timeout(Duration.ofSeconds(5)).GET()
                .header("Origin", headers.getOrDefault("Origin", "http://localhost"));
        HttpResponse<String> answer = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("SSE %s", what).isIn(401, 403);
        assertThat(answer.body()).as("SSE %s", what).doesNotContain("secret").doesNotContain("message:new");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
