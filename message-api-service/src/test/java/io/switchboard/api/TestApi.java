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

    /** Opens (or finds) a widget guest's dialog and returns its id. */
    public static long openDialog(long assistantId, String guestId) {
        return json().body(Map.of("assistant_id", assistantId, "guest_id", guestId)).post("/api/widget/dialogs")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200),
                        org.hamcrest.Matchers.is(201)))
                .extract().jsonPath().getLong("id");
    }

    public static Response guestPost(long assistantId, String guestId, long dialogId, Map<String, ?> body) {
        return json().queryParam("assistant_id", assistantId).queryParam("guest_id", guestId).body(body)
                .post("/api/widget/dialogs/" + dialogId + "/messages");
    }

    /** The operator or admin takes the dialog over (the handoff lock: only the holder writes into it). */
    public static void takeOver(String token, long dialogId) {
        as(token).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200);
    }

    public static Response staffPost(String token, long dialogId, Map<String, ?> body) {
        return as(token).body(body).post("/api/dialogs/" + dialogId + "/messages");
    }

    public static List<Map<String, Object>> guestMessages(long assistantId, String guestId, long dialogId) {
        return json().queryParam("assistant_id", assistantId).queryParam("guest_id", guestId)
                .get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(200).extract().jsonPath().getList("messages");
    }
}
