package io.switchboard.api;

import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.createUser;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handoff lock on every write: only the operator holding a dialog writes into it. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HandoffLockTest {
    long assistantId;
    String guestId;
    long dialogId;
    TestApi.Operator anna;
    TestApi.Operator ben;
    TestApi.Operator boss;
    String bot;

    @BeforeEach
    void dialog() {
        assistantId = createAssistant(unique("lock"));
        anna = createOperator("Anna", assistantId);
        ben = createOperator("Ben", assistantId);
        boss = createUser("admin", "Boss");
        bot = as(admin()).post("/api/assistants/" + assistantId + "/token").then().statusCode(201)
                .extract().path("access_token");
        guestId = unique("guest");
        dialogId = openDialog(assistantId, guestId);
        guestPost(assistantId, guestId, dialogId, Map.of("text", "hello")).then().statusCode(201);
    }

    private void takeOver(TestApi.Operator who) {
        as(who.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200)
                .body("status", is("operator")).body("assigned_operator_id", is((int) who.id()));
    }

    @Test
    void whileAnnaHoldsTheDialogBenAndAnAdminGet409AndNothingIsStored() {
        takeOver(anna);
        staffPost(ben.token(), dialogId, Map.of("text", "me too")).then().statusCode(409)
                .body("error", is("held_by_other_operator"));
        staffPost(boss.token(), dialogId, Map.of("text", "admin here")).then().statusCode(409)
                .body("error", is("held_by_other_operator"));
        staffPost(anna.token(), dialogId, Map.of("text", "Anna answers")).then().statusCode(201);
        // Ben cannot take it from her either; only an admin can.
        as(ben.token()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(409)
                .body("error", is("already_taken"));

        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .containsExactly("hello", "Anna joined the conversation.", "Anna answers");
    }

    @Test
    void anAdminStepsInByTakingOverExplicitlyAndThenTheFormerHolderIsLockedOut() {
        takeOver(anna);
        takeOver(boss);
        staffPost(boss.token(), dialogId, Map.of("text", "Boss answers")).then().statusCode(201)
                .body("sender", is("operator")).body("author", is("Boss"));
        staffPost(anna.token(), dialogId, Map.of("text", "still me?")).then().statusCode(409)
                .body("error", is("held_by_other_operator"));
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .containsExactly("hello", "Anna joined the conversation.", "Boss joined the conversation.",
                        "Boss answers");
    }

    @Test
    void anOperatorOrAdminWritingIntoABotOrWaitingDialogIsToldToTakeOverFirstWhileTheBotKeepsAnswering() {
        staffPost(anna.token(), dialogId, Map.of("text", "hi from a human")).then().statusCode(409)
                .body("error", is("take_over_first"));
        staffPost(boss.token(), dialogId, Map.of("text", "hi from an admin")).then().statusCode(409)
                .body("error", is("take_over_first"));
        staffPost(bot, dialogId, Map.of("text", "bot answer")).then().statusCode(201).body("sender", is("assistant"));

        TestApi.json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId))
                .post("/api/widget/dialogs/" + dialogId + "/handoff").then().statusCode(200)
                .body("status", is("waiting_operator"));
        staffPost(anna.token(), dialogId, Map.of("text", "still not taken")).then().statusCode(409)
                .body("error", is("take_over_first"));

        takeOver(anna);
        staffPost(anna.token(), dialogId, Map.of("text", "now I answer")).then().statusCode(201);
        staffPost(bot, dialogId, Map.of("text", "bot again")).then().statusCode(409).body("error", is("operator_active"));

        as(anna.token()).post("/api/dialogs/" + dialogId + "/release").then().statusCode(200);
        staffPost(anna.token(), dialogId, Map.of("text", "after release")).then().statusCode(409)
                .body("error", is("take_over_first"));
        staffPost(bot, dialogId, Map.of("text", "bot is back")).then().statusCode(201);
    }
}
