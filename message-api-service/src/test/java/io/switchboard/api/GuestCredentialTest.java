package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.store.GuestLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guests prove who they are with a credential the server issues, never with an id operators can see; the
 * {@code assistant_id} entry is bound to the assistant's widget domains like the site path.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class GuestCredentialTest {
    static final String NOT_YOURS = DialogAccess.NOT_YOUR_DIALOG;

    @jakarta.inject.Inject
    io.switchboard.api.repository.DialogRepository dialogs;

    @Test
    void aNewGuestGetsACredentialAndAServerChosenIdentityOperatorsSeeOnlyAsALabel() {
        long assistantId = createAssistant(unique("cred"));
        String opened = json().body(Map.of("assistant_id", assistantId)).post("/api/widget/dialogs")
                .then().statusCode(201).extract().asString();
        // The dialog's own fields in their wire order, then the credential.
        assertThat(java.util.regex.Pattern.compile("\"([a-z_]+)\":").matcher(opened).results().map(m -> m.group(1)))
                .containsExactly("id", "assistant_id", "guest_label", "status", "last_seq", "unread", "guest_token",
                        "guest_token_issued");
        JsonPath first = JsonPath.from(opened);
        String token = first.getString("guest_token");
        assertThat(token).startsWith("gt_").hasSizeGreaterThan(40);
        assertThat(first.getBoolean("guest_token_issued")).isTrue();
        assertThat(first.getString("guest_label")).matches("guest-[0-9a-f]{8}");
        assertThat(first.getMap("")).doesNotContainKey("guest_id");
        long dialogId = first.getLong("id");

        // The returning guest presents it and gets its dialog back, with no new credential.
        JsonPath again = json().body(Map.of("assistant_id", assistantId, "guest_token", token))
                .post("/api/widget/dialogs").then().statusCode(200).extract().jsonPath();
        assertThat(again.getLong("id")).isEqualTo(dialogId);
        assertThat(again.getBoolean("guest_token_issued")).isFalse();

        // Operators see the label, the same on the list, the dialog and in the database's generated column.
        JsonPath seen = as(admin()).get("/api/dialogs/" + dialogId).then().statusCode(200).extract().jsonPath();
        assertThat(seen.getString("guest_label")).isEqualTo(first.getString("guest_label"));
        assertThat(seen.getMap("")).doesNotContainKey("guest_id");
        List<Map<String, Object>> list = as(admin()).get("/api/dialogs?assistant_id=" + assistantId).then()
                .statusCode(200).extract().jsonPath().getList("dialogs");
        assertThat(list).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("guest_label", first.getString("guest_label"));
            assertThat(d).doesNotContainKey("guest_id");
        });
    }

    @Test
    void anOldBrowserWithOnlyAGuestIdStartsANewDialogAndTheGuestIdOpensNothing() {
        long assistantId = createAssistant(unique("legacy"));
        long victim = TestApi.openDialog(assistantId, "victim");
        TestApi.guestPost(assistantId, "victim", victim, Map.of("text", "private")).then().statusCode(201);

        // Whatever a client names as guest_id, it is a new guest with a new dialog.
        JsonPath legacy = json().body(Map.of("assistant_id", assistantId, "guest_id", "victim"))
                .post("/api/widget/dialogs").then().statusCode(201).extract().jsonPath();
        assertThat(legacy.getLong("id")).isNotEqualTo(victim);
        assertThat(legacy.getBoolean("guest_token_issued")).isTrue();

        // Without a credential every guest path says 401; with a made-up one, the same 403 as a missing dialog.
        json().queryParam("assistant_id", assistantId).queryParam("guest_id", "victim")
                .get("/api/widget/dialogs/" + victim + "/messages").then().statusCode(401)
                .body("error", is("guest_token_required"));
        for (String token : List.of("victim", "gt_made_up", legacy.getString("guest_token"))) {
            String other = json().queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                    .get("/api/widget/dialogs/" + victim + "/messages").then().statusCode(403)
                    .body("message", is(NOT_YOURS)).extract().asString();
            String missing = json().queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                    .get("/api/widget/dialogs/999999999/messages").then().statusCode(403).extract().asString();
            assertThat(other).isEqualTo(missing).doesNotContain("private");
            json().queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                    .body(Map.of("text", "injected")).post("/api/widget/dialogs/" + victim + "/messages")
                    .then().statusCode(403).body("message", is(NOT_YOURS));
            json().queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                    .post("/api/widget/dialogs/" + victim + "/handoff").then().statusCode(403);
            json().queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                    .body(Map.of("seq", 1)).post("/api/widget/dialogs/" + victim + "/read").then().statusCode(403);
        }
        assertThat(TestApi.guestMessages(assistantId, "victim", victim)).extracting(m -> m.get("text"))
                .containsExactly("private");
    }

    @Test
    void aCredentialOfOneAssistantOpensNothingOfAnother() {
        long a = createAssistant(unique("a"));
        long b = createAssistant(unique("b"));
        long aDialog = TestApi.openDialog(a, "guest");
        String aToken = TestApi.guestToken(a, "guest");

        json().queryParam("assistant_id", b).queryParam("guest_token", aToken)
                .get("/api/widget/dialogs/" + aDialog + "/messages").then().statusCode(403).body("message", is(NOT_YOURS));
        // Presented to B on open, it is not accepted: B's guest is a new one, never A's dialog.
        JsonPath atB = json().body(Map.of("assistant_id", b, "guest_token", aToken)).post("/api/widget/dialogs")
                .then().statusCode(201).extract().jsonPath();
        assertThat(atB.getLong("id")).isNotEqualTo(aDialog);
        assertThat(atB.getString("guest_token")).isNotEqualTo(aToken);
        assertThat(atB.getString("guest_label")).isNotEqualTo(as(admin()).get("/api/dialogs/" + aDialog).then()
                .extract().path("guest_label"));
    }

    @Test
    void theAssistantIdPathAnswersOnlyPagesOnItsWidgetsDomains() {
        long assistantId = createAssistant(unique("bound"));
        String shop = unique("shop").toLowerCase() + ".example.com";
        // No widget yet: only Switchboard's own pages (and localhost in dev) may use the assistant.
        json().header("Origin", "https://" + shop).body(Map.of("assistant_id", assistantId))
                .post("/api/widget/dialogs").then().statusCode(403)
                .body("message", is("This chat may not be used from " + shop
                        + "; add that domain to the allowed domains of one of the assistant's widgets."));
        long widgetId = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of(shop)))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath().getLong("id");

        JsonPath opened = json().header("Origin", "https://" + shop).body(Map.of("assistant_id", assistantId))
                .post("/api/widget/dialogs").then().statusCode(201).extract().jsonPath();
        long dialogId = opened.getLong("id");
        String token = opened.getString("guest_token");
        post(assistantId, token, dialogId, "https://" + shop).then().statusCode(201);
        post(assistantId, token, dialogId, "http://localhost:8080").then().statusCode(201);
        // An assistant_id that is not a number is no address on this path, as JAX-RS answers a query parameter
        // that does not convert.
        json().header("Origin", "https://" + shop).queryParam("assistant_id", "x" + assistantId)
                .queryParam("guest_token", token).get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(404).body("error", is("not_found"));
        post(assistantId, token, dialogId, "https://evil.example").then().statusCode(403)
                .body("message", startsWith("This chat may not be used from evil.example"));
        json().header("Origin", "https://evil.example").body(Map.of("assistant_id", assistantId))
                .post("/api/widget/dialogs").then().statusCode(403);
        // A browser on another site that sends no Origin still says so.
        json().header("Sec-Fetch-Site", "cross-site").queryParam("assistant_id", assistantId)
                .queryParam("guest_token", token).get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(403).body("error", is("origin_required"));

        // Deleting the widget unbinds its domains at once.
        as(admin()).delete("/api/widgets/" + widgetId).then().statusCode(204);
        post(assistantId, token, dialogId, "https://" + shop).then().statusCode(403);
        json().header("Origin", "https://" + shop).queryParam("assistant_id", assistantId)
                .queryParam("guest_token", token).get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(403);
    }

    @Test
    void revokingAWidgetRefusesItsGuestsAtOnceAndTheirCredentialIsBoundToIt() {
        long assistantId = createAssistant(unique("revoke"));
        String shop = unique("rv").toLowerCase() + ".example.com";
        JsonPath w = as(admin()).body(Map.of("assistant_id", assistantId, "allowed_domains", List.of(shop)))
                .post("/api/widgets").then().statusCode(201).extract().jsonPath();
        String siteToken = w.getString("site_token");
        long dialogId = TestApi.openSiteDialog(siteToken, "visitor", "https://" + shop);
        String token = TestApi.siteGuestToken(siteToken, "visitor");
        sitePost(siteToken, token, dialogId, "https://" + shop).then().statusCode(201);
        // The site guest's credential opens nothing on the assistant_id path, even from an allowed page.
        post(assistantId, token, dialogId, "https://" + shop).then().statusCode(403).body("message", is(NOT_YOURS));

        as(admin()).delete("/api/widgets/" + w.getLong("id")).then().statusCode(204);
        sitePost(siteToken, token, dialogId, "https://" + shop).then().statusCode(403)
                .body("message", is("This site token is not valid: it is unknown or was revoked."));
        json().header("Origin", "https://" + shop).queryParam("site_token", siteToken).queryParam("guest_token", token)
                .get("/api/site/dialogs/" + dialogId + "/messages").then().statusCode(403);
        // The operators keep the conversation.
        as(admin()).get("/api/dialogs/" + dialogId + "/messages").then().statusCode(200)
                .body("messages.size()", is(1));
    }

    @Test
    void theDatabaseAndTheServicesDeriveTheSameLabel() {
        long assistantId = createAssistant(unique("label"));
        long dialogId = TestApi.openDialog(assistantId, "labelled");
        String label = as(admin()).get("/api/dialogs/" + dialogId).then().extract().path("guest_label");
        // The handoff notification carries the label computed in Java; it must be the column's.
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, "labelled"))
                .post("/api/widget/dialogs/" + dialogId + "/handoff").then().statusCode(200);
        List<Map<String, Object>> notes = as(admin()).get("/api/notifications?limit=200").then().statusCode(200)
                .extract().jsonPath().getList("notifications");
        assertThat(notes).filteredOn(n -> ((Map<?, ?>) n.get("payload")).get("dialog_id") instanceof Number d
                        && d.longValue() == dialogId)
                .singleElement().satisfies(n -> {
                    Map<?, ?> payload = (Map<?, ?>) n.get("payload");
                    assertThat(payload.get("guest_label")).isEqualTo(label);
                    assertThat(payload.containsKey("guest_id")).isFalse();
                });
        assertThat(label).isEqualTo(GuestLabels.of(dialogs.find(dialogId).orElseThrow().guestId()));
    }

    private static io.restassured.response.Response post(long assistantId, String token, long dialogId, String origin) {
        return json().header("Origin", origin).queryParam("assistant_id", assistantId).queryParam("guest_token", token)
                .body(Map.of("text", "from " + origin)).post("/api/widget/dialogs/" + dialogId + "/messages");
    }

    private static io.restassured.response.Response sitePost(String siteToken, String token, long dialogId,
                                                            String origin) {
        return json().header("Origin", origin).queryParam("site_token", siteToken).queryParam("guest_token", token)
                .body(Map.of("text", "from " + origin)).post("/api/site/dialogs/" + dialogId + "/messages");
    }
}
