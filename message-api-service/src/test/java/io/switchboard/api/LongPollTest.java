package io.switchboard.api;

import static io.switchboard.api.AfterCommitPublishingTest.metric;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import io.switchboard.infra.EmbeddedInfra;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.infra.EmbeddedRedisServer;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class LongPollTest {
    @Inject
    RedisDataSource redis;
    @Inject
    AgroalDataSource dataSource;

    long assistantId;
    String guestId;
    long dialogId;

    @BeforeEach
    void dialog() {
        assistantId = createAssistant(unique("poll"));
        guestId = unique("guest");
        dialogId = openDialog(assistantId, guestId);
    }

    @Test
    void longPollAnswersWithinASecondOfANewMessage() throws Exception {
        TestApi.Operator op = createOperator("Quick", assistantId);
        TestApi.takeOver(op.token(), dialogId);
        CompletableFuture<JsonPath> poll = guestPoll(1, 10);
        awaitWaiting();

        long posted = System.nanoTime();
        staffPost(op.token(), dialogId, Map.of("text", "here you go")).then().statusCode(201);
        JsonPath page = poll.get(5, TimeUnit.SECONDS);
        long answeredMillis = (System.nanoTime() - posted) / 1_000_000;

        assertThat(answeredMillis).isLessThan(1000);
        assertThat(page.getList("messages.text")).containsExactly("here you go");
        assertThat(page.getLong("last_seq")).isEqualTo(2);
    }

    @Test
    void longPollWithNothingNewAnswersEmptyAfterTheWait() throws Exception {
        long started = System.nanoTime();
        JsonPath page = guestPoll(0, 2).get(10, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(tookMillis).isBetween(1900L, 4000L);
        assertThat(page.getList("messages")).isEmpty();
        assertThat(page.getLong("dialog_id")).isEqualTo(dialogId);
        assertThat(page.getLong("last_seq")).isZero();
    }

    @Test
    void longPollWakesOnAnotherReplicasRedisEventAndFindsLostOnesInPostgres() throws Exception {
        assertThat(subscribers()).isZero();
        CompletableFuture<JsonPath> poll = guestPoll(0, 10);
        awaitWaiting();
        // Subscribed to this dialog's channel only while someone waits on it.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 1);

        // Another replica's doorbell: the waiter wakes, finds nothing committed yet, and keeps waiting.
        double redisWakeups = metric("switchboard_longpoll_wakeups_total{reason=\"redis\"}");
        MessagePayload ghost = new MessagePayload(0, dialogId, 1, "assistant", "bot", "not committed", null, Instant.now());
        redis.pubsub(String.class).publish("ws:dialog:" + dialogId, EventCodec.encode(Envelope.messageNew(assistantId, ghost)));
        Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> metric("switchboard_longpoll_wakeups_total{reason=\"redis\"}") > redisWakeups);
        assertThat(poll).isNotDone();

        // Another replica commits but its publish is lost: the periodic PostgreSQL re-check still answers.
        insertAsAnotherReplica("committed elsewhere");
        JsonPath page = poll.get(5, TimeUnit.SECONDS);
        assertThat(page.getList("messages.text")).containsExactly("committed elsewhere");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 0);
    }

    private long subscribers() {
        var reply = redis.execute("PUBSUB", "NUMSUB", "ws:dialog:" + dialogId);
        return reply.get(1).toLong();
    }

    @Test
    void longPollKeepsWorkingWhileRedisIsDown() throws Exception {
        TestApi.Operator op = createOperator("Steady", assistantId);
        TestApi.takeOver(op.token(), dialogId);
        EmbeddedRedisServer server = EmbeddedInfra.redis();
        server.stop();
        try {
            CompletableFuture<JsonPath> poll = guestPoll(1, 10);
            awaitWaiting();
            long posted = System.nanoTime();
            staffPost(op.token(), dialogId, Map.of("text", "no Redis needed")).then().statusCode(201);
            JsonPath page = poll.get(5, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - posted) / 1_000_000).isLessThan(1000);
            assertThat(page.getList("messages.text")).containsExactly("no Redis needed");
        } finally {
            server.start();
        }
    }

    @Test
    void negativeWaitIsRejectedNamingTheLimit() {
        json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId)).queryParam("wait", -1)
                .get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.is("validation"))
                .body("message", org.hamcrest.Matchers.is(
                        "wait must not be negative (seconds to wait for a new message, at most 30)."));
    }

    private CompletableFuture<JsonPath> guestPoll(long afterSeq, int waitSeconds) {
        return CompletableFuture.supplyAsync(() -> json()
                .queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guestId))
                .queryParam("after_seq", afterSeq).queryParam("wait", waitSeconds)
                .get("/api/widget/dialogs/" + dialogId + "/messages")
                .then().statusCode(200).extract().jsonPath());
    }

    private static void awaitWaiting() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metric("switchboard_longpoll_waiters") >= 1);
    }

    private void insertAsAnotherReplica(String text) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("WITH d AS (UPDATE dialogs SET last_seq = last_seq + 1,"
                     + " last_message_at = now() WHERE id = ? RETURNING last_seq)"
                     + " INSERT INTO messages (dialog_id, seq, sender, text) SELECT ?, last_seq, 'assistant', ? FROM d")) {
            ps.setLong(1, dialogId);
            ps.setLong(2, dialogId);
            ps.setString(3, text);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
