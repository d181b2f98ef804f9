package io.switchboard.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the fixtures the tests need through the public REST API, as a client would. */
public final class TestApi {
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);
    private static String adminToken;
    /** Credentials the server issued, by assistant (or site token) and the name a test gave the guest. */
    private static final Map<String, String> GUEST_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** An operator account and its token. */
    public record Operator(long id, String username, String displayName, String token) {
    }

    private TestApi() {
    }

    /** A name nobody else in this test run uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet();
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification as(String token) {
        return json().header("Authorization", "Bearer " + token);
    }

    /** The dev seed's admin. */
    public static synchronized String admin() {
        if (adminToken == null) {
            adminToken = json().body(Map.of("username", "admin", "password", "admin123"))
                    .post("/api/auth/login").then().statusCode(200).extract().path("access_token");
        }
        return adminToken;
    }

    public static long createAssistant(String name) {
        return as(admin()).body(Map.of("name", name)).post("/api/assistants")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static Operator createOperator(String displayName, long... memberOf) {
        return createUser("operator", displayName, memberOf);
    }

    /** A new user of the role ({@code admin} or {@code operator}), its memberships, and its login token. */
    public static Operator createUser(String role, String displayName, long... memberOf) {
        String username = unique("op");
        long id = as(admin()).body(Map.of("username", username, "password", "secret-pass", "display_name", displayName,
                        "role", role))
                .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
        for (long assistantId : memberOf) {
            as(admin()).body(Map.of("user_id", id)).post("/api/assistants/" + assistantId + "/members")
                    .then().statusCode(204);
        }
        String token = json().body(Map.of("username", username, "password", "secret-pass"))
                .post("/api/auth/login").then().statusCode(200).extract().path("access_token");
        return new Operator(id, username, displayName, token);
    }

    /**
     * Opens (or finds) the dialog of the widget guest a test calls {@code guest} and returns its id. The first open
     * of a name gets a credential from the server; later opens (and {@link #guestToken}) present it, as a browser
     * that kept it would.
     */
    public static long openDialog(long assistantId, String guest) {
        String key = "a:" + assistantId + ":" + guest;
        Map<String, Object> body = new java.util.HashMap<>(Map.of("assistant_id", assistantId));
        if (GUEST_TOKENS.containsKey(key)) {
            body.put("guest_token", GUEST_TOKENS.get(key));
        }
        var answer = json().body(body).post("/api/widget/dialogs")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200),
                        org.hamcrest.Matchers.is(201)))
                .extract().jsonPath();
        GUEST_TOKENS.put(key, answer.getString("guest_token"));
        return answer.getLong("id");
    }

    /** Opens (or finds) a site guest's dialog through {@code siteToken} from {@code origin}; returns its id. */
    public static long openSiteDialog(String siteToken, String guest, String origin) {
        String key = "s:" + siteToken + ":" + guest;
        Map<String, Object> body = new java.util.HashMap<>(Map.of("site_token", siteToken));
        if (GUEST_TOKENS.containsKey(key)) {
            body.put("guest_token", GUEST_TOKENS.get(key));
        }
        var answer = json().header("Origin", origin).body(body).post("/api/site/dialogs")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200),
                        org.hamcrest.Matchers.is(201)))
                .extract().jsonPath();
        GUEST_TOKENS.put(key, answer.getString("guest_token"));
        return answer.getLong("id");
    }

    /** The credential the guest called {@code guest} holds for the assistant; a made-up one if it never opened. */
    public static String guestToken(long assistantId, String guest) {
        return GUEST_TOKENS.getOrDefault("a:" + assistantId + ":" + guest, "gt_never-issued-" + guest);
    }

    /** The credential the site guest called {@code guest} holds for the site token. */
    public static String siteGuestToken(String siteToken, String guest) {
        return GUEST_TOKENS.getOrDefault("s:" + siteToken + ":" + guest, "gt_never-issued-" + guest);
    }

    /** The label operators see for the guest (the guest id never leaves the server). */
    public static String guestLabel(long assistantId, String guest) {
        long dialogId = openDialog(assistantId, guest);
        return as(admin()).get("/api/dialogs/" + dialogId).then().statusCode(200).extract().path("guest_label");
    }

    public static Response guestPost(long assistantId, String guest, long dialogId, Map<String, ?> body) {
        return json().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, guest))
                .body(body).post("/api/widget/dialogs/" + dialogId + "/messages");
    }

    /** The operator or admin takes the dialog over (the handoff lock: only the holder writes into it). */
    public static void takeOver(String token, long dialogId) {
        as(token).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200);
    }

    public static Response staffPost(String token, long dialogId, Map<String, ?> body) {
        return as(token).body(body).post("/api/dialogs/" + dialogId + "/messages");
    }

    public static List<Map<String, Object>> guestMessages(long assistantId, String guest, long dialogId) {
        return json().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, guest))
                .get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(200).extract().jsonPath().getList("messages");
    }
}
