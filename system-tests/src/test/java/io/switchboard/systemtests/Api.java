package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.events.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The REST API as a client program uses it, over real HTTP. */
final class Api {
    static final ObjectMapper JSON = EventCodec.mapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Api(String base) {
        this.base = base;
    }

    /** An HTTP answer: status and parsed JSON body (null when empty). */
    record Answer(int status, JsonNode body) {
        JsonNode ok() {
            if (status / 100 != 2) {
                throw new AssertionError("expected success, got " + status + " " + body);
            }
            return body;
        }
    }

    Answer call(String method, String path, String bearer, Object body) {
        return call(method, path, bearer, body, Map.of());
    }

    /** A call with extra headers (e.g. {@code Origin}). */
    Answer call(String method, String path, String bearer, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        try {
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                json = JSON.getNodeFactory().textNode(r.body());
            }
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String login(String username, String password) {
        return call("POST", "/api/auth/login", null, Map.of("username", username, "password", password))
                .ok().get("access_token").asText();
    }

    String adminToken() {
        return login("admin", "admin123");
    }

    long createAssistant(String adminToken, String name) {
        return call("POST", "/api/assistants", adminToken, Map.of("name", name)).ok().get("id").asLong();
    }

    /** An operator's id and JWT. */
    record Operator(long id, String token) {
    }

    /** Creates an operator who is a member of {@code assistantId} and logs it in. */
    Operator operatorOf(String adminToken, long assistantId) {
        String username = "op-" + UUID.randomUUID().toString().substring(0, 8);
        long userId = call("POST", "/api/users", adminToken, Map.of("username", username, "password", "secret-pass-1",
                "display_name", "Operator " + username, "role", "operator")).ok().get("id").asLong();
        Answer member = call("POST", "/api/assistants/" + assistantId + "/members", adminToken, Map.of("user_id", userId));
        if (member.status() / 100 != 2) {
            throw new AssertionError("membership failed: " + member);
        }
        return new Operator(userId, login(username, "secret-pass-1"));
    }

    /** Credentials the server issued, by assistant and the name a test gave the guest (a browser keeps its own). */
    private static final Map<String, String> GUEST_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The open dialog of the guest a test calls {@code guest} (created if none). The first open of a name is a new
     * guest and gets its credential from the server; later opens present it, as the widget does.
     */
    JsonNode guestDialog(long assistantId, String guest) {
        String key = assistantId + ":" + guest;
        Map<String, Object> body = new java.util.HashMap<>(Map.of("assistant_id", assistantId));
        if (GUEST_TOKENS.containsKey(key)) {
            body.put("guest_token", GUEST_TOKENS.get(key));
        }
        JsonNode opened = call("POST", "/api/widget/dialogs", null, body).ok();
        GUEST_TOKENS.put(key, opened.path("guest_token").asText());
        return opened;
    }

    /** The credential the guest called {@code guest} holds for the assistant (made up if it never opened one). */
    static String guestToken(long assistantId, String guest) {
        return GUEST_TOKENS.getOrDefault(assistantId + ":" + guest, "gt_never-issued-" + guest);
    }

    /** The open dialog of the site guest called {@code guest}, through {@code siteToken} from the page {@code origin}. */
    JsonNode siteDialog(String siteToken, String guest, String origin) {
        String key = "site:" + siteToken + ":" + guest;
        Map<String, Object> body = new java.util.HashMap<>(Map.of("site_token", siteToken));
        if (GUEST_TOKENS.containsKey(key)) {
            body.put("guest_token", GUEST_TOKENS.get(key));
        }
        JsonNode opened = call("POST", "/api/site/dialogs", null, body, Map.of("Origin", origin)).ok();
        GUEST_TOKENS.put(key, opened.path("guest_token").asText());
        return opened;
    }

    /** {@code site_token=…&guest_token=…} of the site guest called {@code guest}. */
    static String siteQuery(String siteToken, String guest) {
        return "site_token=" + URLEncoder.encode(siteToken, StandardCharsets.UTF_8) + "&guest_token=" + URLEncoder.encode(
                GUEST_TOKENS.getOrDefault("site:" + siteToken + ":" + guest, "gt_never-issued-" + guest),
                StandardCharsets.UTF_8);
    }

    static String guestQuery(long assistantId, String guest) {
        return "assistant_id=" + assistantId + "&guest_token="
                + URLEncoder.encode(guestToken(assistantId, guest), StandardCharsets.UTF_8);
    }

    JsonNode guestPost(long dialogId, long assistantId, String guest, String text) {
        return call("POST", "/api/widget/dialogs/" + dialogId + "/messages?" + guestQuery(assistantId, guest), null,
                Map.of("text", text)).ok();
    }

    /** The operator or admin takes the dialog over: the handoff lock lets only the holder write into it. */
    JsonNode takeOver(String token, long dialogId) {
        return call("POST", "/api/dialogs/" + dialogId + "/takeover", token, null).ok();
    }

    JsonNode operatorPost(String token, long dialogId, String text) {
        return call("POST", "/api/dialogs/" + dialogId + "/messages", token, Map.of("text", text)).ok();
    }

    /**
     * The {@code Origin} a browser page sends with a guest socket or stream ({@code /ws/widget/}, {@code /ws/site/},
     * {@code /api/widget/}, {@code /api/site/}): a localhost page, which the dev profile allows for every widget.
     */
    static java.util.Optional<String> pageOrigin(String url) {
        return url.matches(".*/(ws|api)/(widget|site)/.*") ? java.util.Optional.of("http://localhost")
                : java.util.Optional.empty();
    }

    /** The base URL this client talks to. */
    String base() {
        return base;
    }

    String ticket(String token) {
        return call("POST", "/api/ws-ticket", token, null).ok().get("ticket").asText();
    }
}
