package io.switchboard.api;

import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.guestToken;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scrolling back through a whole dialog: {@code before_seq} pages, newest first, each in seq order. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HistoryPagingTest {

    @Test
    void pagesBackFromTheNewestToTheFirstMessageWithoutGapsOrRepeats() {
        long assistantId = createAssistant(unique("history"));
        TestApi.Operator op = createOperator("Hanna", assistantId);
        String guest = unique("g");
        long dialog = openDialog(assistantId, guest);
        for (int i = 1; i <= 23; i++) {
            guestPost(assistantId, guest, dialog, Map.of("text", "message " + i)).then().statusCode(201);
        }

        JsonPath newest = page(op.token(), dialog, "before_seq=24&limit=10");
        assertThat(seqs(newest)).containsExactly(14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L);
        assertThat(newest.getLong("last_seq")).isEqualTo(23);
        assertThat(newest.getBoolean("has_more")).isTrue();
        assertThat(newest.getLong("next_before_seq")).isEqualTo(14);

        List<Long> all = new ArrayList<>(seqs(newest));
        JsonPath older = newest;
        while (older.getBoolean("has_more")) {
            older = page(op.token(), dialog, "before_seq=" + older.getLong("next_before_seq") + "&limit=10");
            all.addAll(0, seqs(older));
        }
        assertThat(all).hasSize(23).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(1L);
        assertThat(older.getString("next_before_seq")).isNull();
        assertThat(older.getList("messages.text", String.class).get(0)).isEqualTo("message 1");

        // A cursor past the end is the newest page; the forward cursor answers as before, without the paging fields.
        assertThat(seqs(page(op.token(), dialog, "before_seq=1000&limit=3"))).containsExactly(21L, 22L, 23L);
        JsonPath forward = page(op.token(), dialog, "after_seq=20");
        assertThat(seqs(forward)).containsExactly(21L, 22L, 23L);
        assertThat(forward.getMap("")).doesNotContainKeys("has_more", "next_before_seq");
    }

    @Test
    void theGuestPagesBackThroughItsOwnDialogToo() {
        long assistantId = createAssistant(unique("history-guest"));
        String guest = unique("g");
        long dialog = openDialog(assistantId, guest);
        for (int i = 1; i <= 5; i++) {
            guestPost(assistantId, guest, dialog, Map.of("text", "m" + i)).then().statusCode(201);
        }
        JsonPath page = json().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, guest))
                .get("/api/widget/dialogs/" + dialog + "/messages?before_seq=4&limit=2")
                .then().statusCode(200).extract().jsonPath();
        assertThat(seqs(page)).containsExactly(2L, 3L);
        assertThat(page.getBoolean("has_more")).isTrue();
    }

    @Test
    void anotherAssistantsOperatorCannotPageBackAndBadCursorsAreRefused() {
        long assistantId = createAssistant(unique("history-own"));
        TestApi.Operator stranger = createOperator("Stranger", createAssistant(unique("other")));
        TestApi.Operator op = createOperator("Owner", assistantId);
        String guest = unique("g");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "secret")).then().statusCode(201);

        as(stranger.token()).get("/api/dialogs/" + dialog + "/messages?before_seq=2").then().statusCode(403);
        as(op.token()).get("/api/dialogs/" + dialog + "/messages?before_seq=0").then().statusCode(400)
                .body("message", is("before_seq must be a positive number."));
        as(op.token()).get("/api/dialogs/" + dialog + "/messages?before_seq=5&after_seq=1").then().statusCode(400)
                .body("message", is("before_seq and after_seq cannot be combined: before_seq pages back through older"
                        + " messages, after_seq reads newer ones."));
        as(op.token()).get("/api/dialogs/" + dialog + "/messages?before_seq=5&wait=10").then().statusCode(400)
                .body("message", is("wait applies only to after_seq: older messages do not arrive later."));
    }

    private static JsonPath page(String token, long dialog, String query) {
        return as(token).get("/api/dialogs/" + dialog + "/messages?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static List<Long> seqs(JsonPath page) {
        List<Number> seqs = page.getList("messages.seq");
        return seqs.stream().map(Number::longValue).toList();
    }
}
