package io.switchboard.api;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.guestToken;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Logins and long-poll waiters against the real limits in Redis. Every test client is 127.0.0.1, which the test
 * profile trusts as a proxy, so {@code X-Forwarded-For} makes each test a fresh address (as nginx would).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AbuseLimitsTest {
    @Inject
    RedisDataSource redis;

    private static String freshAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    }

    private static Response login(String from, String username, String password) {
        return json().header("X-Forwarded-For", from).body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    @Test
    void fiftyWrongPasswordsForAdminFromOneAddressNeverStopTheOwnerLoggingInFromAnother() {
        String attacker = freshAddress();
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(login(attacker, "admin", "guess-" + i));
        }
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertThat(statuses.subList(0, 5)).as("the first failures are answered").containsOnly(401);
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as("passwords actually tried: delays grew")
                .isLessThan(15);
        Response refused = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.jsonPath().getString("error")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();

        Response owner = login(freshAddress(), "admin", "admin123");
        assertThat(owner.statusCode()).as("the owner from another address").isEqualTo(200);
        assertThat(owner.jsonPath().getString("access_token")).isNotBlank();
        assertThat(redis.key().keys("limit:login:*" + attacker + "*")).as("the counters live in Redis").isNotEmpty();
    }

    @Test
    void delaysGrowWithEachFailureAfterTheFreeOnes() {
        String from = freshAddress();
        String name = unique("victim");
        for (int i = 0; i < 5; i++) {
            assertThat(login(from, name, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(login(from, name, "wrong").statusCode()).as("the sixth failure sets a 1 s delay").isEqualTo(401);
        Response waiting = login(from, name, "wrong");
        assertThat(waiting.statusCode()).isEqualTo(429);
        assertThat(waiting.header("Retry-After")).isEqualTo("1");
        assertThat(waiting.jsonPath().getString("message")).contains("Too many failed logins for this user");
    }

    @Test
    void sprayingManyNamesFromOneAddressGets429AfterTheAddressLimit() {
        String sprayer = freshAddress();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(login(sprayer, unique("user"), "Winter2026!").statusCode());
        }
        assertThat(statuses.subList(0, 20)).as("login-failures-per-address 20/15m").containsOnly(401);
        assertThat(statuses.subList(20, 50)).containsOnly(429);
        assertThat(login(freshAddress(), "admin", "admin123").statusCode()).isEqualTo(200);
    }

    @Test
    void aGuestDialogHoldsAtMostThreeWaitingLongPolls() throws Exception {
        long assistantId = createAssistant(unique("waiters"));
        String guest = unique("g");
        long dialogId = openDialog(assistantId, guest);
        String guestToken = guestToken(assistantId, guest);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Response>> polls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                polls.add(CompletableFuture.supplyAsync(() -> json().queryParam("assistant_id", assistantId)
                        .queryParam("guest_token", guestToken).queryParam("after_seq", 1000).queryParam("wait", 3)
                        .get("/api/widget/dialogs/" + dialogId + "/messages"), pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Response> p : polls) {
                statuses.add(p.get().statusCode());
            }
            assertThat(statuses).containsOnly(200, 429);
            assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(1);
            // The slots are given back when the polls end.
            assertThat(json().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken)
                    .queryParam("wait", 1).get("/api/widget/dialogs/" + dialogId + "/messages").statusCode())
                    .isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }
}
