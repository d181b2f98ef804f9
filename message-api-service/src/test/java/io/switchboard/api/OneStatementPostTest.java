package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The post path that stores a message in one statement keeps every guarantee of the full path: gapless seqs
 * under mixed concurrent writers, one row and one event for concurrent repeats of a client_msg_id, the status
 * rules, answers that reveal nothing to strangers, and the guest's watermark moved without a read event.
 * Concurrent posts here run in shared group-commit batches (several statements, one commit), and the concurrent
 * repeats of one client_msg_id meet both ways a batch can see them: in the same batch (the later statement sees the
 * earlier row and writes nothing) and in two batches at once (the unique violation rolls one batch back and its
 * posts run alone); GroupCommitTest forces each case on its own.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class OneStatementPostTest {
    @Inject
    RedisDataSource redis;

    @Test
    void guestAndTheHoldingOperatorsTabsWritingAtOnceGetGaplessSeqsPublishedInOrder() throws Exception {
        long assistantId = createAssistant(unique("mixed"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        String operator = createOperator("Mixer", assistantId).token();
        // The handoff lock: only the operator holding the dialog writes (from three tabs here), the guest too.
        TestApi.takeOver(operator, dialogId);
        int each = 25;
        List<java.util.concurrent.Callable<Response>> writers = List.of(
                () -> guestPost(assistantId, guestId, dialogId, Map.of("text", "guest")),
                () -> staffPost(operator, dialogId, Map.of("text", "operator")),
                () -> staffPost(operator, dialogId, Map.of("text", "operator tab 2")),
                () -> staffPost(operator, dialogId, Map.of("text", "operator tab 3")));
        int total = writers.size() * each + 1;

        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers.size());
            List<Long> answered = new ArrayList<>();
            try {
                List<Future<List<Long>>> running = new ArrayList<>();
                for (var writer : writers) {
                    running.add(pool.submit(() -> {
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            Number seq = writer.call().then().statusCode(201).extract().path("seq");
                            seqs.add(seq.longValue());
                        }
                        return seqs;
                    }));
                }
                for (Future<List<Long>> f : running) {
                    answered.addAll(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            List<Long> all = LongStream.rangeClosed(1, total).boxed().toList();
            assertThat(answered).containsExactlyInAnyOrderElementsOf(all.subList(1, all.size()));
            assertThat(TestApi.json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId))
                    .queryParam("limit", 500).get("/api/widget/dialogs/" + dialogId + "/messages")
                    .then().statusCode(200).extract().jsonPath().getList("messages.seq", Long.class))
                    .containsExactlyElementsOf(all);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> channel.ofType(EventType.MESSAGE_NEW).stream().filter(e -> e.seq() > 1).count()
                            >= total - 1);
            // Seq 1 is the takeover's system message: its publish may reach Redis after the recorder subscribed.
            assertThat(channel.ofType(EventType.MESSAGE_NEW)).extracting(Envelope::seq).filteredOn(seq -> seq > 1)
                    .containsExactlyElementsOf(all.subList(1, all.size()));
        }
    }

    @Test
    void concurrentGuestRepeatsOfOneClientMsgIdStoreOneRowAndPublishOneMessage() throws Exception {
        long assistantId = createAssistant(unique("repeat"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        int posts = 8;
        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(posts);
            try {
                for (int i = 0; i < posts; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return guestPost(assistantId, guestId, dialogId, Map.of("text", "tap tap", "client_msg_id", "t-1"));
                    }, pool));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                List<Integer> ids = new ArrayList<>();
                for (CompletableFuture<Response> a : answers) {
                    Response r = a.get();
                    statuses.add(r.statusCode());
                    ids.add(r.path("id"));
                    assertThat(r.<Integer>path("seq")).isEqualTo(1);
                }
                assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 200);
                assertThat(ids).containsOnly(ids.get(0));
            } finally {
                pool.shutdownNow();
            }
            // A later message proves the channel flows and that the repeats put nothing before it.
            guestPost(assistantId, guestId, dialogId, Map.of("text", "after")).then().statusCode(201).body("seq", is(2));
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.ofType(EventType.MESSAGE_NEW).stream().anyMatch(e -> e.seq() == 2L));
            assertThat(channel.ofType(EventType.MESSAGE_NEW)).extracting(Envelope::seq).containsExactly(1L, 2L);
        }
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .containsExactly("tap tap", "after");
    }

    @Test
    void aPostMovesItsAuthorsWatermarkWithoutAReadEventAndNamesTheOperatorInItsOneFrame() {
        long assistantId = createAssistant(unique("watermark"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        TestApi.Operator operator = createOperator("Reader", assistantId);
        // The handoff lock: the operator takes over first (seq 1 is its "joined" message).
        TestApi.takeOver(operator.token(), dialogId);
        try (RedisChannelRecorder channels = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId,
                "ws:assistant:" + assistantId)) {
            guestPost(assistantId, guestId, dialogId, Map.of("text", "question")).then().statusCode(201)
                    .body("author_id", nullValue());
            staffPost(operator.token(), dialogId, Map.of("text", "answer")).then().statusCode(201)
                    .body("author_id", is((int) operator.id()));
            guestPost(assistantId, guestId, dialogId, Map.of("text", "thanks")).then().statusCode(201);

            // message:new and dialog:update for each of the three, and nothing else: the operator's read is in them.
            java.util.function.Supplier<List<Envelope>> news = () -> channels.ofType(EventType.MESSAGE_NEW).stream()
                    .filter(e -> e.seq() >= 2).toList();
            java.util.function.Supplier<List<Envelope>> updates = () -> channels.ofType(EventType.DIALOG_UPDATE)
                    .stream().filter(e -> e.dialog().lastSeq() >= 2).toList();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> news.get().size() == 3
                    && updates.get().size() == 3);
            assertThat(news.get()).extracting(Envelope::seq).containsExactly(2L, 3L, 4L);
            // The last post's events came after the operator's on both channels: a read of seq 3 would be here.
            assertThat(channels.ofType(EventType.READ)).isEmpty();
            assertThat(news.get()).extracting(e -> e.message().authorId()).containsExactly(null, operator.id(), null);
            assertThat(updates.get()).extracting(Envelope::reader)
                    .containsExactly(null, "user:" + operator.id(), null);
            assertThat(updates.get()).extracting(e -> e.dialog().lastSeq()).containsExactly(2L, 3L, 4L);
            // The team's unread count: the operator read up to its own answer, so only the guest's thanks is new.
            assertThat(updates.get()).extracting(e -> e.dialog().unread()).containsExactly(2L, 0L, 1L);
        }
        // The guest has read everything it wrote: opening the widget again shows nothing unread.
        openDialog(assistantId, guestId);
        json().body(Map.of("assistant_id", assistantId, "guest_token", TestApi.guestToken(assistantId, guestId))).post("/api/widget/dialogs")
                .then().statusCode(200).body("last_seq", is(4)).body("unread", is(0));
        // The operator's own watermark did move (to its answer): only the guest's thanks is unread for it.
        as(operator.token()).get("/api/dialogs/" + dialogId).then().statusCode(200).body("unread", is(1));
        // History names the author too, so a client that reads it back converges on the same watermark; the guest's
        // view of the same history carries the same field (the operator's id is no secret to the guest: it was in
        // the read events the guest's socket received before, and is the dialog's assigned_operator_id).
        as(operator.token()).get("/api/dialogs/" + dialogId + "/messages?after_seq=1").then().statusCode(200)
                .body("messages.author_id", contains(null, (int) operator.id(), null));
    }

    @Test
    void aClosedDialogRefusesPostsWith409AndStoresAndPublishesNothing() {
        long assistantId = createAssistant(unique("closed"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        guestPost(assistantId, guestId, dialogId, Map.of("text", "bye")).then().statusCode(201);
        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            as(admin()).post("/api/dialogs/" + dialogId + "/close").then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> !channel.ofType(EventType.MESSAGE_NEW).isEmpty());
            guestPost(assistantId, guestId, dialogId, Map.of("text", "one more"))
                    .then().statusCode(409).body("error", is("dialog_closed"));
            staffPost(admin(), dialogId, Map.of("text", "late reply"))
                    .then().statusCode(409).body("error", is("dialog_closed"));
            assertThat(channel.ofType(EventType.MESSAGE_NEW)).extracting(e -> e.message().sender())
                    .containsExactly("system");
        }
        List<Map<String, Object>> stored = guestMessages(assistantId, guestId, dialogId);
        assertThat(stored).extracting(m -> m.get("sender")).containsExactly("user", "system");
        assertThat(stored.get(0).get("text")).isEqualTo("bye");
    }

    @Test
    void theAssistantIsRefusedWhileAnOperatorHoldsTheDialog() {
        long assistantId = createAssistant(unique("held"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        String bot = assistantToken(assistantId);
        as(admin()).post("/api/dialogs/" + dialogId + "/takeover").then().statusCode(200);
        staffPost(bot, dialogId, Map.of("text", "bot answer")).then().statusCode(409).body("error", is("operator_active"));
        guestPost(assistantId, guestId, dialogId, Map.of("text", "still here")).then().statusCode(201);
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .doesNotContain("bot answer").contains("still here");
    }

    @Test
    void strangersLearnNothingWhateverTheyPost() {
        long assistantId = createAssistant(unique("strangers"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        guestPost(assistantId, guestId, dialogId, Map.of("text", "mine")).then().statusCode(201);
        String mallory = unique("mallory");

        String wrongGuest = guestPost(assistantId, mallory, dialogId, Map.of("text", "x"))
                .then().statusCode(403).body("message", is(DialogAccess.NOT_YOUR_DIALOG)).extract().asString();
        String missing = guestPost(assistantId, mallory, 999_999_999L, Map.of("text", "x"))
                .then().statusCode(403).extract().asString();
        assertThat(wrongGuest).isEqualTo(missing);
        // An invalid body or a repeat of the owner's client_msg_id tells a stranger no more than 403 either.
        guestPost(assistantId, mallory, dialogId, Map.of("text", " ")).then().statusCode(403);
        guestPost(assistantId, guestId, dialogId, Map.of("text", "keyed", "client_msg_id", "k")).then().statusCode(201);
        guestPost(assistantId, mallory, dialogId, Map.of("text", "keyed", "client_msg_id", "k")).then().statusCode(403);

        long otherAssistant = createAssistant(unique("other"));
        String outsider = createOperator("Outsider", otherAssistant).token();
        staffPost(outsider, dialogId, Map.of("text", "x")).then().statusCode(403);
        staffPost(assistantToken(otherAssistant), dialogId, Map.of("text", "x")).then().statusCode(403);
        staffPost(outsider, 999_999_999L, Map.of("text", "x")).then().statusCode(404).body("error", is("dialog_not_found"));
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .containsExactly("mine", "keyed");
    }

    private static String assistantToken(long assistantId) {
        return as(admin()).post("/api/assistants/" + assistantId + "/token").then().statusCode(201)
                .extract().path("access_token");
    }
}
