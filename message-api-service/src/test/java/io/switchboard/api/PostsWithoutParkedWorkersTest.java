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

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.api.service.GroupCommit;
import io.switchboard.api.service.PostsConfig;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A post waits for its group-commit batch without holding a thread: with only {@value #WORKERS} worker threads, many
 * more posts than that wait for a slow commit at once (the committers stalled on a locked row, as a slow disk would
 * stall them), the server still answers other requests meanwhile, and once the commit comes every post gets its own
 * answer: 201 with its own seq, in order within a dialog, a repeat of a {@code client_msg_id} 200 with the first
 * message, a post into a closed dialog 409, an operator's reply 201. Before, each waiting post parked a worker
 * thread, so the fifth post here was never even taken up until the commit came.
 */
@QuarkusTest
@TestProfile(PostsWithoutParkedWorkersTest.FewWorkers.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class PostsWithoutParkedWorkersTest {
    static final int WORKERS = 4;

    /** A worker pool far smaller than the posts that wait at once. */
    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.thread-pool.max-threads", Integer.toString(WORKERS));
        }
    }

    @Inject
    GroupCommit groupCommit;
    @Inject
    PostsConfig config;
    @Inject
    AgroalDataSource db;

    @Test
    void manyMorePostsThanWorkerThreadsWaitForOneSlowCommitAndEachGetsItsOwnAnswer() throws Exception {
        long assistantId = createAssistant(unique("no-park"));
        String blockerGuest = unique("guest");
        long blocker = openDialog(assistantId, blockerGuest);
        int dialogsCount = 3 * WORKERS;
        List<String> guests = new ArrayList<>();
        List<Long> dialogs = new ArrayList<>();
        for (int i = 0; i < dialogsCount; i++) {
            guests.add(unique("guest"));
            dialogs.add(openDialog(assistantId, guests.get(i)));
        }
        String busyGuest = guests.get(0);
        long busy = dialogs.get(0);
        guestPost(assistantId, busyGuest, busy, Map.of("text", "first", "client_msg_id", "c-first"))
                .then().statusCode(201);
        String closedGuest = unique("guest");
        long closed = openDialog(assistantId, closedGuest);
        as(admin()).post("/api/dialogs/" + closed + "/close").then().statusCode(200);
        TestApi.Operator operator = createOperator("Anna", assistantId);
        String heldGuest = unique("guest");
        long held = openDialog(assistantId, heldGuest);
        takeOver(operator.token(), held);

        try (CommitterStall stall = new CommitterStall(groupCommit, db)) {
            Connection lock = stall.lock(blocker);
            stall.stall(config.committers(), () -> guestPost(assistantId, blockerGuest, blocker, Map.of("text", "stall")));
            List<CompletableFuture<Response>> posts = new ArrayList<>();
            for (int i = 0; i < dialogsCount; i++) {
                String guest = guests.get(i);
                long dialog = dialogs.get(i);
                posts.add(stall.queue(() -> guestPost(assistantId, guest, dialog, Map.of("text", "hello " + dialog))));
            }
            List<CompletableFuture<Response>> inOrder = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String text = "in order " + i;
                inOrder.add(stall.queue(() -> guestPost(assistantId, busyGuest, busy, Map.of("text", text))));
            }
            CompletableFuture<Response> repeat = stall.queue(() -> guestPost(assistantId, busyGuest, busy,
                    Map.of("text", "first", "client_msg_id", "c-first")));
            CompletableFuture<Response> refused = stall.queue(() -> guestPost(assistantId, closedGuest, closed,
                    Map.of("text", "too late")));
            CompletableFuture<Response> reply = stall.queue(() -> staffPost(operator.token(), held,
                    Map.of("text", "Anna here")));
            int waiting = dialogsCount + 3 + 3;
            assertThat(groupCommit.queued()).as("every post waits for the commit at once").isEqualTo(waiting);

            // The server keeps answering while they wait: a visitor's history is read on a worker thread.
            Response history = CompletableFuture.supplyAsync(() -> TestApi.json()
                    .queryParam("assistant_id", assistantId)
                    .queryParam("guest_token", TestApi.guestToken(assistantId, closedGuest))
                    .get("/api/widget/dialogs/" + closed + "/messages"), stall.clients()).get(20, TimeUnit.SECONDS);
            assertThat(history.statusCode()).as(history.asString()).isEqualTo(200);

            CommitterStall.release(lock);

            Set<Long> ids = new HashSet<>();
            for (CompletableFuture<Response> f : posts) {
                Response r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
                ids.add(r.jsonPath().getLong("id"));
            }
            assertThat(ids).as("each post stored once, as its own message").hasSize(dialogsCount);
            List<Long> seqs = new ArrayList<>();
            for (CompletableFuture<Response> f : inOrder) {
                Response r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
                seqs.add(r.jsonPath().getLong("seq"));
            }
            assertThat(seqs.get(1)).isEqualTo(seqs.get(0) + 1);
            assertThat(seqs.get(2)).isEqualTo(seqs.get(1) + 1);
            Response again = repeat.get(30, TimeUnit.SECONDS);
            assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
            assertThat(again.jsonPath().getString("text")).isEqualTo("first");
            Response no = refused.get(30, TimeUnit.SECONDS);
            assertThat(no.statusCode()).as(no.asString()).isEqualTo(409);
            assertThat(no.jsonPath().getString("error")).isEqualTo("dialog_closed");
            Response anna = reply.get(30, TimeUnit.SECONDS);
            assertThat(anna.statusCode()).as(anna.asString()).isEqualTo(201);
            assertThat(anna.jsonPath().getString("sender")).isEqualTo("operator");
            for (CompletableFuture<Response> f : stall.stalled()) {
                f.get(30, TimeUnit.SECONDS).then().statusCode(201);
            }
        }
        // What the visitor sees: its messages once each, in the order it sent them, with no gap in the seqs.
        List<Map<String, Object>> seen = guestMessages(assistantId, busyGuest, busy);
        assertThat(seen).extracting(m -> m.get("text"))
                .containsExactly("first", "hello " + busy, "in order 1", "in order 2", "in order 3");
        assertThat(seen).extracting(m -> ((Number) m.get("seq")).longValue()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(guestMessages(assistantId, heldGuest, held)).extracting(m -> m.get("text")).contains("Anna here");
        assertThat(guestMessages(assistantId, closedGuest, closed)).extracting(m -> m.get("text"))
                .doesNotContain("too late");
    }
}
