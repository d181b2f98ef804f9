package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.socket.testkit.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AdminUserStreamTest {

    @TestHTTPResource("/")
    URI base;

    private TestSocket userSocket(String token) {
        TestSocket s = TestSocket.open(base, "/ws?token=" + token);
        await().until(() -> !s.ofType("connected").isEmpty());
        return s;
    }

    private TestSocket userSocket(String token, long afterNotification) {
        TestSocket s = TestSocket.open(base, "/ws?after_notification=" + afterNotification + "&token=" + token);
        await().until(() -> !s.ofType("connected").isEmpty());
        return s;
    }

    @Test
    void aDialogUpdateOnAnAssistantChannelReachesOperatorsOfThatAssistantAndAdminsOnly() {
        Fixture mine = Fixture.create();
        Fixture other = Fixture.create();
        long adminId = TestDb.user("admin");
        try (TestSocket operator = userSocket(mine.operatorToken());
             TestSocket stranger = userSocket(other.operatorToken());
             TestSocket admin = userSocket(Tokens.user(adminId, "admin"))) {
            Envelope update = Envelope.dialogUpdate(new DialogPayload(mine.dialogId(), mine.assistantId(), "g",
                    "waiting_operator", null, 3, 3L, Instant.now(), "help!", "user"));

            TestRedis.publish(update, TestRedis.CHANNELS.assistant(mine.assistantId()));

            await().until(() -> !operator.ofType("dialog:update").isEmpty() && !admin.ofType("dialog:update").isEmpty());
            assertThat(operator.ofType("dialog:update").get(0).path("dialog").path("status").asText())
                    .isEqualTo("waiting_operator");
            await().during(Duration.ofMillis(500)).until(() -> stranger.ofType("dialog:update").isEmpty());
        }
    }

    @Test
    void aStoredNotificationReachesOnlyThatOperatorOnceAndAnUnstoredOneWaitsForMessageApiToStoreIt() {
        Fixture mine = Fixture.create();
        Fixture other = Fixture.create();
        try (TestSocket operator = userSocket(mine.operatorToken());
             TestSocket stranger = userSocket(other.operatorToken())) {
            await().until(() -> !operator.ofType("connected").isEmpty() && !stranger.ofType("connected").isEmpty());
            // What a backend worker (seed 004's Celery task) publishes: not stored yet, so no seq. message-api
            // stores it and publishes the stored copy; the socket shows only that one (here nobody stores it).
            String raw = "{\"v\":1,\"type\":\"notification:new\",\"event_id\":\"n-" + mine.operatorId()
                    + "\",\"user_id\":" + mine.operatorId()
                    + ",\"notification\":{\"kind\":\"handoff_requested\",\"payload\":{\"dialog_id\":"
                    + mine.dialogId() + "}}}";
            TestRedis.publish("notifications:" + mine.operatorId(), raw);
            TestDb.StoredNotification stored = TestDb.notification(mine.operatorId(), "handoff_requested",
                    "{\"dialog_id\":" + mine.dialogId() + "}");
            TestRedis.publish("notifications:" + mine.operatorId(), stored.envelope());
            TestRedis.publish("notifications:" + mine.operatorId(), stored.envelope());

            await().until(() -> operator.frames().contains(stored.envelope()));
            await().during(Duration.ofMillis(500)).until(() -> operator.ofType("notification:new").size() == 1
                    && stranger.ofType("notification:new").isEmpty());
        }
    }

    @Test
    void aReconnectWithAfterNotificationGetsWhatWasStoredMeanwhileOnceInOrderAndAGapIsReadFromPostgres() {
        Fixture f = Fixture.create();
        TestDb.StoredNotification first = TestDb.notification(f.operatorId(), "k", "{\"n\":1}");
        TestDb.StoredNotification second = TestDb.notification(f.operatorId(), "k", "{\"n\":2}");
        try (TestSocket operator = userSocket(f.operatorToken(), first.seq())) {
            await().until(() -> operator.ofType("notification:new").size() == 1);
            // The fourth's publish arrives before the third's: the gap is read from PostgreSQL, and the third's
            // late publish is a repeat.
            TestDb.StoredNotification third = TestDb.notification(f.operatorId(), "k", "{\"n\":3}");
            TestDb.StoredNotification fourth = TestDb.notification(f.operatorId(), "k", "{\"n\":4}");
            TestRedis.publish("notifications:" + f.operatorId(), fourth.envelope());
            TestRedis.publish("notifications:" + f.operatorId(), third.envelope());
            await().until(() -> operator.ofType("notification:new").size() == 3);
            await().during(Duration.ofMillis(500)).until(() -> operator.ofType("notification:new").size() == 3);
            assertThat(operator.ofType("notification:new")).extracting(n -> n.path("notification").path("seq").asLong())
                    .containsExactly(second.seq(), third.seq(), fourth.seq());
        }
    }

    @Test
    void anUnknownEventTypePassesThroughUntouched() {
        Fixture f = Fixture.create();
        try (TestSocket operator = userSocket(f.operatorToken())) {
            String json = "{\"v\":2,\"type\":\"reaction:added\",\"event_id\":\"r1\",\"dialog_id\":" + f.dialogId()
                    + ",\"emoji\":\"+1\",\"nested\":{\"a\":[1,2]}}";

            TestRedis.publish(TestRedis.CHANNELS.assistant(f.assistantId()), json);

            await().until(() -> operator.frames().contains(json));
        }
    }

    @Test
    void aOneTimeTicketOpensTheSocketOnceAndIsRefusedWith4401Afterwards() {
        Fixture f = Fixture.create();
        String ticket = "t-" + f.operatorId();
        TestRedis.ticket(ticket, "{\"user_id\":" + f.operatorId() + ",\"username\":\"op\",\"display_name\":\"Op\","
                + "\"role\":\"operator\",\"token_exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}");

        try (TestSocket first = TestSocket.open(base, "/ws?ticket=" + ticket)) {
            await().until(() -> !first.ofType("connected").isEmpty());
            assertThat(first.ofType("connected").get(0).path("identity").asText()).isEqualTo("operator:" + f.operatorId());

            try (TestSocket reused = TestSocket.open(base, "/ws?ticket=" + ticket)) {
                await().until(reused::isClosed);
                assertThat(reused.closeCode()).isEqualTo(4401);
                assertThat(reused.closeReason()).isEqualTo("ticket already used or expired");
                assertThat(reused.frames()).isEmpty();
            }
        }
    }

    /**
     * A dashboard reconnect storm: every handshake redeems its ticket in Redis at once. With the Redis client's
     * default wait queue (24) the burst was refused with 1013 (bench s4 --credential ticket); every socket must open.
     */
    @Test
    void aBurstOfTicketHandshakesOpensEverySocket() throws Exception {
        Fixture f = Fixture.create();
        int sockets = 200;
        long exp = Instant.now().plusSeconds(3600).getEpochSecond();
        for (int i = 0; i < sockets; i++) {
            TestRedis.ticket("burst-" + i + "-" + f.operatorId(), "{\"user_id\":" + f.operatorId()
                    + ",\"username\":\"op\",\"display_name\":\"Op\",\"role\":\"operator\",\"token_exp\":" + exp + "}");
        }
        ExecutorService openers = Executors.newFixedThreadPool(100);
        List<TestSocket> opened = new ArrayList<>();
        try {
            List<Future<TestSocket>> all = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                String ticket = "burst-" + i + "-" + f.operatorId();
                all.add(openers.submit(() -> TestSocket.open(base, "/ws?ticket=" + ticket)));
            }
            for (Future<TestSocket> s : all) {
                opened.add(s.get());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> opened.stream()
                    .allMatch(s -> s.isClosed() || !s.ofType("connected").isEmpty()));
            assertThat(opened).as("sockets refused in the burst (close code, reason)")
                    .filteredOn(TestSocket::isClosed)
                    .extracting(s -> s.closeCode() + " " + s.closeReason()).isEmpty();
        } finally {
            opened.forEach(TestSocket::close);
            openers.shutdownNow();
        }
    }
}
