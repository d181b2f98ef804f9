package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Canned replies over REST: members of an assistant read them (with a prefix filter for the composer's picker), its
 * admins write them; names are slugs unique per assistant in any case; bad bodies get 400 with the reason; and one
 * assistant's replies are walled off from every other assistant's operators.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class CannedRepliesTest {

    private static String path(long assistantId) {
        return "/api/assistants/" + assistantId + "/canned-replies";
    }

    /** A member of the assistant with the {@code admin} role there (not a global admin). */
    private static TestApi.Operator assistantAdmin(long assistantId) {
        TestApi.Operator op = createOperator("Lead " + assistantId);
        as(admin()).body(Map.of("user_id", op.id(), "role", "admin")).post("/api/assistants/" + assistantId + "/members")
                .then().statusCode(204);
        return op;
    }

    private static long create(String token, long assistantId, String name, String text) {
        return as(token).body(Map.of("name", name, "text", text)).post(path(assistantId))
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonPath list(String token, long assistantId, String q) {
        var request = as(token);
        if (q != null) {
            request = request.queryParam("q", q);
        }
        return request.get(path(assistantId)).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> names(JsonPath listing) {
        return listing.getList("canned_replies.name", String.class);
    }

    @Test
    void anAssistantsAdminWritesRepliesAndItsOperatorsReadThem() {
        long assistant = createAssistant(unique("canned"));
        TestApi.Operator lead = assistantAdmin(assistant);
        TestApi.Operator operator = createOperator("Olga", assistant);

        var created = as(lead.token()).body(Map.of("name", "  Refund ", "text", " Your refund is on its way. "))
                .post(path(assistant)).then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        assertThat(created.getString("name")).isEqualTo("refund");
        assertThat(created.getString("text")).isEqualTo("Your refund is on its way.");
        assertThat(created.getLong("assistant_id")).isEqualTo(assistant);
        assertThat(created.getLong("created_by")).isEqualTo(lead.id());
        assertThat(created.getString("created_at")).isNotBlank();
        create(admin(), assistant, "возврат", "Деньги вернутся в течение пяти дней.");

        JsonPath seen = list(operator.token(), assistant, null);
        assertThat(names(seen)).containsExactly("refund", "возврат");
        assertThat(seen.getBoolean("can_manage")).isFalse();
        assertThat(list(lead.token(), assistant, null).getBoolean("can_manage")).isTrue();
        assertThat(list(admin(), assistant, null).getBoolean("can_manage")).isTrue();

        var updated = as(lead.token()).body(Map.of("name", "refund-status", "text", "Refunds take five days."))
                .put(path(assistant) + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(updated.getString("name")).isEqualTo("refund-status");
        assertThat(updated.getString("updated_at")).isGreaterThanOrEqualTo(updated.getString("created_at"));
        assertThat(list(operator.token(), assistant, null).getList("canned_replies.text", String.class))
                .containsExactly("Refunds take five days.", "Деньги вернутся в течение пяти дней.");

        as(lead.token()).delete(path(assistant) + "/" + id).then().statusCode(204);
        assertThat(names(list(operator.token(), assistant, null))).containsExactly("возврат");
        as(lead.token()).delete(path(assistant) + "/" + id).then().statusCode(404)
                .body("error", is("canned_reply_not_found"));
    }

    @Test
    void anOperatorMayReadButNotWriteItsAssistantsReplies() {
        long assistant = createAssistant(unique("canned"));
        TestApi.Operator operator = createOperator("Pavel", assistant);
        long id = create(admin(), assistant, "hello", "Hello! How can I help?");

        as(operator.token()).body(Map.of("name", "mine", "text", "Mine.")).post(path(assistant))
                .then().statusCode(403).body("error", is("forbidden"));
        as(operator.token()).body(Map.of("name", "hello", "text", "Changed.")).put(path(assistant) + "/" + id)
                .then().statusCode(403);
        as(operator.token()).delete(path(assistant) + "/" + id).then().statusCode(403);
        assertThat(list(operator.token(), assistant, null).getList("canned_replies.text", String.class))
                .containsExactly("Hello! How can I help?");
    }

    @Test
    void aNameIsUniquePerAssistantInAnyCaseAndFreeInAnother() {
        long assistant = createAssistant(unique("canned"));
        long other = createAssistant(unique("canned"));
        long refund = create(admin(), assistant, "Refund", "One.");
        long shipping = create(admin(), assistant, "shipping", "Two.");

        as(admin()).body(Map.of("name", "REFUND", "text", "Again.")).post(path(assistant))
                .then().statusCode(409).body("error", is("canned_reply_name_taken"))
                .body("message", containsString("\"refund\""));
        as(admin()).body(Map.of("name", "Refund", "text", "Renamed.")).put(path(assistant) + "/" + shipping)
                .then().statusCode(409).body("error", is("canned_reply_name_taken"));
        // Keeping its own name while changing the text is no clash.
        as(admin()).body(Map.of("name", "REFUND", "text", "One, edited.")).put(path(assistant) + "/" + refund)
                .then().statusCode(200).body("name", is("refund"));
        create(admin(), other, "refund", "Another team's refund.");

        assertThat(list(admin(), assistant, null).getList("canned_replies.text", String.class))
                .containsExactly("One, edited.", "Two.");
    }

    @Test
    void badBodiesAreRefusedWithTheirReasonAndNothingIsStored() {
        long assistant = createAssistant(unique("canned"));
        String longText = "x".repeat(4001);
        String[][] cases = {
                {"{}", "name is required"},
                {"{\"name\": \"two words\", \"text\": \"Hi\"}", "name is required: 1 to 40 letters"},
                {"{\"name\": \"/refund\", \"text\": \"Hi\"}", "starting with a letter or a digit"},
                {"{\"name\": \"" + "a".repeat(41) + "\", \"text\": \"Hi\"}", "1 to 40"},
                {"{\"name\": \"ok\"}", "text is required"},
                {"{\"name\": \"ok\", \"text\": \"   \"}", "text is required"},
                {"{\"name\": \"ok\", \"text\": \"" + longText + "\"}", "text must be at most 4000 characters"},
        };
        for (String[] c : cases) {
            as(admin()).body(c[0]).post(path(assistant)).then().statusCode(400)
                    .body("error", is("validation")).body("message", containsString(c[1]));
        }
        as(admin()).post(path(assistant)).then().statusCode(400).body("message", containsString("needs a JSON body"));
        as(admin()).body("{\"name\": 5, \"text\": [1]}").post(path(assistant)).then().statusCode(400);
        assertThat(names(list(admin(), assistant, null))).isEmpty();

        long id = create(admin(), assistant, "ok", "x".repeat(4000));
        as(admin()).body(Map.of("name", "ok", "text", "")).put(path(assistant) + "/" + id)
                .then().statusCode(400).body("message", containsString("text is required"));
        assertThat(list(admin(), assistant, null).getList("canned_replies.text", String.class))
                .containsExactly("x".repeat(4000));
        as(admin()).queryParam("limit", 0).get(path(assistant)).then().statusCode(400).body("error", is("validation"));
    }

    @Test
    void thePickerFiltersByNamePrefixInAnyCase() {
        long assistant = createAssistant(unique("canned"));
        create(admin(), assistant, "refund", "R");
        create(admin(), assistant, "return", "T");
        create(admin(), assistant, "hello", "H");
        create(admin(), assistant, "возврат", "В");
        create(admin(), assistant, "re_send", "S");

        assertThat(names(list(admin(), assistant, "re"))).containsExactly("re_send", "refund", "return");
        assertThat(names(list(admin(), assistant, "/REF"))).containsExactly("refund");
        assertThat(names(list(admin(), assistant, "ВОЗ"))).containsExactly("возврат");
        // Wildcards are letters here, not patterns.
        assertThat(names(list(admin(), assistant, "%"))).isEmpty();
        assertThat(names(list(admin(), assistant, "re_"))).containsExactly("re_send");
        assertThat(names(list(admin(), assistant, ""))).hasSize(5);
        assertThat(names(json().header("Authorization", "Bearer " + admin()).queryParam("limit", 2)
                .get(path(assistant)).then().statusCode(200).extract().jsonPath())).containsExactly("hello", "re_send");
    }

    @Test
    void oneAssistantsRepliesAreWalledOffFromAnothersOperators() {
        long a = createAssistant(unique("canned-a"));
        long b = createAssistant(unique("canned-b"));
        TestApi.Operator leadOfA = assistantAdmin(a);
        TestApi.Operator operatorOfA = createOperator("Anna A", a);
        long replyOfA = create(admin(), a, "greeting", "Hello from A.");
        long replyOfB = create(admin(), b, "secret", "B's own words.");

        for (TestApi.Operator outsider : List.of(leadOfA, operatorOfA)) {
            as(outsider.token()).get(path(b)).then().statusCode(403).body("error", is("forbidden"));
            as(outsider.token()).queryParam("q", "sec").get(path(b)).then().statusCode(403);
            as(outsider.token()).body(Map.of("name", "intruder", "text", "x")).post(path(b)).then().statusCode(403);
            as(outsider.token()).body(Map.of("name", "secret", "text", "Overwritten.")).put(path(b) + "/" + replyOfB)
                    .then().statusCode(403);
            as(outsider.token()).delete(path(b) + "/" + replyOfB).then().statusCode(403);
        }
        // B's reply named through A's path, by A's admin: not A's, so not found, and untouched.
        as(leadOfA.token()).body(Map.of("name", "secret", "text", "Overwritten.")).put(path(a) + "/" + replyOfB)
                .then().statusCode(404).body("error", is("canned_reply_not_found"));
        as(leadOfA.token()).delete(path(a) + "/" + replyOfB).then().statusCode(404);
        // An unknown assistant is 403 for a non-member (it learns nothing), 404 for a global admin.
        as(operatorOfA.token()).get(path(987654321L)).then().statusCode(403);
        as(admin()).get(path(987654321L)).then().statusCode(404).body("error", is("assistant_not_found"));

        JsonPath ofA = list(operatorOfA.token(), a, null);
        assertThat(ofA.getList("canned_replies.id", Long.class)).containsExactly(replyOfA);
        assertThat(ofA.getList("canned_replies.assistant_id", Long.class)).containsOnly(a);
        assertThat(names(list(operatorOfA.token(), a, "sec"))).isEmpty();
        var stillB = list(admin(), b, null);
        assertThat(stillB.getList("canned_replies.text", String.class)).containsExactly("B's own words.");
        assertThat(names(list(admin(), b, null))).doesNotContain("intruder");
    }

    @Test
    void anAssistantTokenCannotReadCannedReplies() {
        long assistant = createAssistant(unique("canned"));
        create(admin(), assistant, "hello", "Hi");
        String bot = as(admin()).post("/api/assistants/" + assistant + "/token").then().statusCode(201)
                .extract().path("access_token");
        as(bot).get(path(assistant)).then().statusCode(403);
        json().get(path(assistant)).then().statusCode(401);
    }
}
