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
 * The per-dialog budget of guest posts (30 at once, then one every 2 s) is charged on the event loop before the
 * endpoint runs (AbuseLimitFilter) and claimed by the post where it used to ask Redis itself: what is counted, and who
 * hears about it, stay as they were.
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
