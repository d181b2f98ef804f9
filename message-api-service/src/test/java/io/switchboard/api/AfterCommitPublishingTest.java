package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.is;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.service.MessageAppender;
import io.switchboard.api.service.Senders;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfra;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.infra.EmbeddedRedisServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AfterCommitPublishingTest {
    @Inject
    RedisDataSource redis;
    @Inject
    MessageAppender appender;

    @Test
    void aRolledBackPostPublishesNothingAndDoesNotHoldBackTheNextOne() {
        long assistantId = createAssistant(unique("rollback"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        try (RedisChannelRecorder channels = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId,
                "ws:assistant:" + assistantId)) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                appender.append(dialogId, Senders.USER, null, "never committed", null, "guest", null);
                throw new IllegalStateException("simulated failure after the insert");
            })).hasMessageContaining("simulated failure");

            guestPost(assistantId, guestId, dialogId, Map.of("text", "committed")).then().statusCode(201)
                    .body("seq", is(1));

            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> channels.ofType(EventType.MESSAGE_NEW).size() == 1);
            List<Envelope> messages = channels.ofType(EventType.MESSAGE_NEW);
            assertThat(messages.get(0).seq()).isEqualTo(1L);
            assertThat(messages.get(0).message().text()).isEqualTo("committed");
            assertThat(channels.received()).noneSatisfy(e ->
                    assertThat(e.dialog() != null ? e.dialog().lastMessagePreview() : "").isEqualTo("never committed"));
        }
        assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                .containsExactly("committed");
    }

    @Test
    void withRedisStoppedAPostStillSucceedsAndTheRowIsThere() {
        long assistantId = createAssistant(unique("redis-down"));
        TestApi.Operator operator = createOperator("Ops", assistantId);
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        double failuresBefore = metric("switchboard_publish_failures_total");

        TestApi.takeOver(operator.token(), dialogId);
        EmbeddedRedisServer server = EmbeddedInfra.redis();
        server.stop();
        try {
            staffPost(operator.token(), dialogId, Map.of("text", "written while Redis is down"))
                    .then().statusCode(201).body("seq", is(2));
            assertThat(guestMessages(assistantId, guestId, dialogId)).extracting(m -> m.get("text"))
                    .containsExactly("Ops joined the conversation.", "written while Redis is down");
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> metric("switchboard_publish_failures_total") > failuresBefore);
            // Readiness follows PostgreSQL only: a replica without Redis still takes traffic.
            given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
            // Socket tickets live in Redis: without it the answer says so instead of a bare 500.
            TestApi.as(operator.token()).post("/api/ws-ticket").then().statusCode(503)
                    .body("error", is("redis_unavailable"));
        } finally {
            server.start();
        }

        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            staffPost(operator.token(), dialogId, Map.of("text", "Redis is back")).then().statusCode(201)
                    .body("seq", is(3));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> channel.ofType(EventType.MESSAGE_NEW)
                    .stream().anyMatch(e -> e.seq() == 3L));
        }
    }

    static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
