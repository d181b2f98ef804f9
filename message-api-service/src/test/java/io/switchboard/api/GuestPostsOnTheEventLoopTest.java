package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.guestToken;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A guest whose credential the server remembers posts without a worker thread: its checks run on the event loop,
 * which queues the post for its batch. Only what needs PostgreSQL (a credential not remembered, a page whose
 * {@code Origin} needs the widget domains read, any refusal) goes to a worker, with the same answers as before: a
 * guest never writes into another assistant's dialog however warm the memory is, and a widget revoked a moment ago
 * refuses its guests on their next post although their credentials are remembered.
 */
@QuarkusTest
@TestProfile(PostsWithoutParkedWorkersTest.FewWorkers.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class GuestPostsOnTheEventLoopTest {
    private static final String NOT_YOURS = DialogAccess.NOT_YOUR_DIALOG;

    @Test
    void aRememberedGuestsPostIsAnsweredWhileEveryWorkerThreadIsBusy() throws Exception {
        long assistantId = createAssistant(unique("loop"));
        String known = unique("guest");
        long dialog = openDialog(assistantId, known);
        guestPost(assistantId, known, dialog, Map.of("text", "first")).then().statusCode(201);
        String stranger = unique("guest");
        long strangersDialog = openDialog(assistantId, stranger);

        ExecutorService clients = Executors.newCachedThreadPool();
        CountDownLatch started = new CountDownLatch(PostsWithoutParkedWorkersTest.WORKERS);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < PostsWithoutParkedWorkersTest.WORKERS; i++) {
                Infrastructure.getDefaultWorkerPool().execute(() -> {
                    started.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(started.await(20, TimeUnit.SECONDS)).as("every worker thread is taken").isTrue();

            // A credential the server does not know must be looked up in PostgreSQL: that post waits for a worker.
            CompletableFuture<Response> unknown = CompletableFuture.supplyAsync(() -> json()
                    .queryParam("assistant_id", assistantId).queryParam("guest_token", "gt_made-up-" + stranger)
                    .body(Map.of("text", "let me in")).post("/api/widget/dialogs/" + strangersDialog + "/messages"),
                    clients);
            Response second = CompletableFuture.supplyAsync(() -> guestPost(assistantId, known, dialog,
                    Map.of("text", "second")), clients).get(20, TimeUnit.SECONDS);
            assertThat(second.statusCode()).as(second.asString()).isEqualTo(201);
            assertThat(second.jsonPath().getLong("seq")).isEqualTo(2);
            Response third = CompletableFuture.supplyAsync(() -> guestPost(assistantId, known, dialog,
                    Map.of("text", "third", "client_msg_id", "c-3")), clients).get(20, TimeUnit.SECONDS);
            assertThat(third.statusCode()).as(third.asString()).isEqualTo(201);
            assertThat(unknown).as("the unknown credential's post waits for a worker thread").isNotDone();

            release.countDown();
            Response refused = unknown.get(20, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
            assertThat(refused.jsonPath().getString("message")).isEqualTo(NOT_YOURS);
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
        // A repeat of a client_msg_id is still answered with the first message (on a worker, the full path).
        guestPost(assistantId, known, dialog, Map.of("text", "third", "client_msg_id", "c-3")).then().statusCode(200)
                .body("seq", is(3));
        assertThat(guestMessages(assistantId, known, dialog)).extracting(m -> m.get("text"))
                .containsExactly("first", "second", "third");
        assertThat(guestMessages(assistantId, stranger, strangersDialog)).isEmpty();
    }

    @Test
    void aRememberedGuestOfOneAssistantNeverWritesIntoAnotherAssistantsDialog() {
        long a = createAssistant(unique("tenant-a"));
        long b = createAssistant(unique("tenant-b"));
        String alice = unique("alice");
        String bob = unique("bob");
        long alicesDialog = openDialog(a, alice);
        long bobsDialog = openDialog(b, bob);
        // Both credentials are remembered and both posts took the event loop's path.
        guestPost(a, alice, alicesDialog, Map.of("text", "alice here")).then().statusCode(201);
        guestPost(b, bob, bobsDialog, Map.of("text", "bob here")).then().statusCode(201);

        // Alice's credential, her own assistant_id, Bob's dialog: refused as a dialog that is not hers.
        json().queryParam("assistant_id", a).queryParam("guest_token", guestToken(a, alice))
                .body(Map.of("text", "into b")).post("/api/widget/dialogs/" + bobsDialog + "/messages")
                .then().statusCode(403).body("message", is(NOT_YOURS));
        // Alice's credential presented as one of assistant b's: it is bound to a.
        json().queryParam("assistant_id", b).queryParam("guest_token", guestToken(a, alice))
                .body(Map.of("text", "into b")).post("/api/widget/dialogs/" + bobsDialog + "/messages")
                .then().statusCode(403).body("message", is(NOT_YOURS));
        // A bad body or a repeat into someone else's dialog tells nothing but 403 either.
        json().queryParam("assistant_id", a).queryParam("guest_token", guestToken(a, alice))
                .body(Map.of("text", "")).post("/api/widget/dialogs/" + bobsDialog + "/messages")
                .then().statusCode(403).body("message", is(NOT_YOURS));

        assertThat(guestMessages(b, bob, bobsDialog)).extracting(m -> m.get("text")).containsExactly("bob here");
        assertThat(guestMessages(a, alice, alicesDialog)).extracting(m -> m.get("text")).containsExactly("alice here");
    }

    @Test
    void aWidgetRevokedAMomentAgoRefusesItsGuestsNextPostThoughTheirCredentialsAreRemembered() {
        long assistantId = createAssistant(unique("revoke-loop"));
        String shop = unique("rl").toLowerCase() + ".example.com";
        JsonPath w = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of(shop)))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
        String origin = "https://" + shop;
        String guest = unique("visitor");
        long dialog = openDialog(assistantId, guest);
        String siteToken = w.getString("site_token");
        long siteDialog = TestApi.openSiteDialog(siteToken, guest, origin);
        String siteCredential = TestApi.siteGuestToken(siteToken, guest);
        // Remembered: each credential has just posted (the assistant_id path from a page on the widget's domain, and
        // without Origin, the event loop's path).
        postFrom(origin, assistantId, guestToken(assistantId, guest), dialog).then().statusCode(201);
        guestPost(assistantId, guest, dialog, Map.of("text", "no origin")).then().statusCode(201);
        sitePost(siteToken, siteCredential, siteDialog, origin).then().statusCode(201);

        as(admin()).delete("/api/widgets/" + w.getLong("id")).then().statusCode(204);

        postFrom(origin, assistantId, guestToken(assistantId, guest), dialog).then().statusCode(403)
                .body("message", is("This chat may not be used from " + shop
                        + "; add that domain to the allowed domains of one of the assistant's widgets."));
        sitePost(siteToken, siteCredential, siteDialog, origin).then().statusCode(403)
                .body("message", is("This site token is not valid: it is unknown or was revoked."));
        assertThat(guestMessages(assistantId, guest, dialog)).extracting(m -> m.get("text"))
                .containsExactly("from " + origin, "no origin");
    }

    private static Response postFrom(String origin, long assistantId, String token, long dialogId) {
        return json().header("Origin", origin).queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                .body(Map.of("text", "from " + origin)).post("/api/widget/dialogs/" + dialogId + "/messages");
    }

    private static Response sitePost(String siteToken, String token, long dialogId, String origin) {
        return json().header("Origin", origin).queryParam("site_token", siteToken).queryParam("guest_token", token)
                .body(Map.of("text", "from " + origin)).post("/api/site/dialogs/" + dialogId + "/messages");
    }
}
