package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Abuse limits that hold across replicas (issue 12): a system of its own with TWO message-api replicas and TWO
 * widget-ws nodes sharing one Redis, every request alternating between them. All test traffic comes from
 * 127.0.0.1, so the system trusts 127.0.0.1 as a proxy ({@code SWITCHBOARD_TRUSTED_PROXIES}) and each test plays
 * its clients' addresses with {@code X-Forwarded-For}, exactly as nginx in front of the services sends it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsIT {
    static final int DIALOGS_PER_ADDRESS = 10;
    static final int POSTS_PER_ADDRESS = 12;
    static final int UPGRADES_PER_ADDRESS = 8;
    static final int REPLAYS_PER_ADDRESS = 3;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The page a guest's socket or stream comes from: a localhost page, which the dev profile allows. */
    private static final String PAGE = Api.pageOrigin("/ws/widget/").orElseThrow();
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    static LocalSystem system;
    static List<String> apis;
    static List<String> widgetNodes;
    static long assistantId;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.builder(SharedSystem.projectDir())
                .freePorts()
                .logDir(SharedSystem.projectDir().resolve("system-tests/target/service-logs/limits"))
                .serviceEnv("SWITCHBOARD_TRUSTED_PROXIES", "127.0.0.1,::1")
                // the demo bot answers only the demo assistant; its traffic has no place in these counts
                .serviceEnv("SWITCHBOARD_DEMO_BOT_ENABLED", "false")
                .serviceEnv("SWITCHBOARD_LIMITS_DIALOGS_PER_ADDRESS", DIALOGS_PER_ADDRESS + "/10m")
                .serviceEnv("SWITCHBOARD_LIMITS_GUEST_POSTS_PER_ADDRESS", POSTS_PER_ADDRESS + "/10m")
                .serviceEnv("SWITCHBOARD_LIMITS_UPGRADES_PER_ADDRESS", UPGRADES_PER_ADDRESS + "/10m")
                .serviceEnv("SWITCHBOARD_LIMITS_REPLAYS_PER_ADDRESS", REPLAYS_PER_ADDRESS + "/10m")
                .serviceEnv("SWITCHBOARD_LIMITS_REPLAY_FREE_EVENTS", "5")
                .start();
        String secondApi = system.startExtraInstance(ServiceSpec.MESSAGE_API).baseUrl();
        String secondWidget = system.startExtraInstance(ServiceSpec.WIDGET_WS).baseUrl();
        apis = List.of(system.url(ServiceSpec.MESSAGE_API), secondApi);
        widgetNodes = List.of(system.url(ServiceSpec.WIDGET_WS), secondWidget);
        String admin = login(address(), "admin", "admin123").body().path("access_token").asText();
        assistantId = call(apis.get(0), "POST", "/api/assistants", admin, Map.of("name", "limits-" + UUID.randomUUID()),
                address()).body().path("id").asLong();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** A client address of its own (TEST-NET-3), never used by another test. */
    static String address() {
        int n = ADDRESSES.getAndIncrement();
        return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
    }

    @Test
    @Order(1)
    void newDialogsPerAddressHoldInSumAcrossBothReplicas() throws Exception {
        String flooder = address();
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < DIALOGS_PER_ADDRESS + 6; i++) {
            replies.add(call(apis.get(i % 2), "POST", "/api/widget/dialogs", null,
                    Map.of("assistant_id", assistantId), flooder));
        }
        assertThat(replies.stream().filter(r -> r.status() == 201).count()).as("created, both replicas together")
                .isEqualTo(DIALOGS_PER_ADDRESS);
        List<Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).hasSize(6).allSatisfy(r -> {
            assertThat(r.body().path("error").asText()).isEqualTo("rate_limited");
            assertThat(r.body().path("message").asText()).contains("new conversations");
            assertThat(Long.parseLong(r.retryAfter())).isBetween(1L, 600L);
        });
        // Another address is not affected, on either replica.
        String neighbour = address();
        for (String api : apis) {
            assertThat(call(api, "POST", "/api/widget/dialogs", null,
                    Map.of("assistant_id", assistantId), neighbour).status())
                    .isEqualTo(201);
        }
    }

    @Test
    @Order(2)
    void reopeningAnExistingDialogCostsNothing() throws Exception {
        String visitor = address();
        String guest = "returning-" + UUID.randomUUID();
        assertThat(openDialog(apis.get(0), guest, visitor).status()).isEqualTo(201);
        for (int i = 0; i < DIALOGS_PER_ADDRESS + 5; i++) {
            assertThat(openDialog(apis.get(i % 2), guest, visitor).status())
                    .as("page load %d of a returning visitor", i).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void guestPostsPerAddressHoldInSumAcrossDialogsAndReplicas() throws Exception {
        String flooder = address();
        List<long[]> dialogs = new ArrayList<>();
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String guest = "poster-" + UUID.randomUUID();
            guests.add(guest);
            dialogs.add(new long[] {openDialog(apis.get(i % 2), guest, flooder).body().path("id").asLong()});
        }
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < POSTS_PER_ADDRESS + 6; i++) {
            int d = i % 3;
            replies.add(call(apis.get(i % 2), "POST", "/api/widget/dialogs/" + dialogs.get(d)[0] + "/messages?"
                    + Api.guestQuery(assistantId, guests.get(d)), null, Map.of("text", "spam " + i), flooder));
        }
        assertThat(replies.stream().filter(r -> r.status() == 201).count()).isEqualTo(POSTS_PER_ADDRESS);
        assertThat(replies.stream().filter(r -> r.status() == 429)).hasSize(6)
                .allSatisfy(r -> assertThat(r.retryAfter()).isNotNull());
    }

    @Test
    @Order(3)
    void handoffRequestsPerAddressHoldInSumAcrossDialogsAndReplicas() throws Exception {
        String flooder = address();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String guest = "handoff-" + UUID.randomUUID();
            long dialogId = openDialog(apis.get(i % 2), guest, flooder).body().path("id").asLong();
            statuses.add(call(apis.get((i + 1) % 2), "POST", "/api/widget/dialogs/" + dialogId + "/handoff?"
                    + Api.guestQuery(assistantId, guest), null, null, flooder).status());
        }
        assertThat(statuses).as("handoffs-per-address 5/10m").containsExactly(200, 200, 200, 200, 200, 429, 429);
    }

    @Test
    @Order(4)
    void socketUpgradesPerAddressHoldInSumAcrossBothWidgetNodes() throws Exception {
        String guest = "sockets-" + UUID.randomUUID();
        long dialogId = openDialog(apis.get(0), guest, address()).body().path("id").asLong();
        String flooder = address();
        List<RawWebSocket> open = new ArrayList<>();
        List<RawWebSocket.Ending> refused = new ArrayList<>();
        try {
            for (int i = 0; i < UPGRADES_PER_ADDRESS + 4; i++) {
                String ws = widgetNodes.get(i % 2).replace("http", "ws") + "/ws/widget/dialogs/" + dialogId + "?"
                        + Api.guestQuery(assistantId, guest);
                RawWebSocket socket = RawWebSocket.open(ws, Map.of("X-Forwarded-For", flooder, "Origin", PAGE), 0);
                RawWebSocket.Frame first = socket.read(Duration.ofSeconds(10));
                if (first != null && first.opcode() == 0x8) {
                    byte[] p = first.payload();
                    refused.add(new RawWebSocket.Ending(((p[0] & 0xFF) << 8) | (p[1] & 0xFF),
                            new String(p, 2, p.length - 2, StandardCharsets.UTF_8), List.of()));
                    socket.close();
                } else {
                    assertThat(first).isNotNull();
                    assertThat(first.text()).contains("\"connected\"");
                    open.add(socket);
                }
            }
            assertThat(open).as("admitted over both nodes together").hasSize(UPGRADES_PER_ADDRESS);
            assertThat(refused).hasSize(4).allSatisfy(e -> {
                assertThat(e.code()).isEqualTo(4429);
                assertThat(e.reason()).startsWith("too many new connections from your address; reconnect in");
            });
            // SSE counts against the same limit and answers 429 with Retry-After.
            HttpResponse<String> sse = HTTP.send(HttpRequest.newBuilder(URI.create(widgetNodes.get(1)
                            + "/api/widget/dialogs/" + dialogId + "/events?" + Api.guestQuery(assistantId, guest)))
                    .header("X-Forwarded-For", flooder).header("Origin", PAGE).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sse.statusCode()).isEqualTo(429);
            assertThat(Api.JSON.readTree(sse.body()).path("error").asText()).isEqualTo("rate_limited");
            assertThat(sse.headers().firstValue("Retry-After")).isPresent();
        } finally {
            open.forEach(RawWebSocket::close);
        }
    }

    @Test
    @Order(5)
    void repeatedReplaysOfAFarBehindCursorAreClosedWith4429() throws Exception {
        String guest = "replayer-" + UUID.randomUUID();
        String client = address();
        long dialogId = openDialog(apis.get(0), guest, client).body().path("id").asLong();
        for (int i = 0; i < 8; i++) {
            assertThat(call(apis.get(i % 2), "POST", "/api/widget/dialogs/" + dialogId + "/messages?"
                    + Api.guestQuery(assistantId, guest), null, Map.of("text", "history " + i), client).status())
                    .isEqualTo(201);
        }
        List<Integer> endings = new ArrayList<>();
        for (int i = 0; i < REPLAYS_PER_ADDRESS + 2; i++) {
            String ws = widgetNodes.get(i % 2).replace("http", "ws") + "/ws/widget/dialogs/" + dialogId + "?"
                    + Api.guestQuery(assistantId, guest) + "&after_seq=0";
            try (RawWebSocket socket = RawWebSocket.open(ws, Map.of("X-Forwarded-For", client, "Origin", PAGE), 0)) {
                int ending = 0;
                List<String> texts = new ArrayList<>();
                while (ending == 0) {
                    RawWebSocket.Frame f = socket.read(Duration.ofSeconds(10));
                    if (f == null) {
                        break;
                    }
                    if (f.opcode() == 0x8) {
                        byte[] p = f.payload();
                        ending = ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
                        assertThat(new String(p, 2, p.length - 2, StandardCharsets.UTF_8))
                                .startsWith("too many history replays from your address");
                    } else {
                        texts.add(f.text());
                        if (texts.stream().filter(t -> t.contains("\"message:new\"")).count() >= 8) {
                            ending = 1000;
                        }
                    }
                }
                endings.add(ending);
            }
        }
        assertThat(endings).as("replays of 8 events (5 are free), both nodes together")
                .containsExactly(1000, 1000, 1000, 4429, 4429);
        // A resume from a recent cursor is no replay and still works.
        String ws = widgetNodes.get(0).replace("http", "ws") + "/ws/widget/dialogs/" + dialogId + "?"
                + Api.guestQuery(assistantId, guest) + "&after_seq=6";
        try (RawWebSocket socket = RawWebSocket.open(ws, Map.of("X-Forwarded-For", client, "Origin", PAGE), 0)) {
            long messages = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (messages < 2 && System.nanoTime() < deadline) {
                RawWebSocket.Frame f = socket.read(Duration.ofSeconds(5));
                assertThat(f).isNotNull();
                assertThat(f.opcode()).as("not closed").isNotEqualTo(0x8);
                if (f.text().contains("\"message:new\"")) {
                    messages++;
                }
            }
            assertThat(messages).as("the two events after seq 6").isEqualTo(2);
        }
    }

    @Test
    @Order(6)
    void fiftyWrongPasswordsForAdminFromOneAddressThenTheRightOneFromAnotherLogsIn() throws Exception {
        String attacker = address();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(call(apis.get(i % 2), "POST", "/api/auth/login", null,
                    Map.of("username", "admin", "password", "guess-" + i), attacker).status());
        }
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as("passwords tried before the delays grew")
                .isLessThan(15);
        for (String api : apis) {
            Reply owner = call(api, "POST", "/api/auth/login", null,
                    Map.of("username", "admin", "password", "admin123"), address());
            assertThat(owner.status()).as("the owner from another address, on " + api).isEqualTo(200);
            assertThat(owner.body().path("access_token").asText()).isNotBlank();
        }
    }

    @Test
    @Order(7)
    void sprayingFiftyNamesFromOneAddressGets429AfterTheLimit() throws Exception {
        String sprayer = address();
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            replies.add(call(apis.get(i % 2), "POST", "/api/auth/login", null,
                    Map.of("username", "user-" + i + "-" + UUID.randomUUID(), "password", "Winter2026!"), sprayer));
        }
        List<Integer> statuses = replies.stream().map(Reply::status).toList();
        assertThat(statuses.subList(0, 20)).as("login-failures-per-address 20/15m, both replicas together")
                .containsOnly(401);
        assertThat(statuses.subList(20, 50)).containsOnly(429);
        assertThat(replies.get(49).body().path("message").asText()).contains("Too many failed logins from your network");
    }

    @Test
    @Order(8)
    void whileRedisIsDownPostsAndLoginsKeepWorkingAndLimitsHoldPerReplica() throws Exception {
        String visitor = address();
        system.redis().stop();
        try {
            String guest = "no-redis-" + UUID.randomUUID();
            Reply opened = openDialog(apis.get(0), guest, visitor);
            assertThat(opened.status()).isEqualTo(201);
            long dialogId = opened.body().path("id").asLong();
            Reply posted = call(apis.get(0), "POST", "/api/widget/dialogs/" + dialogId + "/messages?"
                    + Api.guestQuery(assistantId, guest), null, Map.of("text", "Redis is down"), visitor);
            assertThat(posted.status()).as("posts keep working while Redis is down").isEqualTo(201);
            assertThat(call(apis.get(1), "POST", "/api/auth/login", null,
                    Map.of("username", "admin", "password", "admin123"), address()).status()).isEqualTo(200);
            // The replica's own counters still refuse a flood.
            String flooder = address();
            long created = 0;
            for (int i = 0; i < DIALOGS_PER_ADDRESS + 3; i++) {
                if (call(apis.get(0), "POST", "/api/widget/dialogs", null, Map.of("assistant_id", assistantId),
                        flooder).status() == 201) {
                    created++;
                }
            }
            assertThat(created).isEqualTo(DIALOGS_PER_ADDRESS);
        } finally {
            system.redis().start();
        }
    }

    record Reply(int status, JsonNode body, String retryAfter) {
    }

    static Reply login(String from, String username, String password) throws IOException, InterruptedException {
        return call(apis == null ? system.url(ServiceSpec.MESSAGE_API) : apis.get(0), "POST", "/api/auth/login", null,
                Map.of("username", username, "password", password), from);
    }

    /** Opens (or, for a guest that holds a credential, reopens) the dialog of the guest a test calls {@code guest}. */
    static Reply openDialog(String base, String guest, String from) throws IOException, InterruptedException {
        Reply opened = call(base, "POST", "/api/widget/dialogs", null, Api.guestDialogBody(assistantId, guest), from);
        Api.rememberGuest(assistantId, guest, opened.body());
        return opened;
    }

    static Reply call(String base, String method, String path, String bearer, Object body, String forwardedFor)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", forwardedFor).header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body() == null || r.body().isBlank() ? Api.JSON.nullNode() : Api.JSON.readTree(r.body());
        return new Reply(r.statusCode(), json, r.headers().firstValue("Retry-After").orElse(null));
    }
}
