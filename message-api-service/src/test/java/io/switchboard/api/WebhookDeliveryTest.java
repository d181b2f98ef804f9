package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.events.WebhookSignature;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outgoing webhooks against a real HTTP receiver started by the test. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WebhookDeliveryTest {
    WebhookReceiver receiver;
    long assistantId;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
        assistantId = createAssistant(unique("hooks"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Map<String, Object> endpoint(List<String> events) {
        return as(admin()).body(Map.of("url", receiver.url(), "events", events))
                .post("/api/assistants/" + assistantId + "/webhooks")
                .then().statusCode(201).extract().jsonPath().getMap("");
    }

    @Test
    void everyEventReachesAHealthyReceiverOncePerEventIdInOrderWithinEachDialog() throws Exception {
        String secret = (String) endpoint(WebhookKinds.ALL).get("secret");
        TestApi.Operator anna = createOperator("Anna", assistantId);
        int dialogs = 4;
        int perDialog = 15;
        List<Long> ids = new ArrayList<>();
        Map<Long, String> guests = new LinkedHashMap<>();
        for (int i = 0; i < dialogs; i++) {
            String guest = unique("guest");
            long id = openDialog(assistantId, guest);
            ids.add(id);
            guests.put(id, guest);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (long id : ids) {
                // Several writers per dialog at once: the webhook order must still be the seq order.
                for (int w = 0; w < 2; w++) {
                    int writer = w;
                    posts.add(pool.submit(() -> {
                        for (int m = 0; m < perDialog; m++) {
                            guestPost(assistantId, guests.get(id), id, Map.of("text", "w" + writer + " m" + m))
                                    .then().statusCode(201);
                        }
                    }));
                }
            }
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long first = ids.get(0);
        as(anna.token()).post("/api/dialogs/" + first + "/takeover").then().statusCode(200);
        as(anna.token()).post("/api/dialogs/" + first + "/release").then().statusCode(200);
        as(anna.token()).post("/api/dialogs/" + first + "/close").then().statusCode(200);
        // an operator's reply is not a guest message: never sent
        int expected = dialogs * (1 + 2 * perDialog) + 3;

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() >= expected);
        Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.hits().size() == expected);

        List<WebhookReceiver.Hit> hits = receiver.accepted();
        Set<String> eventIds = new HashSet<>();
        for (WebhookReceiver.Hit h : hits) {
            assertThat(eventIds.add(h.eventId())).as("event %s delivered once", h.eventId()).isTrue();
            assertThat(h.json().path("event_id").asText()).isEqualTo(h.eventId());
            assertThat(WebhookSignature.verify(secret, h.signature(), h.body(), Instant.now().getEpochSecond(), 300))
                    .isTrue();
        }
        for (long id : ids) {
            List<WebhookReceiver.Hit> mine = hits.stream().filter(h -> h.dialogId() == id).toList();
            assertThat(mine.get(0).kind()).isEqualTo(WebhookKinds.DIALOG_OPENED);
            List<Long> seqs = mine.stream().filter(h -> WebhookKinds.GUEST_MESSAGE.equals(h.kind()))
                    .map(h -> h.json().path("seq").asLong()).toList();
            assertThat(seqs).hasSize(2 * perDialog).isSorted();
            assertThat(new HashSet<>(seqs)).hasSize(2 * perDialog);
            mine.stream().filter(h -> WebhookKinds.GUEST_MESSAGE.equals(h.kind())).forEach(h -> {
                assertThat(h.json().path("type").asText()).isEqualTo("message:new");
                assertThat(h.json().path("message").path("sender").asText()).isEqualTo("user");
            });
        }
        List<String> firstKinds = hits.stream().filter(h -> h.dialogId() == first).map(WebhookReceiver.Hit::kind)
                .filter(k -> !WebhookKinds.GUEST_MESSAGE.equals(k)).toList();
        assertThat(firstKinds).containsExactly(WebhookKinds.DIALOG_OPENED, WebhookKinds.OPERATOR_TOOK_OVER,
                WebhookKinds.OPERATOR_RELEASED, WebhookKinds.DIALOG_CLOSED);
        WebhookReceiver.Hit closed = hits.stream().filter(h -> WebhookKinds.DIALOG_CLOSED.equals(h.kind())).findFirst()
                .orElseThrow();
        assertThat(closed.json().path("type").asText()).isEqualTo("dialog:update");
        assertThat(closed.json().path("dialog").path("status").asText()).isEqualTo("closed");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> as(admin()).queryParam("status", "delivered")
                .queryParam("limit", 500).get("/api/assistants/" + assistantId + "/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath().getList("deliveries").size() == expected);
        as(admin()).queryParam("status", "delivered").queryParam("limit", 500)
                .get("/api/assistants/" + assistantId + "/webhook-deliveries")
                .then().statusCode(200).body("deliveries.size()", is(expected))
                .body("deliveries[0].attempts", is(1)).body("deliveries[0].last_error", nullValue());
    }

    @Test
    void onlySubscribedKindsAreSentAndAnAssistantWithoutEndpointsWritesNoOutboxRow() {
        endpoint(List.of(WebhookKinds.HANDOFF_REQUESTED));
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "hello")).then().statusCode(201);
        TestApi.json().queryParam("assistant_id", assistantId).queryParam("guest_token", TestApi.guestToken(assistantId, guest))
                .post("/api/widget/dialogs/" + dialog + "/handoff").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted().get(0).kind()).isEqualTo(WebhookKinds.HANDOFF_REQUESTED);
        assertThat(receiver.accepted().get(0).json().path("dialog").path("status").asText()).isEqualTo("waiting_operator");

        long other = createAssistant(unique("quiet"));
        String g2 = unique("guest");
        long d2 = openDialog(other, g2);
        guestPost(other, g2, d2, Map.of("text", "nobody listens")).then().statusCode(201);
        as(admin()).get("/api/assistants/" + other + "/webhook-deliveries").then().statusCode(200)
                .body("deliveries.size()", is(0));
    }

    @Test
    void aReceiverThatIsDownGetsEverythingOnceBackWithGrowingGapsAndInOrder() {
        endpoint(List.of(WebhookKinds.GUEST_MESSAGE));
        receiver.down = true;
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        for (int i = 1; i <= 3; i++) {
            guestPost(assistantId, guest, dialog, Map.of("text", "message " + i)).then().statusCode(201);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.hits().size() >= 5);
        List<WebhookReceiver.Hit> failed = receiver.hits();
        // Only the first event is tried while it fails: the later ones wait behind it.
        assertThat(failed.stream().map(WebhookReceiver.Hit::eventId).distinct()).hasSize(1);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            gaps.add((failed.get(i).nanos() - failed.get(i - 1).nanos()) / 1_000_000);
        }
        // 300 ms doubling with equal jitter: 150-300, 300-600, 600-1200, 1200-2400 ms (plus up to a 100 ms poll).
        for (int i = 1; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("gaps %s grow", gaps).isGreaterThanOrEqualTo(gaps.get(i - 1) - 110);
        }
        assertThat(gaps.get(3)).as("gaps %s", gaps).isGreaterThan(2 * gaps.get(0));
        as(admin()).queryParam("status", "pending").get("/api/assistants/" + assistantId + "/webhook-deliveries")
                .then().statusCode(200).body("deliveries.size()", is(3))
                .body("deliveries[2].last_status", is(503))
                .body("deliveries[2].last_error", containsString("down for maintenance"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                RestAssured.get("/q/metrics").asString().contains("switchboard_webhooks_backlog"));

        receiver.down = false;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 3);
        List<String> texts = receiver.accepted().stream().map(h -> h.json().path("message").path("text").asText()).toList();
        assertThat(texts).containsExactly("message 1", "message 2", "message 3");
    }

    @Test
    void theSignatureVerifiesWithTheEndpointSecretOnlyAndRotationReplacesIt() {
        Map<String, Object> created = endpoint(List.of(WebhookKinds.GUEST_MESSAGE));
        String secret = (String) created.get("secret");
        assertThat(secret).startsWith("whsec_");
        long endpointId = ((Number) created.get("id")).longValue();
        as(admin()).get("/api/assistants/" + assistantId + "/webhooks").then().statusCode(200)
                .body("endpoints[0].url", is(receiver.url())).body("endpoints[0].secret", nullValue());
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "signed")).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        WebhookReceiver.Hit hit = receiver.accepted().get(0);
        long now = Instant.now().getEpochSecond();
        assertThat(WebhookSignature.verify(secret, hit.signature(), hit.body(), now, 300)).isTrue();
        assertThat(WebhookSignature.verify(WebhookSignature.newSecret(), hit.signature(), hit.body(), now, 300)).isFalse();
        assertThat(WebhookSignature.verify(secret, hit.signature(), hit.body() + " ", now, 300)).isFalse();

        String rotated = as(admin()).post("/api/assistants/" + assistantId + "/webhooks/" + endpointId + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        assertThat(rotated).isNotEqualTo(secret);
        guestPost(assistantId, guest, dialog, Map.of("text", "signed again")).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        WebhookReceiver.Hit second = receiver.accepted().get(1);
        assertThat(WebhookSignature.verify(rotated, second.signature(), second.body(), now, 300)).isTrue();
        assertThat(WebhookSignature.verify(secret, second.signature(), second.body(), now, 300)).isFalse();
    }

    @Test
    void redeliverSendsTheSameEventAgain() {
        endpoint(List.of(WebhookKinds.GUEST_MESSAGE));
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "again")).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        // The receiver has it; the bookkeeping follows right after its answer.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(as(admin())
                .get("/api/assistants/" + assistantId + "/webhook-deliveries").then().statusCode(200)
                .extract().path("deliveries[0].status")));
        long deliveryId = as(admin()).get("/api/assistants/" + assistantId + "/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath().getLong("deliveries[0].id");
        as(admin()).post("/api/assistants/" + assistantId + "/webhook-deliveries/" + deliveryId + "/redeliver")
                .then().statusCode(200).body("status", is("pending"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted().get(1).eventId()).isEqualTo(receiver.accepted().get(0).eventId());
    }

    @Test
    void anotherAssistantsAdminCanNeitherManageTheEndpointsNorSeeTheDeliveries() {
        long endpointId = ((Number) endpoint(List.of(WebhookKinds.GUEST_MESSAGE)).get("id")).longValue();
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "private")).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        long deliveryId = as(admin()).get("/api/assistants/" + assistantId + "/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath().getLong("deliveries[0].id");

        long b = createAssistant(unique("tenant-b"));
        TestApi.Operator bAdmin = createOperator("B admin");
        as(admin()).body(Map.of("user_id", bAdmin.id(), "role", "admin")).post("/api/assistants/" + b + "/members")
                .then().statusCode(204);
        // B's admin manages B's endpoints...
        as(bAdmin.token()).body(Map.of("url", receiver.url(), "events", List.of("guest.message")))
                .post("/api/assistants/" + b + "/webhooks").then().statusCode(201);
        as(bAdmin.token()).get("/api/assistants/" + b + "/webhook-deliveries").then().statusCode(200)
                .body("deliveries.size()", is(0));
        // ...and nothing of A's, by A's path or through B's.
        String a = "/api/assistants/" + assistantId;
        as(bAdmin.token()).get(a + "/webhooks").then().statusCode(403);
        as(bAdmin.token()).body(Map.of("url", "http://example.com/x", "events", List.of("guest.message")))
                .post(a + "/webhooks").then().statusCode(403);
        as(bAdmin.token()).body(Map.of("enabled", false)).put(a + "/webhooks/" + endpointId).then().statusCode(403);
        as(bAdmin.token()).post(a + "/webhooks/" + endpointId + "/rotate-secret").then().statusCode(403);
        as(bAdmin.token()).delete(a + "/webhooks/" + endpointId).then().statusCode(403);
        as(bAdmin.token()).get(a + "/webhook-deliveries").then().statusCode(403);
        as(bAdmin.token()).post(a + "/webhook-deliveries/" + deliveryId + "/redeliver").then().statusCode(403);
        as(bAdmin.token()).post("/api/assistants/" + b + "/webhooks/" + endpointId + "/rotate-secret")
                .then().statusCode(404);
        as(bAdmin.token()).post("/api/assistants/" + b + "/webhook-deliveries/" + deliveryId + "/redeliver")
                .then().statusCode(404);
        // A plain member (operator role) of A may answer A's dialogs but not manage its webhooks.
        TestApi.Operator aOperator = createOperator("A operator", assistantId);
        as(aOperator.token()).get(a + "/webhooks").then().statusCode(403);
        // The endpoint still works for A.
        as(admin()).get(a + "/webhooks").then().statusCode(200).body("endpoints[0].enabled", is(true));
    }

    @Test
    void aSlowReceiverNeverHasMoreThanTheCapOfDeliveriesInFlightFromThisReplica() throws Exception {
        // %test.switchboard.webhooks.concurrency-per-endpoint=4; one message in each of 12 dialogs, posted at once, so
        // order within a dialog holds nothing back and only the cap limits how many requests are open together.
        endpoint(List.of(WebhookKinds.GUEST_MESSAGE));
        receiver.answerAfterMillis = 1_500;
        int dialogs = 12;
        Map<Long, String> guests = new LinkedHashMap<>();
        for (int i = 0; i < dialogs; i++) {
            String guest = unique("guest");
            guests.put(openDialog(assistantId, guest), guest);
        }
        ExecutorService pool = Executors.newFixedThreadPool(dialogs);
        try {
            List<Future<?>> posts = new ArrayList<>();
            guests.forEach((dialog, guest) -> posts.add(pool.submit(() ->
                    guestPost(assistantId, guest, dialog, Map.of("text", "slow")).then().statusCode(201))));
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() == dialogs);
        assertThat(receiver.maxInFlight()).as("requests open at once").isEqualTo(4);
    }

    @Test
    void aReceiverThatHangsTimesOutAndTheDeliveryIsRetried() {
        // %test.switchboard.webhooks.timeout=3s: the first two requests get no answer at all, so the first attempt's
        // record stays readable for the whole second attempt (a retry that succeeds 150-300 ms later can be done
        // before a listing on a loaded machine shows the first one).
        endpoint(List.of(WebhookKinds.GUEST_MESSAGE));
        receiver.hangNext.set(2);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        guestPost(assistantId, guest, dialog, Map.of("text", "are you there?")).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> receiver.hits().size() == 1);
        String deliveries = "/api/assistants/" + assistantId + "/webhook-deliveries";
        // Read from the one listing that shows the first attempt recorded.
        io.restassured.path.json.JsonPath afterFirst = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> as(admin()).get(deliveries).then().statusCode(200).extract().jsonPath(),
                        j -> j.getInt("deliveries[0].attempts") >= 1);
        assertThat(afterFirst.getInt("deliveries[0].attempts")).isEqualTo(1);
        assertThat(afterFirst.getString("deliveries[0].status")).isEqualTo("pending");
        assertThat(afterFirst.getString("deliveries[0].last_error")).contains("timeout");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
        List<WebhookReceiver.Hit> hits = receiver.hits();
        assertThat(hits).hasSize(3);
        assertThat(hits).allSatisfy(h -> assertThat(h.eventId()).isEqualTo(hits.get(0).eventId()));
        assertThat((hits.get(1).nanos() - hits.get(0).nanos()) / 1_000_000).as("ms until the retry")
                .isGreaterThanOrEqualTo(3_000);
        assertThat((hits.get(2).nanos() - hits.get(1).nanos()) / 1_000_000).as("ms until the second retry")
                .isGreaterThanOrEqualTo(3_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(as(admin()).get(deliveries)
                .then().statusCode(200).extract().path("deliveries[0].status")));
        as(admin()).get(deliveries).then().body("deliveries[0].attempts", is(3));
    }

    @Test
    void badEndpointInputIsRefusedWithAReason() {
        String path = "/api/assistants/" + assistantId + "/webhooks";
        as(admin()).body(Map.of("url", "ftp://example.com", "events", List.of("guest.message"))).post(path)
                .then().statusCode(400).body("message", containsString("http"));
        as(admin()).body(Map.of("url", "https://example.com", "events", List.of("everything"))).post(path)
                .then().statusCode(400).body("message", containsString("guest.message"));
        as(admin()).body(Map.of("url", "https://example.com", "events", List.of())).post(path)
                .then().statusCode(400);
    }
}
