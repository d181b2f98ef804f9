package io.switchboard.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.EventCodec;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The system under test as its clients see it: REST base URL, the socket base URLs it announces in
 * {@code /api/client-config}, and an operator's JWT. The ceiling server answers the same calls, so a
 * scenario runs unchanged against both.
 */
public final class Target {
    private final BenchClient client;
    private final String api;
    private final String adminWs;
    private final String widgetWs;
    private final String token;
    private final String label;

    private Target(BenchClient client, String api, String adminWs, String widgetWs, String token, String label) {
        this.client = client;
        this.api = api;
        this.adminWs = adminWs;
        this.widgetWs = widgetWs;
        this.token = token;
        this.label = label;
    }

    /** Reads the socket URLs from {@code /api/client-config} and logs in. */
    public static Target connect(BenchClient client, String apiUrl, String username, String password, String label) {
        String api = LoopbackGuard.require(stripSlash(apiUrl));
        // Guest sockets are browser paths: they carry the Origin of a page Switchboard trusts, its own.
        client.guestOrigin(api);
        JsonNode config = client.call(HttpMethod.GET, api + "/api/client-config", null, null).join().json();
        String adminWs = socketBase(config.path("admin_ws_url").asText(""), api);
        String widgetWs = socketBase(config.path("widget_ws_url").asText(""), api);
        String body = EventCodec.write(Map.of("username", username, "password", password));
        HttpAnswer login = client.call(HttpMethod.POST, api + "/api/auth/login", null, body).join();
        if (!login.ok()) {
            throw new IllegalStateException("login as " + username + " failed (HTTP " + login.status()
                    + "); pass --user/--password of an admin");
        }
        return new Target(client, api, adminWs, widgetWs, login.json().path("access_token").asText(), label);
    }

