package io.switchboard.api;

import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dialog list keeps its newest-activity-first order while posts update their dialog rows in place (V24: no index
 * on dialogs holds a column a post changes, so the update is HOT; docs/performance.md "PostgreSQL per post (postpg)").
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class DialogActivityOrderTest {
    /** The dialogs columns every post sets (MessageRepository.appendIfAllowed, DialogRepository.nextSeq). */
    private static final List<String> SET_BY_EVERY_POST = List.of("last_seq", "last_message_at",
            "last_message_preview", "last_message_sender", "updated_at");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void interleavedPostsInSeveralDialogsReorderTheListAndTheSearchEveryTime() {
        long assistantId = createAssistant(unique("order"));
        TestApi.Operator op = createOperator("Olga", assistantId);
        String[] guests = new String[4];
        long[] dialogs = new long[4];
        for (int i = 0; i < dialogs.length; i++) {
            guests[i] = unique("g");
            dialogs[i] = openDialog(assistantId, guests[i]);
        }
        // Newest first: a dialog without messages sorts by when it was opened.
        assertThat(ids(op, assistantId)).containsExactly(dialogs[3], dialogs[2], dialogs[1], dialogs[0]);

        int[] postOrder = {1, 3, 0, 1, 2, 0, 3, 1};
        List<Long> expected = new ArrayList<>(List.of(dialogs[3], dialogs[2], dialogs[1], dialogs[0]));
        List<Long> searched = new ArrayList<>();
        for (int n = 0; n < postOrder.length; n++) {
            int i = postOrder[n];
            guestPost(assistantId, guests[i], dialogs[i], Map.of("text", "заказ номер " + n)).then().statusCode(201);
            expected.remove(dialogs[i]);
            expected.add(0, dialogs[i]);
            // Search finds only the dialogs with a matching message, in the same order.
            searched.remove(dialogs[i]);
            searched.add(0, dialogs[i]);
            assertThat(ids(op, assistantId)).as("after post %d into dialog %d", n, i).containsExactlyElementsOf(expected);
            assertThat(as(op.token()).get("/api/dialogs?q=заказ&assistant_id=" + assistantId).then().statusCode(200)
                    .extract().jsonPath().getList("dialogs.id", Long.class))
                    .as("search after post %d", n).containsExactlyElementsOf(searched);
        }
        List<Map<String, Object>> top = as(op.token()).get("/api/dialogs?assistant_id=" + assistantId).then()
                .statusCode(200).extract().jsonPath().getList("dialogs");
        assertThat(top.get(0)).containsEntry("last_seq", 3).containsEntry("last_message_preview", "заказ номер 7");
    }

    @Test
    void noIndexOnDialogsHoldsAColumnEveryPostChanges() throws Exception {
        List<String> definitions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                     + " AND tablename = 'dialogs'")) {
            while (rs.next()) {
                definitions.add(rs.getString(1));
            }
        }
        assertThat(definitions).isNotEmpty().anySatisfy(d -> assertThat(d).contains("dialogs_assistant_idx"));
        // An index on any of them (its columns, expression or predicate) makes every post's dialog update non-HOT:
        // a new tuple and an entry in every dialogs index per post (V24).
        for (String column : SET_BY_EVERY_POST) {
            assertThat(definitions).noneSatisfy(d -> assertThat(d).containsPattern("\\b" + column + "\\b"));
        }
    }

    private static List<Long> ids(TestApi.Operator op, long assistantId) {
        return as(op.token()).get("/api/dialogs?assistant_id=" + assistantId).then().statusCode(200)
                .extract().jsonPath().getList("dialogs.id", Long.class);
    }
}
