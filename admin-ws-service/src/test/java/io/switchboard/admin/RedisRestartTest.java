package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.events.MessagePayload;
import io.switchboard.infra.EmbeddedInfra;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class RedisRestartTest {

    @TestHTTPResource("/")
    URI base;

    private static void publishWhenRedisIsBack(long assistantId, MessagePayload m) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            TestRedis.messageNew(assistantId, m);
            return true;
        });
    }

    /**
     * Before a restart the node reports Redis as connected. This is also the first REST Assured call of the JVM, whose
     * start-up (Groovy) takes seconds on a loaded machine: it must not eat the bounded wait for the outage.
     */
    private static void awaitRedisReportedConnected() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "connected".equals(RestAssured.get("/api/sse/health").jsonPath().getString("redis")));
    }

    @Test
    void everyConnectedClientEndsWithEverySeqExactlyOnceInOrderWhenRedisRestartsMidStream() {
        Fixture f = Fixture.create();
        List<Long> all = LongStream.rangeClosed(1, 15).boxed().toList();
        try (TestSocket dialogSocket = TestSocket.open(base, f.dialogPath() + "&after_seq=0");
             TestSocket userSocket = TestSocket.open(base, "/ws?token=" + f.operatorToken());
             SseStream sse = SseStream.open(base, "/api/dialogs/" + f.dialogId() + "/events?after_seq=0&token="
                     + f.operatorToken())) {
            await().until(() -> !userSocket.ofType("connected").isEmpty());
            userSocket.send("{\"type\":\"subscribe\",\"dialog_id\":" + f.dialogId() + ",\"after_seq\":0}");
            await().until(() -> !dialogSocket.ofType("subscribed").isEmpty() && !userSocket.ofType("subscribed").isEmpty()
                    && sse.lines().stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));
            for (int i = 1; i <= 5; i++) {
                TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "before " + i));
            }
            await().until(() -> dialogSocket.messageSeqs(f.dialogId()).size() == 5);
            awaitRedisReportedConnected();

            EmbeddedInfra.redis().stop();
            await().until(() -> "disconnected".equals(RestAssured.get("/api/sse/health").jsonPath().getString("redis")));
            assertThat(RestAssured.get("/api/sse/health").jsonPath().getString("status")).isEqualTo("degraded");
            for (int i = 6; i <= 10; i++) {
                TestDb.message(f.dialogId(), "while Redis is down " + i);
            }
            EmbeddedInfra.redis().start();
            for (int i = 11; i <= 15; i++) {
                publishWhenRedisIsBack(f.assistantId(), TestDb.message(f.dialogId(), "after " + i));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> dialogSocket.messageSeqs(f.dialogId()).size() >= 15
                    && userSocket.messageSeqs(f.dialogId()).size() >= 15 && sse.messageSeqs(f.dialogId()).size() >= 15);
            await().during(Duration.ofMillis(500)).until(() -> dialogSocket.messageSeqs(f.dialogId()).size() == 15);
            assertThat(dialogSocket.messageSeqs(f.dialogId())).containsExactlyElementsOf(all);
            assertThat(userSocket.messageSeqs(f.dialogId())).containsExactlyElementsOf(all);
            assertThat(sse.messageSeqs(f.dialogId())).containsExactlyElementsOf(all);
            assertThat(dialogSocket.isClosed()).isFalse();
            assertThat(dialogSocket.ofType("connected")).as("no reconnect").hasSize(1);
            await().until(() -> "connected".equals(RestAssured.get("/api/sse/health").jsonPath().getString("redis")));
        } finally {
            EmbeddedInfra.redis().start();
        }
    }

    @Test
    void dialogChangesAndNotificationsStoredWhileTheSubscriberWasAwayArriveAsSoonAsItIsBack() throws Exception {
        Fixture f = Fixture.create();
        try (TestSocket user = TestSocket.open(base, "/ws?token=" + f.operatorToken())) {
            await().until(() -> !user.ofType("connected").isEmpty());
            awaitRedisReportedConnected();

            EmbeddedInfra.redis().stop();
            await().until(() -> "disconnected".equals(RestAssured.get("/api/sse/health").jsonPath().getString("redis")));
            // What message-api commits while nobody hears its publishes: only the rows tell.
            long notificationId;
            try (Connection c = TestDb.connect()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE dialogs SET status = 'operator',"
                        + " assigned_operator_id = ?, updated_at = now() WHERE id = ?")) {
                    ps.setLong(1, f.operatorId());
                    ps.setLong(2, f.dialogId());
                    ps.executeUpdate();
                }
            }
            notificationId = TestDb.notification(f.operatorId(), "handoff_requested",
                    "{\"dialog_id\":" + f.dialogId() + "}").id();
            EmbeddedInfra.redis().start();

            await().atMost(Duration.ofSeconds(20)).until(() -> user.ofType("dialog:update").stream()
                    .anyMatch(u -> u.path("dialog_id").asLong() == f.dialogId()
                            && "operator".equals(u.path("dialog").path("status").asText())
                            && u.path("dialog").path("assigned_operator_id").asLong() == f.operatorId()));
            await().atMost(Duration.ofSeconds(20)).until(() -> user.ofType("notification:new").stream()
                    .anyMatch(n -> n.path("notification").path("id").asLong() == notificationId));
            assertThat(user.ofType("notification:new")).hasSize(1);
            assertThat(user.ofType("notification:new").get(0).path("notification").path("payload").path("dialog_id").asLong())
                    .isEqualTo(f.dialogId());
            assertThat(user.isClosed()).isFalse();
        } finally {
            EmbeddedInfra.redis().start();
        }
    }

    /**
     * A ticket is redeemed in Redis, so while Redis is down a ticket handshake cannot be checked: the dashboard must get
     * 1013 with a reason (and reconnect with a new ticket), not a socket left hanging or a 4401 that sends it to the
     * login page. Once Redis is back, a new ticket opens the socket.
     */
    @Test
    void aTicketHandshakeWhileRedisIsDownIsClosedWith1013AndANewTicketOpensOnceItIsBack() {
        Fixture f = Fixture.create();
        String exp = Long.toString(java.time.Instant.now().plusSeconds(3600).getEpochSecond());
        String value = "{\"user_id\":" + f.operatorId() + ",\"username\":\"op\",\"display_name\":\"Op\","
                + "\"role\":\"operator\",\"token_exp\":" + exp + "}";
        TestRedis.ticket("down-" + f.operatorId(), value);
        awaitRedisReportedConnected();
        try {
            EmbeddedInfra.redis().stop();
            await().until(() -> "disconnected".equals(RestAssured.get("/api/sse/health").jsonPath().getString("redis")));
            try (TestSocket refused = TestSocket.open(base, "/ws?ticket=down-" + f.operatorId())) {
                await().atMost(Duration.ofSeconds(20)).until(refused::isClosed);
                assertThat(refused.closeCode()).isEqualTo(1013);
                assertThat(refused.closeReason()).contains("reconnect");
                assertThat(refused.frames()).isEmpty();
            }
        } finally {
            EmbeddedInfra.redis().start();
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            TestRedis.ticket("back-" + f.operatorId(), value);
            return true;
        });
        try (TestSocket opened = TestSocket.open(base, "/ws?ticket=back-" + f.operatorId())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !opened.ofType("connected").isEmpty() || opened.isClosed());
            assertThat(opened.isClosed()).as("closed with " + opened.closeCode() + " " + opened.closeReason()).isFalse();
        }
    }
}