    private static String socketBase(String announced, String api) {
        String http = announced.isBlank() ? api : stripSlash(announced);
        return LoopbackGuard.require(http).replaceFirst("^http", "ws");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** "system" or "ceiling". */
    public String label() {
        return label;
    }

    public String api() {
        return api;
    }

    public String adminWs() {
        return adminWs;
    }

    public String widgetWs() {
        return widgetWs;
    }

    /** The TCP port of the admin-ws base URL. */
    public int adminWsPort() {
        return java.net.URI.create(adminWs).getPort();
    }

    /** The TCP port of the widget-ws base URL. */
    public int widgetWsPort() {
        return java.net.URI.create(widgetWs).getPort();
    }

    /** The admin's JWT the bench logged in with (for a node's own {@code /api/sse/stats}). Never print it. */
    public String token() {
        return token;
    }

    public BenchClient client() {
        return client;
    }

    /** A new assistant for the run (admin only). */
    public long createAssistant(String name) {
        HttpAnswer created = client.call(HttpMethod.POST, api + "/api/assistants", token,
                EventCodec.write(Map.of("name", name))).join();
        if (!created.ok()) {
            throw new IllegalStateException(label + ": creating an assistant failed (HTTP " + created.status() + "): "
                    + created.body());
        }
        return created.json().path("id").asLong();
    }

    /**
     * Registers a webhook endpoint of the assistant for {@code events} (as the admin this target logged in as) and
     * answers its signing secret, which the API shows only now.
     */
    public String createWebhook(long assistantId, String url, List<String> events) {
        HttpAnswer created = client.call(HttpMethod.POST, api + "/api/assistants/" + assistantId + "/webhooks", token,
                EventCodec.write(Map.of("url", url, "events", events))).join();
        if (!created.ok()) {
            throw new IllegalStateException(label + ": registering a webhook endpoint failed (HTTP " + created.status()
                    + "): " + created.body());
        }
        return created.json().path("secret").asText();
    }

    /** The API's Prometheus text ({@code /q/metrics}), or an empty string when it does not answer. */
    public String apiMetrics() {
        try {
            HttpAnswer answer = client.call(HttpMethod.GET, api + "/q/metrics", null, null).join();
            return answer.ok() ? answer.body() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Creates {@code count} guest dialogs, {@code parallel} requests at a time. */
    public List<BenchDialog> createDialogs(long assistantId, String guestPrefix, int count, int parallel) {
        List<CompletableFuture<BenchDialog>> futures = new ArrayList<>();
        Semaphore window = new Semaphore(parallel);
        for (int i = 0; i < count; i++) {
            int index = i;
            String guest = guestPrefix + "-" + i;
            window.acquireUninterruptibly();
            String body = EventCodec.write(Map.of("assistant_id", assistantId));
            futures.add(client.call(HttpMethod.POST, api + "/api/widget/dialogs", null, body)
                    .whenComplete((a, e) -> window.release())
                    .thenApply(a -> new BenchDialog(index, a.json().path("id").asLong(), assistantId,
                            a.json().path("guest_token").asText(guest))));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Takes every dialog over, {@code parallel} requests at a time: the handoff lock lets only the operator holding
     * a dialog post into it. Each takeover stores a "joined" system message (seq 1).
     */
    public void takeOver(List<BenchDialog> dialogs, int parallel) {
        List<CompletableFuture<HttpAnswer>> futures = new ArrayList<>();
        Semaphore window = new Semaphore(parallel);
        for (BenchDialog d : dialogs) {
            window.acquireUninterruptibly();
            futures.add(client.call(HttpMethod.POST, api + "/api/dialogs/" + d.id() + "/takeover", token, "{}")
                    .whenComplete((a, e) -> window.release()));
        }
        for (CompletableFuture<HttpAnswer> f : futures) {
            HttpAnswer a = f.join();
            if (!a.ok()) {
                throw new IllegalStateException(label + ": taking a dialog over failed (HTTP " + a.status() + "): "
                        + a.body());
            }
        }
    }

    /** {@code ws://.../ws/dialogs/{id}?after_seq=&token=}: an operator's dialog socket. */
    public String operatorSocketUrl(BenchDialog d, long afterSeq) {
        return adminWs + "/ws/dialogs/" + d.id() + "?after_seq=" + afterSeq + "&token=" + token;
    }

    /** Tickets fetched ahead, a batch at a time (each lives 30 s, so only a handful of seconds ahead). */
    private final java.util.ArrayDeque<String> tickets = new java.util.ArrayDeque<>();

    /**
     * {@code ws://.../ws/dialogs/{id}?after_seq=&ticket=}: an operator's dialog socket opened the way the dashboard
     * opens its sockets, with a one-time ticket ({@code POST /api/ws-ticket}) instead of the login token in the URL.
     * Tickets are fetched 25 at a time, concurrently; a refused fetch is retried twice. Blocks for a batch.
     */
    public synchronized String operatorTicketSocketUrl(BenchDialog d, long afterSeq) {
        if (tickets.isEmpty()) {
            java.util.List<CompletableFuture<HttpAnswer>> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 25; i++) {
                batch.add(ticket(3));
            }
            for (CompletableFuture<HttpAnswer> f : batch) {
                HttpAnswer a = f.join();
                if (!a.ok()) {
                    throw new IllegalStateException(label + ": POST /api/ws-ticket failed (HTTP " + a.status() + "): "
                            + a.body());
                }
                tickets.add(a.json().path("ticket").asText());
            }
        }
        return adminWs + "/ws/dialogs/" + d.id() + "?after_seq=" + afterSeq + "&ticket=" + tickets.poll();
    }

    private CompletableFuture<HttpAnswer> ticket(int attempts) {
        return client.call(HttpMethod.POST, api + "/api/ws-ticket", token, "{}")
                .thenCompose(a -> a.ok() || attempts <= 1 ? CompletableFuture.completedFuture(a) : ticket(attempts - 1));
    }

    /** {@code ws://.../ws/widget/dialogs/{id}?assistant_id=&guest_token=&after_seq=}: the guest's socket. */
    public String widgetSocketUrl(BenchDialog d, long afterSeq) {
        return widgetWs + "/ws/widget/dialogs/" + d.id() + "?" + guestQuery(d) + "&after_seq=" + afterSeq;
    }

    private static String guestQuery(BenchDialog d) {
        return "assistant_id=" + d.assistantId() + "&guest_token="
                + URLEncoder.encode(d.guestToken(), StandardCharsets.UTF_8);
    }

    /** The guest posts {@code text} through the widget REST endpoint. */
    public CompletableFuture<HttpAnswer> guestPost(BenchDialog d, String text) {
        return client.call(HttpMethod.POST, api + "/api/widget/dialogs/" + d.id() + "/messages?" + guestQuery(d), null,
                "{\"text\":\"" + text + "\"}");
    }

    /** The operator posts {@code text} (no per-guest rate limit applies to staff). */
    public CompletableFuture<HttpAnswer> operatorPost(BenchDialog d, String text) {
        return client.call(HttpMethod.POST, api + "/api/dialogs/" + d.id() + "/messages", token,
                "{\"text\":\"" + text + "\"}");
    }
}
