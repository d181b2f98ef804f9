package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AuthorizationTest {
    static final String NOT_YOURS = DialogAccess.NOT_YOUR_DIALOG;

    @Test
    void guestCannotReadOrPostToAnotherGuestsDialogAndLearnsNothingAboutIt() {
        long assistantId = createAssistant(unique("guests"));
        String alice = unique("alice");
        String mallory = unique("mallory");
        long alicesDialog = openDialog(assistantId, alice);
        guestPost(assistantId, alice, alicesDialog, Map.of("text", "my secret")).then().statusCode(201);

        String readOther = json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, mallory))
                .get("/api/widget/dialogs/" + alicesDialog + "/messages")
                .then().statusCode(403).body("error", is("forbidden")).body("message", is(NOT_YOURS))
                .extract().asString();
        String readMissing = json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, mallory))
                .get("/api/widget/dialogs/999999999/messages")
                .then().statusCode(403).extract().asString();
        assertThat(readOther).isEqualTo(readMissing).doesNotContain("my secret");

        guestPost(assistantId, mallory, alicesDialog, Map.of("text", "injected"))
                .then().statusCode(403).body("message", is(NOT_YOURS));
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, mallory))
                .post("/api/widget/dialogs/" + alicesDialog + "/handoff")
                .then().statusCode(403).body("message", is(NOT_YOURS));
        // Right guest id, wrong assistant: still not theirs.
        long otherAssistant = createAssistant(unique("other"));
        guestPost(otherAssistant, alice, alicesDialog, Map.of("text", "sneaky"))
                .then().statusCode(403).body("message", is(NOT_YOURS));
        assertThat(TestApi.guestMessages(assistantId, alice, alicesDialog)).extracting(m -> m.get("text"))
                .containsExactly("my secret");
    }

    @Test
    void operatorSeesOnlyDialogsOfItsAssistants() {
        long mine = createAssistant(unique("mine"));
        long theirs = createAssistant(unique("theirs"));
        TestApi.Operator op = createOperator("Mia", mine);
        long myDialog = openDialog(mine, unique("g"));
        long theirDialog = openDialog(theirs, unique("g"));

        List<Integer> listed = as(op.token()).get("/api/dialogs?limit=500").then().statusCode(200)
                .extract().jsonPath().getList("dialogs.id");
        assertThat(listed).contains((int) myDialog).doesNotContain((int) theirDialog);
        List<Integer> assistants = as(op.token()).get("/api/assistants").then().statusCode(200)
                .extract().jsonPath().getList("assistants.id");
        assertThat(assistants).containsExactly((int) mine);

        String denied = "You are not a member of the assistant this dialog belongs to.";
        as(op.token()).get("/api/dialogs/" + theirDialog).then().statusCode(403)
                .body("error", is("forbidden")).body("message", is(denied));
        as(op.token()).get("/api/dialogs/" + theirDialog + "/messages").then().statusCode(403)
                .body("message", is(denied));
        staffPost(op.token(), theirDialog, Map.of("text", "hi")).then().statusCode(403).body("message", is(denied));
        as(op.token()).post("/api/dialogs/" + theirDialog + "/takeover").then().statusCode(403);
        as(op.token()).get("/api/dialogs?assistant_id=" + theirs).then().statusCode(403)
                .body("message", is("You are not a member of this assistant."));

        List<Integer> adminSees = as(admin()).get("/api/dialogs?limit=500").then().statusCode(200)
                .extract().jsonPath().getList("dialogs.id");
        assertThat(adminSees).contains((int) myDialog, (int) theirDialog);
    }

    @Test
    void assistantTokenMayPostOnlyToItsOwnAssistantsDialogs() {
        long mine = createAssistant(unique("bot-home"));
        long other = createAssistant(unique("bot-away"));
        String bot = as(admin()).post("/api/assistants/" + mine + "/token").then().statusCode(201)
                .extract().path("access_token");
        long myDialog = openDialog(mine, unique("g"));
        long otherDialog = openDialog(other, unique("g"));

        staffPost(bot, myDialog, Map.of("text", "Hello from the bot")).then().statusCode(201)
                .body("sender", is("assistant"));
        staffPost(bot, otherDialog, Map.of("text", "wrong house")).then().statusCode(403)
                .body("error", is("forbidden")).body("message", is("This dialog belongs to another assistant."));
    }

    @Test
    void siteTokenWorksOnlyFromItsDomainsAndStopsWorkingWhenTheyChange() {
        long assistantId = createAssistant(unique("site"));
        var widget = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of("shop.example.com")))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
        String token = widget.getString("site_token");
        String guest = unique("visitor");

        long dialogId = TestApi.openSiteDialog(token, guest, "https://shop.example.com");
        sitePost(token, guest, dialogId, "https://shop.example.com:8443").then().statusCode(201);

        sitePost(token, guest, dialogId, "https://evil.example.org").then().statusCode(403)
                .body("error", is("forbidden"))
                .body("message", is("This site token may not be used from evil.example.org; add that domain to the"
                        + " widget's allowed domains."));
        // A browser page on another site that manages to send no Origin still says so in Sec-Fetch-Site.
        json().header("Sec-Fetch-Site", "cross-site").queryParam("site_token", token).queryParam("guest_token", TestApi.siteGuestToken(token, guest))
                .body(Map.of("text", "no origin")).post("/api/site/dialogs/" + dialogId + "/messages")
                .then().statusCode(403).body("error", is("origin_required"))
                .body("message", org.hamcrest.Matchers.startsWith("The Origin header is missing"));
        // Switchboard's own iframe reads history with a same-origin GET, which browsers send without Origin.
        json().header("Sec-Fetch-Site", "same-origin").queryParam("site_token", token).queryParam("guest_token", TestApi.siteGuestToken(token, guest))
                .get("/api/site/dialogs/" + dialogId + "/messages").then().statusCode(200);
        // Switchboard's own origin (where its widget iframe is served) is always trusted.
        sitePost(token, guest, dialogId, "http://localhost:8080").then().statusCode(201);

        String newToken = as(admin()).body(Map.of("allowed_domains", List.of("shop.example.com", "*.example.net")))
                .put("/api/widgets/" + widget.getLong("id")).then().statusCode(200).extract().path("site_token");
        sitePost(token, guest, dialogId, "https://shop.example.com").then().statusCode(403)
                .body("message", is("This site token was replaced when the widget's allowed domains changed; use the"
                        + " new embed snippet."));
        // The guest's credential was bound to the replaced token: through the new one it is a new guest with a new
        // dialog, and the old conversation stays with the operators.
        sitePost(newToken, guest, dialogId, "https://blog.example.net").then().statusCode(403)
                .body("message", is(NOT_YOURS));
        long next = TestApi.openSiteDialog(newToken, guest, "https://blog.example.net");
        assertThat(next).isNotEqualTo(dialogId);
        sitePost(newToken, guest, next, "https://blog.example.net").then().statusCode(201);
    }

    @Test
    void siteGuestCannotTouchAnotherGuestsDialogOrADialogOfAnotherAssistant() {
        long assistantId = createAssistant(unique("site2"));
        String token = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of("a.example.com")))
                .post("/api/widgets").then().statusCode(201).extract().path("site_token");
        long othersDialog = openDialog(assistantId, unique("other-visitor"));
        long foreignDialog = openDialog(createAssistant(unique("foreign")), "same-guest");
        String me = unique("me");
        long mine = TestApi.openSiteDialog(token, me, "https://a.example.com");
        TestApi.openSiteDialog(token, "same-guest", "https://a.example.com");

        sitePost(token, me, othersDialog, "https://a.example.com").then().statusCode(403)
                .body("message", is(NOT_YOURS));
        sitePost(token, "same-guest", foreignDialog, "https://a.example.com").then().statusCode(403)
                .body("message", is(NOT_YOURS));
        // A credential issued on the assistant_id path opens nothing through the site path, and back.
        json().header("Origin", "https://a.example.com").queryParam("site_token", token)
                .queryParam("guest_token", TestApi.guestToken(assistantId, "other-visitor"))
                .get("/api/site/dialogs/" + othersDialog + "/messages").then().statusCode(403)
                .body("message", is(NOT_YOURS));
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.siteGuestToken(token, me))
                .get("/api/widget/dialogs/" + mine + "/messages").then().statusCode(403)
                .body("message", is(NOT_YOURS));
        sitePost("st_made_up", "same-guest", foreignDialog, "https://a.example.com").then().statusCode(403)
                .body("message", is("This site token is not valid: it is unknown or was revoked."));
    }

    private static io.restassured.response.Response sitePost(String token, String guest, long dialogId, String origin) {
        return json().header("Origin", origin).queryParam("site_token", token)
                .queryParam("guest_token", TestApi.siteGuestToken(token, guest))
                .body(Map.of("text", "hello from " + origin)).post("/api/site/dialogs/" + dialogId + "/messages");
    }
}
