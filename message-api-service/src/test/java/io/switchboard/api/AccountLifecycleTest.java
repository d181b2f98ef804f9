package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.createUser;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.Revocation;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passwords, sign-out, deactivation, membership removal and assistant token rotation: each refuses the old
 * credential on REST at once with a stable error code, and announces the revocation on the revocations channel
 * the socket nodes follow.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AccountLifecycleTest {
    @Inject
    RedisDataSource redis;

    private final List<Revocation> published = new CopyOnWriteArrayList<>();
    private PubSubCommands.RedisSubscriber subscriber;

    @BeforeEach
    void listen() {
        subscriber = redis.pubsub(String.class).subscribe(List.of("ws:revocations"),
                json -> published.add(Revocation.decode(json)));
    }

    @AfterEach
    void stop() {
        subscriber.unsubscribe();
    }

    private void awaitRevocation(String subject, int code, String reason) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> published.contains(new Revocation(subject, code,
                reason)));
    }

    private static void login(String username, String password, int status) {
        json().body(Map.of("username", username, "password", password)).post("/api/auth/login")
                .then().statusCode(status);
    }

    @Test
    void changingTheOwnPasswordNeedsTheOldOneEndsEveryOtherSessionAndKeepsThisOne() {
        TestApi.Operator op = createOperator("Pia");
        as(op.token()).body(Map.of("old_password", "wrong-pass", "new_password", "brand-new-pass"))
                .post("/api/auth/password").then().statusCode(403).body("error", is("wrong_password"));
        as(op.token()).body(Map.of("old_password", "secret-pass", "new_password", "short"))
                .post("/api/auth/password").then().statusCode(400).body("error", is("validation"));
        as(op.token()).get("/api/assistants").then().statusCode(200);

        String fresh = as(op.token()).body(Map.of("old_password", "secret-pass", "new_password", "brand-new-pass"))
                .post("/api/auth/password").then().statusCode(200).extract().path("access_token");

        as(op.token()).get("/api/assistants").then().statusCode(401).body("error", is("token_revoked"));
        as(fresh).get("/api/assistants").then().statusCode(200);
        login(op.username(), "secret-pass", 401);
        login(op.username(), "brand-new-pass", 200);
        awaitRevocation(Revocation.user(op.id()), 4401, "password changed; log in again");
    }

    @Test
    void signingOutEndsTheTokenAndALaterLoginWorks() {
        TestApi.Operator op = createOperator("Lou");
        as(op.token()).post("/api/auth/logout").then().statusCode(204);

        as(op.token()).get("/api/notifications").then().statusCode(401).body("error", is("token_revoked"));
        as(op.token()).post("/api/ws-ticket").then().statusCode(401);
        awaitRevocation(Revocation.user(op.id()), 4401, "signed out");
        String again = json().body(Map.of("username", op.username(), "password", "secret-pass"))
                .post("/api/auth/login").then().statusCode(200).extract().path("access_token");
        as(again).get("/api/notifications").then().statusCode(200);
    }

    @Test
    void anAdminResetsAPasswordAndOnlyAnAdminMay() {
        TestApi.Operator op = createOperator("Rae");
        TestApi.Operator other = createOperator("Sam");
        as(other.token()).body(Map.of("password", "taken-over-pass")).post("/api/users/" + op.id() + "/password")
                .then().statusCode(403);

        as(admin()).body(Map.of("password", "reset-by-admin")).post("/api/users/" + op.id() + "/password")
                .then().statusCode(200).body("id", is((int) op.id())).body("active", is(true));

        as(op.token()).get("/api/assistants").then().statusCode(401).body("error", is("token_revoked"));
        login(op.username(), "secret-pass", 401);
        login(op.username(), "reset-by-admin", 200);
        awaitRevocation(Revocation.user(op.id()), 4401, "password reset by an admin; log in again");
        as(admin()).body(Map.of("password", "x")).post("/api/users/" + op.id() + "/password")
                .then().statusCode(400).body("error", is("validation"));
        as(admin()).body(Map.of("password", "long-enough")).post("/api/users/987654321/password")
                .then().statusCode(404).body("error", is("user_not_found"));
    }

    @Test
    void aDeactivatedUserIsRefusedEverywhereCannotLogInAndComesBackWhenReactivated() {
        TestApi.Operator op = createOperator("Dee");
        TestApi.Operator otherAdmin = createUser("admin", "Second admin");
        as(otherAdmin.token()).post("/api/users/" + otherAdmin.id() + "/deactivate").then().statusCode(409)
                .body("error", is("cannot_deactivate_self"));

        as(otherAdmin.token()).post("/api/users/" + op.id() + "/deactivate").then().statusCode(200)
                .body("active", is(false));

        as(op.token()).get("/api/assistants").then().statusCode(401).body("error", is("account_deactivated"));
        json().body(Map.of("username", op.username(), "password", "secret-pass")).post("/api/auth/login")
                .then().statusCode(403).body("error", is("account_deactivated"));
        awaitRevocation(Revocation.user(op.id()), 4401, "account deactivated");
        assertThat(as(admin()).get("/api/users").then().statusCode(200).extract().jsonPath()
                .getBoolean("users.find { it.id == " + op.id() + " }.active")).isFalse();

        as(admin()).post("/api/users/" + op.id() + "/activate").then().statusCode(200).body("active", is(true));
        as(op.token()).get("/api/assistants").then().statusCode(401).body("error", is("token_revoked"));
        login(op.username(), "secret-pass", 200);
    }

    @Test
    void aRemovedMemberLosesTheAssistantsDialogsAtOnce() {
        long assistantId = createAssistant(unique("members"));
        TestApi.Operator op = createOperator("Mo", assistantId);
        long dialogId = openDialog(assistantId, unique("guest"));
        as(op.token()).get("/api/dialogs/" + dialogId).then().statusCode(200);

        as(admin()).delete("/api/assistants/" + assistantId + "/members/" + op.id()).then().statusCode(204);

        as(op.token()).get("/api/dialogs/" + dialogId).then().statusCode(403);
        as(op.token()).get("/api/assistants").then().statusCode(200).body("assistants", org.hamcrest.Matchers.empty());
        awaitRevocation(Revocation.member(assistantId, op.id()), 4403, "removed from assistant " + assistantId);
        as(admin()).delete("/api/assistants/" + assistantId + "/members/" + op.id()).then().statusCode(404)
                .body("error", is("not_a_member"));
        as(op.token()).delete("/api/assistants/" + assistantId + "/members/" + op.id()).then().statusCode(403);
    }

    @Test
    void rotatingAnAssistantTokenRetiresTheOldOneAndRevokingRetiresEveryOne() {
        long assistantId = createAssistant(unique("rotation"));
        long dialogId = openDialog(assistantId, unique("guest"));
        String old = as(admin()).post("/api/assistants/" + assistantId + "/token").then().statusCode(201)
                .extract().path("access_token");
        staffPost(old, dialogId, Map.of("text", "bot v0")).then().statusCode(201);

        String rotated = as(admin()).post("/api/assistants/" + assistantId + "/token/rotate").then().statusCode(201)
                .extract().path("access_token");

        staffPost(old, dialogId, Map.of("text", "stale bot")).then().statusCode(401).body("error", is("token_revoked"));
        staffPost(rotated, dialogId, Map.of("text", "bot v1")).then().statusCode(201);
        awaitRevocation(Revocation.assistantToken(assistantId), 4401, "assistant token rotated");

        as(admin()).delete("/api/assistants/" + assistantId + "/token").then().statusCode(204);
        staffPost(rotated, dialogId, Map.of("text", "revoked bot")).then().statusCode(401)
                .body("error", is("token_revoked"));
        awaitRevocation(Revocation.assistantToken(assistantId), 4401, "assistant token revoked");
        as(admin()).delete("/api/assistants/987654321/token").then().statusCode(404)
                .body("error", is("assistant_not_found"));
    }
}
