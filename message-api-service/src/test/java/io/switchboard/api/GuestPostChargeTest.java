package io.switchboard.api;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-dialog budget of guest posts (30 at once, then one every 2 s) lives in the dialog's row and is spent by the
 * post itself, in the statement that stores it: only a stored guest message counts (text or file), a retry of a stored
 * one is answered with it, and who hears about a refusal stays as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class GuestPostChargeTest {
    private static final String TOO_FAST = "You are sending messages too fast; wait [12] s and try again\\.";

    @Test
    void requestsThatNeverReachThePostDoNotUseTheDialogsBudget() {
        long assistantId = createAssistant(unique("charge"));
        String guest = unique("guest");
        long dialogId = openDialog(assistantId, guest);
        for (int i = 0; i < 20; i++) {
            // a blank text, and a guest token nobody was given: refused before the post counts
            guestPost(assistantId, guest, dialogId, Map.of("text", "  ")).then().statusCode(400);
            json().queryParam("assistant_id", assistantId).queryParam("guest_token", "gt_made-up-" + i)
                    .body(Map.of("text", "let me in")).post("/api/widget/dialogs/" + dialogId + "/messages")
                    .then().statusCode(403);
        }

        // the whole budget is left: at least 30 posts stored with consecutive seqs, in order (the bucket refills one
        // every 2 s meanwhile); had the refused requests counted, it would be empty by now
        int accepted = postUntilRefused(assistantId, guest, dialogId);
        assertThat(accepted).isBetween(30, 40);
        // nothing of the refused post was stored
        assertThat(guestMessages(assistantId, guest, dialogId)).hasSize(accepted)
                .extracting(m -> m.get("text")).last().isEqualTo("message " + accepted);
    }

    @Test
    void aRetryOfAStoredPostIsAnsweredWithItEvenWhenTheBudgetIsSpent() {
        Spent d = Spent.newDialog("retry");

        // the widget lost the answer to its first post and sends it again: it gets the stored message back (200, its
        // seq), not a 429 that would make it show the message as failed; nothing is stored twice
        guestPost(d.assistantId, d.guest, d.dialogId, Map.of("text", "message 1", "client_msg_id", "c-1")).then()
                .statusCode(200).body("seq", is(1)).body("text", is("message 1"));
        assertThat(guestMessages(d.assistantId, d.guest, d.dialogId)).hasSize(d.accepted);
    }

    @Test
    void aGuestsFileSpendsTheSameBudgetAndIsRefusedWhenItIsSpent() {
        Spent d = Spent.newDialog("file");
        long assistantId = d.assistantId;

        // over the budget a file is refused like a text, before it is stored
        upload(assistantId, d.guest, d.dialogId, "late.txt").then().statusCode(429).body("error", is("rate_limited"))
                .body("message", matchesPattern(TOO_FAST));
        assertThat(guestMessages(assistantId, d.guest, d.dialogId)).hasSize(d.accepted);

        // in a fresh dialog, 29 texts and one file use up the 30 at once: the next text is refused (31 requests take
        // far less than the 2 s a token needs to come back; had the file not counted, one token would be left)
        String other = unique("guest");
        long fresh = openDialog(assistantId, other);
        for (int i = 1; i <= 29; i++) {
            guestPost(assistantId, other, fresh, Map.of("text", "t" + i)).then().statusCode(201);
        }
        upload(assistantId, other, fresh, "notes.txt").then().statusCode(201).body("seq", is(30));
        guestPost(assistantId, other, fresh, Map.of("text", "one more")).then().statusCode(429)
                .body("message", matchesPattern(TOO_FAST));
    }

    private static io.restassured.response.Response upload(long assistantId, String guest, long dialogId, String name) {
        return io.restassured.RestAssured.given().queryParam("assistant_id", assistantId)
                .queryParam("guest_token", TestApi.guestToken(assistantId, guest))
                .multiPart("file", name, "some notes".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain")
                .post("/api/widget/dialogs/" + dialogId + "/attachments");
    }

    /** A new dialog of a new assistant whose guest has just spent the budget: {@code accepted} posts were stored. */
    private record Spent(long assistantId, String guest, long dialogId, int accepted) {
        static Spent newDialog(String name) {
            long assistantId = createAssistant(unique(name));
            String guest = unique("guest");
            long dialogId = openDialog(assistantId, guest);
            return new Spent(assistantId, guest, dialogId, postUntilRefused(assistantId, guest, dialogId));
        }
    }

    /** Posts until the dialog's budget refuses one (429 with its reason); the number stored before. */
    private static int postUntilRefused(long assistantId, String guest, long dialogId) {
        for (int i = 1; i <= 45; i++) {
            var r = guestPost(assistantId, guest, dialogId, Map.of("text", "message " + i, "client_msg_id", "c-" + i));
            if (r.statusCode() != 201) {
                r.then().statusCode(429).header("Retry-After", matchesPattern("[12]"))
                        .body("error", is("rate_limited")).body("message", matchesPattern(TOO_FAST));
                return i - 1;
            }
            r.then().body("seq", is(i));
        }
        throw new AssertionError("45 posts in a row were accepted: the dialog's budget was never applied");
    }

    @Test
    void aDialogOverItsBudgetTellsItsGuest429AndAStrangerOnly403() {
        long assistantA = createAssistant(unique("charge-a"));
        String guest = unique("guest");
        long dialog = openDialog(assistantA, guest);
        int accepted = postUntilRefused(assistantA, guest, dialog);
        assertThat(accepted).isBetween(30, 40);

        // another customer's guest, with its own valid credential, learns nothing about this dialog
        long assistantB = createAssistant(unique("charge-b"));
        String stranger = unique("stranger");
        long own = openDialog(assistantB, stranger);
        guestPost(assistantB, stranger, dialog, Map.of("text", "peek")).then().statusCode(403)
                .body("error", is("forbidden"));
        // and its own dialog has its own budget
        guestPost(assistantB, stranger, own, Map.of("text", "my own")).then().statusCode(201).body("seq", is(1));
        assertThat(guestMessages(assistantA, guest, dialog)).hasSize(accepted)
                .extracting(m -> m.get("text")).doesNotContain("peek");
    }
}
