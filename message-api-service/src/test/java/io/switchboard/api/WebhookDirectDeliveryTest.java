package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.guestPost;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.api.service.MessageAppender;
import io.switchboard.api.service.Senders;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.events.WebhookSignature;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct path of webhook delivery: the replica that commits an event sends it straight from memory (no claim),
 * and whatever it cannot take in order goes to the claim, which keeps the order, the retries and a dead replica's
 * rows. Against a real HTTP receiver; the counters are the ones an operator reads on {@code /q/metrics}.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WebhookDirectDeliveryTest {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MessageAppender appender;

    WebhookReceiver receiver;
    long assistantId;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
        assistantId = createAssistant(unique("direct"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private String endpoint(long assistant, WebhookReceiver to) {
        return as(admin()).body(Map.of("url", to.url(), "events", List.of(WebhookKinds.GUEST_MESSAGE)))
                .post("/api/assistants/" + assistant + "/webhooks")
                .then().statusCode(201).extract().path("secret");
    }

    /** The counter's value, summed over its tags (the hand-on counter has one series per reason). */
    private static double counter(String name) {
        return counter(name, "");
    }

    /** The counter's series whose tags contain {@code tag} (e.g. {@code reason="behind-claim"}), summed. */
    private static double counter(String name, String tag) {
        Matcher m = Pattern.compile("(?m)^" + name + "_total(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(RestAssured.get("/q/metrics").asString());
        double sum = 0;
        while (m.find()) {
            if (tag.isEmpty() || m.group(1) != null && m.group(1).contains(tag)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private List<Map<String, Object>> deliveries(long assistant) {
        return as(admin()).queryParam("limit", 500).get("/api/assistants/" + assistant + "/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath().getList("deliveries");
    }

    private List<String> texts(WebhookReceiver r, long dialog) {
        return r.accepted().stream().filter(h -> h.dialogId() == dialog)
                .map(h -> h.json().path("message").path("text").asText()).toList();
    }

    @Test
    void guestMessagesGoStraightFromTheCommitOnceEachWithOneAttemptAndNoClaim() {
        endpoint(assistantId, receiver);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        double direct = counter("switchboard_webhooks_direct");
        double handedOn = counter("switchboard_webhooks_handed_on");
        for (int i = 1; i <= 5; i++) {
            guestPost(assistantId, guest, dialog, Map.of("text", "m" + i)).then().statusCode(201);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 5);
        assertThat(texts(receiver, dialog)).containsExactly("m1", "m2", "m3", "m4", "m5");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(assistantId).stream()
                .allMatch(d -> "delivered".equals(d.get("status"))));
        assertThat(deliveries(assistantId)).hasSize(5)
                .allSatisfy(d -> assertThat(d.get("attempts")).isEqualTo(1));
        // Every one was sent by the replica that committed it, none was left to the claim.
        assertThat(counter("switchboard_webhooks_direct") - direct).isEqualTo(5);
        assertThat(counter("switchboard_webhooks_handed_on") - handedOn).isZero();
        assertThat(receiver.hits()).hasSize(5);
    }

    @Test
    void postsRacingIntoTheSameDialogsAllGoDirectInSeqOrderWithOneAttemptAndNoHandOn() throws Exception {
        endpoint(assistantId, receiver);
        Map<Long, String> dialogs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            String guest = unique("guest");
            dialogs.put(openDialog(assistantId, guest), guest);
        }
        double direct = counter("switchboard_webhooks_direct");
        double handedOn = counter("switchboard_webhooks_handed_on");
        // Three writers per dialog at once: commits of one dialog reach the dispatcher in any order, and a row whose
        // earlier row is not handed over yet waits for it in memory instead of going to the claim.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> posts = new ArrayList<>();
            dialogs.forEach((d, g) -> {
                for (int w = 0; w < 3; w++) {
                    int writer = w;
                    posts.add(pool.submit(() -> {
                        for (int m = 0; m < 5; m++) {
                            guestPost(assistantId, g, d, Map.of("text", "w" + writer + "m" + m)).then()
                                    .statusCode(201);
                        }
                    }));
                }
            });
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 60);
        for (long d : dialogs.keySet()) {
            List<Long> seqs = receiver.accepted().stream().filter(h -> h.dialogId() == d)
                    .map(h -> h.json().path("seq").asLong()).toList();
            assertThat(seqs).hasSize(15).isSorted().doesNotHaveDuplicates();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(assistantId).stream()
                .allMatch(d -> "delivered".equals(d.get("status"))));
        assertThat(deliveries(assistantId)).hasSize(60).allSatisfy(d -> assertThat(d.get("attempts")).isEqualTo(1));
        // Each was sent once, by the replica that committed it (a claimed row would be a second request or a
        // missing direct one; the claim counter also counts other tests' leftover retries, so it is not read here).
        assertThat(counter("switchboard_webhooks_direct") - direct).isEqualTo(60);
        assertThat(counter("switchboard_webhooks_handed_on") - handedOn).isZero();
        assertThat(receiver.hits()).hasSize(60);
    }

    @Test
    void aBurstIntoOneDialogAgainstASlowReceiverStaysDirectInOrderOnceEachWhileItsLeasesAreRenewed() {
        // 40 events of one dialog leave one at a time, each answered after 150 ms: the last waits about 6 s in
        // memory, twice the test profile's 3 s timeout, and up to 39 earlier rows of its dialog are pending when
        // it is written. Before, the rows behind the 3 s mark went to the claim (slot-wait) and, from the 33rd on,
        // were written behind more than 32 pending rows (too-many-pending): a slow receiver or an overload moved the
        // dialog onto the claim for as long as its backlog lasted.
        receiver.answerAfterMillis = 150;
        endpoint(assistantId, receiver);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        double direct = counter("switchboard_webhooks_direct");
        double handedOn = counter("switchboard_webhooks_handed_on");
        double renewed = counter("switchboard_webhooks_leases_renewed");
        List<String> texts = new ArrayList<>();
        // The guest's own budget is 30 posts a minute per dialog: the posts are appended as the post path's full path
        // does, each in a transaction of its own, but without the guest's reader, whose posts spend that budget.
        for (int i = 1; i <= 40; i++) {
            String text = "b" + i;
            texts.add(text);
            QuarkusTransaction.requiringNew().run(() -> appender.append(dialog, Senders.USER, null, text, null,
                    null, null));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 40);
        assertThat(texts(receiver, dialog)).containsExactlyElementsOf(texts);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(assistantId).stream()
                .allMatch(d -> "delivered".equals(d.get("status"))));
        assertThat(deliveries(assistantId)).hasSize(40).allSatisfy(d -> assertThat(d.get("attempts")).isEqualTo(1));
        assertThat(counter("switchboard_webhooks_direct") - direct).isEqualTo(40);
        assertThat(counter("switchboard_webhooks_handed_on") - handedOn).isZero();
        assertThat(counter("switchboard_webhooks_leases_renewed") - renewed).isPositive();
        assertThat(receiver.hits()).hasSize(40);
    }

    /**
     * {@code lease}: what the 10th row's {@code locked_until} becomes while it waits. In the past: its lease lapsed (the
     * database away for longer than the lease). In the future: after it lapsed, another replica's claim took it with a
     * lease of its own; a renewal that only checked for an unexpired lease would take it back, and both replicas
     * would send it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"now() - interval '1 second'", "now() + interval '5 seconds'"})
    void aWaitingRowWhoseLeaseIsNoLongerThisReplicasGoesToTheClaimWithTheRowsBehindItAndIsSentOnce(String lease)
            throws Exception {
        // 12 events of one dialog against a receiver that answers after 600 ms: they leave one at a time, so the
        // 10th is still waiting in memory when the renewal comes due 3 s (the test profile's timeout) after its
        // INSERT, and its turn would come about 5.4 s after the first. Its lease is changed while it waits: the
        // renewal must not take it back, it leaves its lane, and the claim sends it (once the other lease, if any,
        // ends) and the lane's other waiting rows (those behind it among them), in order, once each.
        int total = 12;
        int lapsed = 10;
        receiver.answerAfterMillis = 600;
        endpoint(assistantId, receiver);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        double direct = counter("switchboard_webhooks_direct");
        double slotWait = counter("switchboard_webhooks_handed_on", "reason=\"slot-wait\"");
        double handedOn = counter("switchboard_webhooks_handed_on");
        double claimed = counter("switchboard_webhooks_claimed");
        double renewed = counter("switchboard_webhooks_leases_renewed");
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            String text = "l" + i;
            texts.add(text);
            QuarkusTransaction.requiringNew().run(() -> appender.append(dialog, Senders.USER, null, text, null,
                    "guest", null));
        }
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM webhook_deliveries WHERE dialog_id = ? ORDER BY id")) {
            ps.setLong(1, dialog);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        assertThat(ids).hasSize(total);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_deliveries SET locked_until = " + lease + " WHERE id = ? AND status = 'pending'")) {
            ps.setLong(1, ids.get(lapsed - 1));
            assertThat(ps.executeUpdate()).as("the row is still pending when its lease changes").isEqualTo(1);
        }
        assertThat(receiver.hits()).as("the row is still waiting in memory when its lease changes")
                .hasSizeLessThan(lapsed - 1);
        // Once the renewal has found the lease changed (or the row went out anyway, which the assertions below
        // then show), the rest need not wait 600 ms each.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits().size() >= lapsed
                || counter("switchboard_webhooks_handed_on", "reason=\"slot-wait\"") > slotWait);
        receiver.answerAfterMillis = 50;
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(assistantId).size() == total
                && deliveries(assistantId).stream().allMatch(d -> "delivered".equals(d.get("status"))));
        // Every request the receiver got, in arrival order: none twice (the direct path did not send the lapsed row
        // while the claim did), none missing, in seq order.
        assertThat(receiver.hits().stream().map(h -> h.json().path("message").path("text").asText()).toList())
                .as("texts of every request the receiver got, in arrival order").containsExactlyElementsOf(texts);
        assertThat(receiver.accepted()).hasSize(total);
        assertThat(deliveries(assistantId)).allSatisfy(d -> assertThat(d.get("attempts")).isEqualTo(1));
        // The rows sent directly came before the lapsed one; every row still waiting in the lane when the renewal
        // found the lapse was handed on (slot-wait), and those with the lapsed row itself went through the claim.
        double sentDirect = counter("switchboard_webhooks_direct") - direct;
        double handedSlotWait = counter("switchboard_webhooks_handed_on", "reason=\"slot-wait\"") - slotWait;
        assertThat(sentDirect).as("sent directly").isPositive().isLessThanOrEqualTo(lapsed - 1);
        assertThat(handedSlotWait).as("handed on, slot-wait").isGreaterThanOrEqualTo(total - lapsed);
        assertThat(sentDirect + handedSlotWait + 1).as("direct + handed on + the lapsed row").isEqualTo(total);
        assertThat(counter("switchboard_webhooks_handed_on") - handedOn).as("handed on, every reason")
                .isEqualTo(handedSlotWait);
        assertThat(counter("switchboard_webhooks_claimed") - claimed).as("claimed")
                .isGreaterThanOrEqualTo(total - sentDirect);
        assertThat(counter("switchboard_webhooks_leases_renewed") - renewed).as("renewed (the rows before it)")
                .isPositive();
    }

    @Test
    void aDialogWhoseFirstEventFailsGetsItsEventsInSeqOrderOnceTheReceiverRecovers() {
        endpoint(assistantId, receiver);
        receiver.failNext.set(1);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        double handedOn = counter("switchboard_webhooks_handed_on");
        double byOrder = counter("switchboard_webhooks_handed_on", "reason=\"attempt-failed\"")
                + counter("switchboard_webhooks_handed_on", "reason=\"behind-claim\"");
        for (int i = 1; i <= 6; i++) {
            guestPost(assistantId, guest, dialog, Map.of("text", "m" + i)).then().statusCode(201);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 6);
        assertThat(texts(receiver, dialog)).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
        // The failed first event was tried once more; nothing behind it went out before it.
        List<WebhookReceiver.Hit> hits = receiver.hits();
        assertThat(hits).hasSize(7);
        assertThat(hits.get(0).accepted()).isFalse();
        assertThat(hits.get(1).eventId()).isEqualTo(hits.get(0).eventId());
        // The events after it waited for the claim, which keeps the order behind a retry: each was left to it because
        // of the failed attempt (its lane's queue) or because an earlier row of its dialog was on the claim's way,
        // at once, not after waiting for a hand-over that never comes.
        double handed = counter("switchboard_webhooks_handed_on") - handedOn;
        assertThat(handed).isPositive();
        assertThat(counter("switchboard_webhooks_handed_on", "reason=\"attempt-failed\"")
                + counter("switchboard_webhooks_handed_on", "reason=\"behind-claim\"") - byOrder).isEqualTo(handed);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(assistantId).stream()
                .allMatch(d -> "delivered".equals(d.get("status"))));
        List<Map<String, Object>> rows = deliveries(assistantId);
        // newest first
        assertThat(rows.get(rows.size() - 1).get("attempts")).isEqualTo(2);
        assertThat(rows.subList(0, rows.size() - 1)).allSatisfy(d -> assertThat(d.get("attempts")).isEqualTo(1));

        // Once the endpoint answers again, new events go straight out again.
        double direct = counter("switchboard_webhooks_direct");
        guestPost(assistantId, guest, dialog, Map.of("text", "m7")).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 7);
        assertThat(texts(receiver, dialog)).endsWith("m6", "m7");
        assertThat(counter("switchboard_webhooks_direct") - direct).isEqualTo(1);
    }

    @Test
    void aRowLeasedAtInsertByAReplicaThatDiedIsSentOnceItsLeaseLapses() throws Exception {
        endpoint(assistantId, receiver);
        String guest = unique("guest");
        long dialog = openDialog(assistantId, guest);
        long endpointId = ((Number) as(admin()).get("/api/assistants/" + assistantId + "/webhooks").then()
                .statusCode(200).extract().path("endpoints[0].id")).longValue();
        // What a replica killed with kill -9 between its commit and sending leaves: the row as its INSERT wrote it,
        // pending and leased to it for a while.
        String eventId = "evt-" + unique("dead");
        String body = "{\"type\":\"message:new\",\"event_id\":\"" + eventId + "\",\"dialog_id\":" + dialog
                + ",\"seq\":1,\"message\":{\"text\":\"left behind\"}}";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO"
                + " webhook_deliveries (endpoint_id, assistant_id, dialog_id, event_id, kind, body, give_up_at,"
                + " locked_until) VALUES (?, ?, ?, ?, 'guest.message', ?, now() + interval '1 hour',"
                + " now() + interval '2 seconds')")) {
            ps.setLong(1, endpointId);
            ps.setLong(2, assistantId);
            ps.setLong(3, dialog);
            ps.setString(4, eventId);
            ps.setString(5, body);
            ps.executeUpdate();
        }
        long written = System.nanoTime();
        // A later message of the same dialog waits behind it: order holds across the dead replica's row.
        guestPost(assistantId, guest, dialog, Map.of("text", "after")).then().statusCode(201);
        Awaitility.await().during(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(2))
                .until(() -> receiver.hits().isEmpty());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat((receiver.hits().get(0).nanos() - written) / 1_000_000).as("ms until the lease lapsed")
                .isGreaterThanOrEqualTo(1_500);
        assertThat(receiver.accepted().get(0).eventId()).isEqualTo(eventId);
        assertThat(texts(receiver, dialog)).containsExactly("left behind", "after");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(assistantId).stream()
                .allMatch(d -> "delivered".equals(d.get("status")) && Integer.valueOf(1).equals(d.get("attempts"))));
    }

    @Test
    void manyPostsCommittedInOneTransactionAreHandedOverTogetherAndKeepTheirOrder() {
        endpoint(assistantId, receiver);
        String g1 = unique("guest");
        String g2 = unique("guest");
        long d1 = openDialog(assistantId, g1);
        long d2 = openDialog(assistantId, g2);
        double direct = counter("switchboard_webhooks_direct");
        // As a group commit does: several posts of several dialogs share one transaction.
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= 4; i++) {
                appender.append(d1, Senders.USER, null, "a" + i, null, "guest", null);
                appender.append(d2, Senders.USER, null, "b" + i, null, "guest", null);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 8);
        assertThat(texts(receiver, d1)).containsExactly("a1", "a2", "a3", "a4");
        assertThat(texts(receiver, d2)).containsExactly("b1", "b2", "b3", "b4");
        assertThat(counter("switchboard_webhooks_direct") - direct).isEqualTo(8);

        // A rolled-back transaction hands nothing over and sends nothing.
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                appender.append(d1, Senders.USER, null, "never", null, "guest", null);
                throw new IllegalStateException("roll back");
            });
        } catch (RuntimeException expected) {
            // rolled back
        }
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> receiver.hits().size() == 8);
    }

    @Test
    void anotherAssistantsEndpointNeverReceivesThisOnesEvents() throws Exception {
        String secretA = endpoint(assistantId, receiver);
        long b = createAssistant(unique("direct-b"));
        try (WebhookReceiver receiverB = new WebhookReceiver()) {
            String secretB = endpoint(b, receiverB);
            Map<Long, String> dialogsA = new java.util.LinkedHashMap<>();
            Map<Long, String> dialogsB = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                String ga = unique("guest");
                dialogsA.put(openDialog(assistantId, ga), ga);
                String gb = unique("guest");
                dialogsB.put(openDialog(b, gb), gb);
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> posts = new ArrayList<>();
                dialogsA.forEach((d, g) -> posts.add(pool.submit(() -> {
                    for (int m = 0; m < 5; m++) {
                        guestPost(assistantId, g, d, Map.of("text", "for A " + m)).then().statusCode(201);
                    }
                })));
                dialogsB.forEach((d, g) -> posts.add(pool.submit(() -> {
                    for (int m = 0; m < 5; m++) {
                        guestPost(b, g, d, Map.of("text", "for B " + m)).then().statusCode(201);
                    }
                })));
                for (Future<?> f : posts) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> receiver.accepted().size() == 15 && receiverB.accepted().size() == 15);
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.hits().size() == 15 && receiverB.hits().size() == 15);
            long now = Instant.now().getEpochSecond();
            Set<Long> aIds = dialogsA.keySet();
            Set<Long> bIds = dialogsB.keySet();
            assertThat(receiver.accepted()).allSatisfy(h -> {
                assertThat(aIds).contains(h.dialogId());
                assertThat(h.json().path("message").path("text").asText()).startsWith("for A");
                assertThat(WebhookSignature.verify(secretA, h.signature(), h.body(), now, 300)).isTrue();
                assertThat(WebhookSignature.verify(secretB, h.signature(), h.body(), now, 300)).isFalse();
            });
            assertThat(receiverB.accepted()).allSatisfy(h -> {
                assertThat(bIds).contains(h.dialogId());
                assertThat(h.json().path("message").path("text").asText()).startsWith("for B");
                assertThat(WebhookSignature.verify(secretB, h.signature(), h.body(), now, 300)).isTrue();
            });
            for (long d : aIds) {
                assertThat(texts(receiver, d)).containsExactly("for A 0", "for A 1", "for A 2", "for A 3", "for A 4");
            }
            for (long d : bIds) {
                assertThat(texts(receiverB, d)).containsExactly("for B 0", "for B 1", "for B 2", "for B 3", "for B 4");
            }
            // Each assistant's listing shows its own deliveries only.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(b).size() == 15);
            assertThat(deliveries(assistantId)).hasSize(15);
        }
    }
}
