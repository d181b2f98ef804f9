package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.assign.AssignmentService;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.presence.PresenceKeys;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Passes of automatic assignment running at once, as on several message-api replicas (and this replica's own sweep
 * besides): two assistants share both their members, so their passes compete for the same people. No member ends
 * over the cap, and no dialog is given twice.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AutoAssignConcurrencyTest {
    private static final int CAP = 2;

    @Inject
    AssignmentService assignment;
    @Inject
    RedisDataSource redis;

    @Test
    void concurrentPassesNeverExceedTheCapNorAssignADialogTwice() throws Exception {
        long a1 = createAssistant(unique("race-a"));
        long a2 = createAssistant(unique("race-b"));
        TestApi.Operator m1 = createOperator("Mia", a1, a2);
        TestApi.Operator m2 = createOperator("Max", a1, a2);
        Map<Long, String> guests = new HashMap<>();
        Map<Long, Long> assistantOf = new HashMap<>();
        // Waiting dialogs while nobody is online: nothing can be assigned yet.
        for (long a : List.of(a1, a2)) {
            as(admin()).body(Map.of("enabled", true, "max_open_per_operator", CAP))
                    .put("/api/assistants/" + a + "/assignment").then().statusCode(200);
            for (int i = 0; i < 5; i++) {
                String guest = unique("guest");
                long d = openDialog(a, guest);
                json().queryParam("assistant_id", a).queryParam("guest_token", TestApi.guestToken(a, guest))
                        .post("/api/widget/dialogs/" + d + "/handoff").then().statusCode(200);
                guests.put(d, guest);
                assistantOf.put(d, a);
            }
        }
        // Both come online (the admin-ws writer's layout, PresenceKeys; the writer itself is the presence branch's).
        long now = System.currentTimeMillis();
        for (TestApi.Operator m : List.of(m1, m2)) {
            redis.sortedSet(String.class).zadd(PresenceKeys.operator(m.id()), now + 600_000, "test-node:" + m.id());
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> passes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long a = i % 2 == 0 ? a1 : a2;
            passes.add(pool.submit(() -> {
                start.await();
                return assignment.assignWaiting(a);
            }));
        }
        start.countDown();
        List<Long> assignedByPasses = new ArrayList<>();
        for (Future<List<Long>> f : passes) {
            assignedByPasses.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // A member skipped because another pass held them is filled by a later pass or the sweep (every second in
        // the tests): the four places fill, and stay four.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> assignedCount(a1, a2) >= 2 * CAP);
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(15))
                .until(() -> assignedCount(a1, a2) == 2 * CAP);
        Map<Long, Integer> held = new HashMap<>();
        int assigned = 0;
        for (Map.Entry<Long, String> e : guests.entrySet()) {
            long d = e.getKey();
            Map<String, Object> dialog = as(admin()).get("/api/dialogs/" + d).then().statusCode(200).extract().jsonPath()
                    .getMap("");
            if ("operator".equals(dialog.get("status"))) {
                assigned++;
                held.merge(((Number) dialog.get("assigned_operator_id")).longValue(), 1, Integer::sum);
                // Given once: one "joined" line for the guest.
                assertThat(guestMessages(assistantOf.get(d), e.getValue(), d)).extracting(m -> m.get("text"))
                        .filteredOn(t -> t.toString().endsWith("joined the conversation.")).hasSize(1);
            } else {
                assertThat(dialog.get("status")).isEqualTo("waiting_operator");
            }
        }
        assertThat(held.values()).as("open dialogs per member").allMatch(n -> n <= CAP);
        assertThat(assigned).as("both members filled to the cap, not beyond").isEqualTo(2 * CAP);
        assertThat(assignedByPasses).doesNotHaveDuplicates();
        for (TestApi.Operator m : List.of(m1, m2)) {
            List<Map<String, Object>> notes = as(m.token()).get("/api/notifications?after=0&limit=500").then()
                    .statusCode(200).extract().jsonPath().getList("notifications");
            assertThat(notes).filteredOn(n -> "dialog_assigned".equals(n.get("kind"))).hasSize(CAP);
        }
    }

    private static long assignedCount(long... assistants) {
        long n = 0;
        for (long a : assistants) {
            n += as(admin()).get("/api/dialogs?status=operator&assistant_id=" + a).then().statusCode(200).extract()
                    .jsonPath().getList("dialogs").size();
        }
        return n;
    }
}
