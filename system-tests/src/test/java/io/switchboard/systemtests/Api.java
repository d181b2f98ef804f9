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

    /** The guest's open dialog for the assistant (created if none). */
    JsonNode guestDialog(long assistantId, String guestId) {
        return call("POST", "/api/widget/dialogs", null, Map.of("assistant_id", assistantId, "guest_id", guestId)).ok();
    }

    static String guestQuery(long assistantId, String guestId) {
        return "assistant_id=" + assistantId + "&guest_id=" + URLEncoder.encode(guestId, StandardCharsets.UTF_8);
    }

    JsonNode guestPost(long dialogId, long assistantId, String guestId, String text) {
        return call("POST", "/api/widget/dialogs/" + dialogId + "/messages?" + guestQuery(assistantId, guestId), null,
                Map.of("text", text)).ok();
    }

    /** The operator or admin takes the dialog over: the handoff lock lets only the holder write into it. */
    JsonNode takeOver(String token, long dialogId) {
        return call("POST", "/api/dialogs/" + dialogId + "/takeover", token, null).ok();
    }

    JsonNode operatorPost(String token, long dialogId, String text) {
        return call("POST", "/api/dialogs/" + dialogId + "/messages", token, Map.of("text", text)).ok();
    }

    /** The base URL this client talks to. */
    String base() {
        return base;
    }

    String ticket(String token) {
        return call("POST", "/api/ws-ticket", token, null).ok().get("ticket").asText();
    }
}
