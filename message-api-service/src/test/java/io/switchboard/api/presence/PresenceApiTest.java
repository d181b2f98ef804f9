package io.switchboard.api.presence;

import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.TestApi;
import io.switchboard.events.EventCodec;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.presence.PresenceKeys;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The presence API over the Redis layout the socket nodes write (written here as a node would): who is online, away
 * or offline, for members of the assistant only; away by hand and by idle time; {@code presence:update} on the
 * member's assistants' channels only; the visitor's presence on the operators' dialog views.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class PresenceApiTest {
    @Inject
    RedisDataSource redis;

    /** A connection of the operator on a socket node, as RedisPresence writes it. */
    private void connect(long userId, String member) {
        redis.sortedSet(String.class).zadd(PresenceKeys.operator(userId), System.currentTimeMillis() + 30_000, member);
    }

    private void disconnect(long userId, String member) {
        redis.sortedSet(String.class).zrem(PresenceKeys.operator(userId), member);
    }

    private static Map<Object, Object> states(String token, long assistantId) {
        List<Map<String, Object>> members = as(token).get("/api/presence?assistant_id=" + assistantId)
                .then().statusCode(200).extract().jsonPath().getList("members");
        Map<Object, Object> out = new java.util.HashMap<>();
        members.forEach(m -> out.put(((Number) m.get("user_id")).longValue(), m.get("state")));
        return out;
    }

    @Test
    void membersAreOnlineAwayOrOfflineByTheirConnectionsOnAnyNode() {
        long assistant = createAssistant(unique("presence"));
        TestApi.Operator anna = createOperator("Anna", assistant);
        TestApi.Operator boris = createOperator("Boris", assistant);
        assertThat(states(anna.token(), assistant)).containsEntry(anna.id(), "offline").containsEntry(boris.id(), "offline");

        connect(boris.id(), "node-a:1");
        connect(boris.id(), "node-b:2");
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "online");
        disconnect(boris.id(), "node-a:1");
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "online");
        // A killed node's member is never removed: its score lapses.
        redis.sortedSet(String.class).zadd(PresenceKeys.operator(boris.id()), System.currentTimeMillis() - 1, "node-b:2");
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "offline");

        connect(boris.id(), "node-c:3");
        as(boris.token()).body(Map.of("state", "away")).put("/api/presence/me").then().statusCode(200)
                .body("state", is("away")).body("away", is(true));
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "away");
        as(boris.token()).body(Map.of("state", "online")).put("/api/presence/me").then().statusCode(200)
                .body("state", is("online")).body("away", is(false));
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "online");

        // Idle for longer than switchboard.presence.idle-after (5 min): away until the next activity.
        redis.value(String.class).set(PresenceKeys.active(boris.id()),
                Long.toString(System.currentTimeMillis() - Duration.ofMinutes(6).toMillis()));
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "away");
        as(boris.token()).post("/api/presence/me/activity").then().statusCode(200).body("state", is("online"));
        assertThat(states(anna.token(), assistant)).containsEntry(boris.id(), "online");
    }

    @Test
    void onlyMembersOfTheAssistantReadItsPresence() {
        long a = createAssistant(unique("presence-a"));
        long b = createAssistant(unique("presence-b"));
        TestApi.Operator ofA = createOperator("Of A", a);
        TestApi.Operator ofB = createOperator("Of B", b);
        connect(ofB.id(), "node-x:1");

        as(ofA.token()).get("/api/presence?assistant_id=" + b).then().statusCode(403).body("error", is("forbidden"));
        assertThat(states(ofA.token(), a)).containsOnlyKeys(ofA.id());
        assertThat(states(ofB.token(), b)).containsOnlyKeys(ofB.id()).containsEntry(ofB.id(), "online");
        assertThat(states(admin(), b)).containsEntry(ofB.id(), "online");
        as(admin()).get("/api/presence?assistant_id=999999999").then().statusCode(404);
        as(ofA.token()).get("/api/presence").then().statusCode(400).body("error", is("validation"));
        json().get("/api/presence?assistant_id=" + a).then().statusCode(401);
        as(ofA.token()).body(Map.of("state", "asleep")).put("/api/presence/me").then().statusCode(400)
                .body("error", is("validation"));
    }

    @Test
    void changesAreAnnouncedOnTheMembersAssistantsChannelsOnly() {
        long a = createAssistant(unique("announce-a"));
        long b = createAssistant(unique("announce-b"));
        TestApi.Operator carl = createOperator("Carl", a);
        createOperator("Dora", b);
        List<JsonNode> onA = new CopyOnWriteArrayList<>();
        List<JsonNode> onB = new CopyOnWriteArrayList<>();
        PubSubCommands.RedisSubscriber subA = redis.pubsub(String.class).subscribe("ws:assistant:" + a,
                json -> onA.add(tree(json)));
        PubSubCommands.RedisSubscriber subB = redis.pubsub(String.class).subscribe("ws:assistant:" + b,
                json -> onB.add(tree(json)));
        try {
            // A connection opened on a socket node: the periodic comparison announces it.
            connect(carl.id(), "node-a:9");
            await().atMost(Duration.ofSeconds(10)).until(() -> presence(onA, carl.id()).contains("online"));
            // Away by hand is announced at once.
            as(carl.token()).body(Map.of("state", "away")).put("/api/presence/me").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> presence(onA, carl.id()).contains("away"));
            disconnect(carl.id(), "node-a:9");
            await().atMost(Duration.ofSeconds(10)).until(() -> presence(onA, carl.id()).contains("offline"));
            assertThat(presence(onA, carl.id())).containsExactly("online", "away", "offline");
            JsonNode e = onA.stream().filter(n -> n.path("user_id").asLong() == carl.id()).findFirst().orElseThrow();
            assertThat(e.path("type").asText()).isEqualTo("presence:update");
            assertThat(e.path("assistant_id").asLong()).isEqualTo(a);
            assertThat(onB).noneMatch(n -> n.path("user_id").asLong() == carl.id());
        } finally {
            subA.unsubscribe();
            subB.unsubscribe();
            as(carl.token()).body(Map.of("state", "online")).put("/api/presence/me");
        }
    }

    private static JsonNode tree(String json) {
        try {
            return EventCodec.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> presence(List<JsonNode> events, long userId) {
        return events.stream().filter(n -> "presence:update".equals(n.path("type").asText())
                        && n.path("user_id").asLong() == userId).map(n -> n.path("presence").asText()).toList();
    }

    @Test
    void operatorsSeeWhetherTheVisitorIsOnlineAndWhenLastSeen() {
        long assistant = createAssistant(unique("visitor"));
        TestApi.Operator op = createOperator("Eve", assistant);
        String guest = unique("guest");
        long dialog = openDialog(assistant, guest);
        Map<String, Object> d = as(op.token()).get("/api/dialogs/" + dialog).then().statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(d).containsEntry("guest_online", false).doesNotContainKey("guest_last_seen");

        redis.sortedSet(String.class).zadd(PresenceKeys.guest(dialog), System.currentTimeMillis() + 30_000, "node:1");
        as(op.token()).get("/api/dialogs/" + dialog).then().statusCode(200).body("guest_online", is(true));
        List<Map<String, Object>> list = as(op.token()).get("/api/dialogs?assistant_id=" + assistant).then()
                .statusCode(200).extract().jsonPath().getList("dialogs");
        assertThat(list.get(0)).containsEntry("guest_online", true);
        redis.sortedSet(String.class).zrem(PresenceKeys.guest(dialog), "node:1");

        // The long-poll fallback holds no socket: reading the messages counts as seen.
        long before = System.currentTimeMillis();
        TestApi.guestMessages(assistant, guest, dialog);
        await().atMost(Duration.ofSeconds(5)).until(() -> as(op.token()).get("/api/dialogs/" + dialog).then()
                .extract().jsonPath().getString("guest_last_seen") != null);
        Map<String, Object> seen = as(op.token()).get("/api/dialogs/" + dialog).then().statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(seen).containsEntry("guest_online", false);
        assertThat(Instant.parse((String) seen.get("guest_last_seen")).toEpochMilli()).isBetween(before - 1000,
                System.currentTimeMillis() + 1000);
    }
}
