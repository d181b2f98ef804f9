package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** notifications:{user_id} is a public contract: any backend worker may publish there (seed 004). */
class NotificationIT {

    @Test
    void aNotificationPublishedByAnotherProcessReachesThatOperatorsSocketAndNoOneElses() {
        Scenario s = new Scenario("notify");
        Api.Operator other = s.api.operatorOf(s.adminToken, s.assistantId);
        try (WsProbe mine = WsProbe.open(s.adminWs() + "/ws?token=" + s.operator.token());
             WsProbe theirs = WsProbe.open(s.adminWs() + "/ws?token=" + other.token());
             Jedis worker = new Jedis(URI.create(s.system.serviceEnvironment().get("QUARKUS_REDIS_HOSTS")))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !mine.ofType("connected").isEmpty()
                    && !theirs.ofType("connected").isEmpty());

            String forMe = "{\"v\":1,\"type\":\"notification:new\",\"event_id\":\"n-1\",\"user_id\":" + s.operator.id()
                    + ",\"notification\":{\"kind\":\"report_ready\",\"payload\":{\"report\":\"weekly\"}}}";
            String marker = "{\"v\":1,\"type\":\"notification:new\",\"event_id\":\"n-2\",\"user_id\":" + other.id()
                    + ",\"notification\":{\"kind\":\"marker\",\"payload\":{}}}";
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                worker.publish("notifications:" + s.operator.id(), forMe);
                return !mine.ofType("notification:new").isEmpty();
            });
            assertThat(mine.ofType("notification:new").get(0).path("notification").path("payload").path("report").asText())
                    .isEqualTo("weekly");

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                worker.publish("notifications:" + other.id(), marker);
                return !theirs.ofType("notification:new").isEmpty();
            });
            assertThat(theirs.ofType("notification:new"))
                    .allSatisfy(n -> assertThat(n.path("notification").path("kind").asText()).isEqualTo("marker"));
        }
    }
}
