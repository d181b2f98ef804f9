package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.takeOver;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With group commit off ({@code switchboard.posts.group-commit=false}) every post is its own transaction, run on a
 * worker thread of its request: guests and operators are answered as with it on — 201 with the next seq, a repeated
 * {@code client_msg_id} 200 with the first message, a stranger 403, a closed dialog 409.
 */
@QuarkusTest
@TestProfile(PostsWithoutGroupCommitTest.GroupCommitOff.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class PostsWithoutGroupCommitTest {
    /** Group commit off. */
    public static class GroupCommitOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.posts.group-commit", "false");
        }
    }

    @Test
    void everyPostIsAnsweredAsWithGroupCommit() {
        long assistantId = createAssistant(unique("no-batch"));
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        Response first = guestPost(assistantId, guest, dialog, Map.of("text", "hello", "client_msg_id", "c-1"));
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        Response again = guestPost(assistantId, guest, dialog, Map.of("text", "hello", "client_msg_id", "c-1"));
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.jsonPath().getLong("id")).isEqualTo(first.jsonPath().getLong("id"));

        String stranger = unique("guest");
        openDialog(assistantId, stranger);
        Response no = guestPost(assistantId, stranger, dialog, Map.of("text", "not mine"));
        assertThat(no.statusCode()).as(no.asString()).isEqualTo(403);

        TestApi.Operator anna = createOperator("Anna", assistantId);
        takeOver(anna.token(), dialog);
        Response reply = staffPost(anna.token(), dialog, Map.of("text", "Anna here"));
        assertThat(reply.statusCode()).as(reply.asString()).isEqualTo(201);
        assertThat(reply.jsonPath().getLong("seq")).isGreaterThan(first.jsonPath().getLong("seq"));

        as(admin()).post("/api/dialogs/" + dialog + "/close").then().statusCode(200);
        Response late = guestPost(assistantId, guest, dialog, Map.of("text", "too late"));
        assertThat(late.statusCode()).as(late.asString()).isEqualTo(409);
        assertThat(guestMessages(assistantId, guest, dialog)).extracting(m -> m.get("text"))
                .contains("hello", "Anna here").doesNotContain("not mine", "too late");
    }
}
