package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/dialogs?q=}: PostgreSQL full-text search in Russian and English over the messages of the dialogs the
 * caller may see, and the guest's label, against the real database and its V13 index.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class DialogSearchTest {

    @Test
    void aRussianWordFormFindsTheDialogWithTheOtherFormAndMarksItInTheSnippet() {
        long assistantId = createAssistant(unique("shop"));
        TestApi.Operator op = createOperator("Olga", assistantId);
        String guest = unique("g");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "Здравствуйте! Где мой заказ? Жду уже неделю.")).then().statusCode(201);
        guestPost(assistantId, guest, dialog, Map.of("text", "Спасибо, жду ответа")).then().statusCode(201);
        String otherGuest = unique("g");
        long other = openDialog(assistantId, otherGuest);
        guestPost(assistantId, otherGuest, other, Map.of("text", "Привезите пиццу, пожалуйста")).then().statusCode(201);

        JsonPath found = search(op.token(), "заказа", "");
        assertThat(ids(found)).containsExactly(dialog);
        Map<String, Object> match = found.getMap("dialogs[0].match");
        assertThat(match).containsEntry("seq", 1).containsEntry("sender", "user");
        String snippet = (String) match.get("snippet");
        assertThat(snippet).contains("Где мой заказ?").doesNotContain("\u0002").doesNotContain("\u0003");
        List<List<Integer>> highlights = found.getList("dialogs[0].match.highlights");
        assertThat(highlights).hasSize(1);
        assertThat(snippet.substring(highlights.get(0).get(0), highlights.get(0).get(1))).isEqualTo("заказ");
        assertThat(found.getBoolean("has_more")).isFalse();
        assertThat(found.getString("dialogs[0].guest_label")).startsWith("guest-");
    }

    @Test
    void anEnglishPluralFindsTheSingularAndTheNewestMatchingMessageIsShown() {
        long assistantId = createAssistant(unique("shop-en"));
        TestApi.Operator op = createOperator("Ann", assistantId);
        String guest = unique("g");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "I placed an order yesterday")).then().statusCode(201);
        guestPost(assistantId, guest, dialog, Map.of("text", "nothing here")).then().statusCode(201);
        guestPost(assistantId, guest, dialog, Map.of("text", "Is my order shipped?")).then().statusCode(201);

        JsonPath found = search(op.token(), "orders", "");
        assertThat(ids(found)).containsExactly(dialog);
        assertThat(found.getInt("dialogs[0].match.seq")).isEqualTo(3);
        assertThat(found.getString("dialogs[0].match.snippet")).isEqualTo("Is my order shipped?");
    }

    @Test
    void anOperatorFindsOnlyItsOwnAssistantsDialogsAndNothingAfterBeingRemoved() {
        String word = "уникальнослово" + System.nanoTime() % 100000;
        long a = createAssistant(unique("a"));
        long b = createAssistant(unique("b"));
        TestApi.Operator ofA = createOperator("Anya", a);
        TestApi.Operator ofB = createOperator("Boris", b);
        String guestB = unique("g");
        long dialogB = openDialog(b, guestB);
        guestPost(b, guestB, dialogB, Map.of("text", "Проверка: " + word + " в диалоге B")).then().statusCode(201);

        assertThat(ids(search(ofA.token(), word, ""))).isEmpty();
        // Not even by naming B's assistant: that is refused like the plain list refuses it.
        as(ofA.token()).get("/api/dialogs?q=" + word + "&assistant_id=" + b).then().statusCode(403);
        assertThat(ids(search(ofB.token(), word, ""))).containsExactly(dialogB);
        assertThat(ids(search(admin(), word, ""))).containsExactly(dialogB);
        // B's guest label does not leak either.
        String label = search(ofB.token(), word, "").getString("dialogs[0].guest_label");
        assertThat(ids(search(ofA.token(), label, ""))).isEmpty();
        assertThat(ids(search(ofB.token(), label, ""))).containsExactly(dialogB);

        as(admin()).delete("/api/assistants/" + b + "/members/" + ofB.id()).then().statusCode(204);
        assertThat(ids(search(ofB.token(), word, ""))).isEmpty();
        assertThat(ids(search(ofB.token(), label, ""))).isEmpty();
    }

    @Test
    void resultsComePageByPageNewestActivityFirstAndFilterByStatus() {
        long assistantId = createAssistant(unique("pages"));
        TestApi.Operator op = createOperator("Pavel", assistantId);
        String word = "доставка";
        long[] dialogs = new long[5];
        for (int i = 0; i < dialogs.length; i++) {
            String guest = unique("g");
            dialogs[i] = openDialog(assistantId, guest);
            guestPost(assistantId, guest, dialogs[i], Map.of("text", "Когда будет " + word + " номер " + i + "?"))
                    .then().statusCode(201);
        }
        JsonPath first = search(op.token(), "доставки", "&limit=2&assistant_id=" + assistantId);
        assertThat(ids(first)).containsExactly(dialogs[4], dialogs[3]);
        assertThat(first.getBoolean("has_more")).isTrue();
        assertThat(first.getInt("next_offset")).isEqualTo(2);
        JsonPath last = search(op.token(), "доставки", "&limit=2&offset=4&assistant_id=" + assistantId);
        assertThat(ids(last)).containsExactly(dialogs[0]);
        assertThat(last.getBoolean("has_more")).isFalse();
        assertThat(last.getString("next_offset")).isNull();

        TestApi.takeOver(op.token(), dialogs[2]);
        assertThat(ids(search(op.token(), word, "&status=operator"))).containsExactly(dialogs[2]);
    }

    @Test
    void theGuestLabelFindsTheDialogEvenWithoutAMatchingWord() {
        long assistantId = createAssistant(unique("label"));
        TestApi.Operator op = createOperator("Lev", assistantId);
        String guest = unique("g");
        long dialog = openDialog(assistantId, guest);
        String label = TestApi.guestLabel(assistantId, guest);

        JsonPath found = search(op.token(), label.substring("guest-".length()), "");
        assertThat(ids(found)).containsExactly(dialog);
        assertThat(found.getMap("dialogs[0]")).doesNotContainKey("match");
        // LIKE's wildcards are taken literally: "%" is not "anything".
        assertThat(ids(search(op.token(), "%", ""))).isEmpty();
    }

    @Test
    void emptyOrOverlongSearchesAndOffsetsWithoutASearchAreRefusedWithAReason() {
        String token = admin();
        as(token).get("/api/dialogs?q=").then().statusCode(400).body("error", is("validation"))
                .body("message", is("q must not be empty: give the words to search for, or leave q out for the whole list."));
        as(token).queryParam("q", "   ").get("/api/dialogs").then().statusCode(400).body("error", is("validation"));
        as(token).get("/api/dialogs?q=" + "a".repeat(201)).then().statusCode(400)
                .body("message", is("q must be at most 200 characters long."));
        as(token).get("/api/dialogs?q=hello&limit=51").then().statusCode(400)
                .body("message", is("limit must be between 1 and 50."));
        as(token).get("/api/dialogs?offset=20").then().statusCode(400)
                .body("message", is("offset pages through search results: it needs q."));
        // Search syntax a person might type is words, not an error.
        as(token).get("/api/dialogs?q=" + java.net.URLEncoder.encode("\"где мой\" -( or :*&|!", java.nio.charset.StandardCharsets.UTF_8))
                .then().statusCode(200);
        // Only stop words: nothing to search for in the text, an empty answer rather than everything.
        as(token).get("/api/dialogs?q=the").then().statusCode(200);
    }

    private static JsonPath search(String token, String q, String more) {
        return as(token).queryParam("q", q).get("/api/dialogs?x=1" + more).then().statusCode(200).extract().jsonPath();
    }

    private static List<Long> ids(JsonPath answer) {
        List<Number> ids = answer.getList("dialogs.id");
        return ids.stream().map(Number::longValue).toList();
    }
}
