package io.switchboard.launcher.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.events.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code ./switchboard doctor <base-url>}: walks the chain a message travels — name, port, each
 * service's health, the WebSocket upgrade through whatever proxy is in front, an SSE stream's
 * first bytes, and a probe message from the REST API through Redis to a socket and a stream —
 * and names the first broken link with its fix in plain words.
 */
public final class Doctor {
    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    /** A proxy that buffers SSE holds the first small chunk until its buffer fills or the stream ends. */
    private static final Duration SSE_FIRST_BYTE_LIMIT = Duration.ofSeconds(2);
    /** A probe this late most likely came through the socket services' PostgreSQL sweep rather than Redis. */
    private static final long SWEEP_LIKE_MS = 900;

    private final URI base;
    private final Options options;
    private final PrintStream out;
    /** HTTP/1.1 like a browser on plain http: no h2c upgrade attempt that a proxy might mangle. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(STEP_TIMEOUT).build();
    private final List<Check> checks = new ArrayList<>();

    /**
     * What the command line may add to the base URL: an operator token, socket URLs, the probe's assistant,
     * and a site token with the domain of the page that embeds it (checked like the widget loader does).
     */
    public record Options(String token, String adminWsUrl, String widgetWsUrl, Long assistantId, String siteToken,
                          String siteDomain) {

        public Options(String token, String adminWsUrl, String widgetWsUrl, Long assistantId) {
            this(token, adminWsUrl, widgetWsUrl, assistantId, null, null);
        }
    }

    public Doctor(URI base, Options options, PrintStream out) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.options = options;
        this.out = out;
    }

    /** Runs every check it can reach and prints one line per check; returns 0 when all passed. */
    public int run() {
        out.println("Switchboard doctor: " + base);
        if (!step(dns()) || !step(tcp(base))) {
            return finish();
        }
        Optional<JsonNode> clientConfig = clientConfig();
        if (clientConfig.isEmpty()) {
            return finish();
        }
        String adminWs = pick(options.adminWsUrl(), clientConfig.get().path("admin_ws_url").asText(""));
        String widgetWs = pick(options.widgetWsUrl(), clientConfig.get().path("widget_ws_url").asText(""));
        step(ready("message-api-service", base.toString() + "/q/health/ready", false));
        boolean adminUp = step(ready("admin-ws-service", adminWs + "/api/sse/health", true));
        boolean widgetUp = step(ready("widget-ws-service", widgetWs + "/api/sse/health", true));
        if (adminUp) {
            step(upgrade("admin-ws-service", adminWs, "/ws?token=doctor-handshake-check"));
        }
        boolean widgetUpgrades = widgetUp
                && step(upgrade("widget-ws-service", widgetWs, "/ws/widget/dialogs/0?assistant_id=0&guest_token=doctor"));
        step(clock());
        if (options.siteToken() != null) {
            step(widgetToken(options.siteToken(), options.siteDomain()));
        }
        if (widgetUpgrades) {
            probe(widgetWs);
        }
        return finish();
    }

    private int finish() {
        Optional<Check> broken = checks.stream().filter(c -> !c.ok()).findFirst();
        out.println();
        if (broken.isEmpty()) {
            out.println("All links work.");
            return 0;
        }
        out.println("First broken link: " + broken.get().name() + " — " + broken.get().detail());
        out.println("Fix: " + broken.get().fix());
        return 1;
    }

    private boolean step(Check c) {
        checks.add(c);
        out.println(c.render());
        return c.ok();
    }

    private static String pick(String override, String fromConfig) {
        return override != null && !override.isBlank() ? override.replaceAll("/+$", "") : fromConfig;
    }

    private String resolve(String serviceBase) {
        return serviceBase == null || serviceBase.isBlank() ? base.toString() : serviceBase.replaceAll("/+$", "");
    }

    private Check dns() {
        try {
            InetAddress[] all = InetAddress.getAllByName(base.getHost());
            return Check.pass("DNS", base.getHost() + " resolves to " + all[0].getHostAddress());
        } catch (IOException e) {
            return Check.fail("DNS", base.getHost() + " does not resolve",
                    "check the host name in the URL and the DNS record (or /etc/hosts).");
        }
    }

    private Check tcp(URI target) {
        int port = port(target);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.getHost(), port), (int) STEP_TIMEOUT.toMillis());
            return Check.pass("TCP " + target.getHost() + ":" + port, "accepts connections");
        } catch (IOException e) {
            return Check.fail("TCP " + target.getHost() + ":" + port, "nothing accepts connections there ("
                    + e.getMessage() + ")", "start the proxy or message-api-service (./switchboard up listens on 8080),"
                    + " or correct the port in the URL.");
        }
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) || "wss".equals(u.getScheme()) ? 443 : 80;
    }

    private Optional<JsonNode> clientConfig() {
        String name = "message-api-service at " + base;
        try {
            HttpResponse<String> r = get(base + "/api/client-config", null);
            if (r.statusCode() == 200) {
                JsonNode n;
                try {
                    n = JSON.readTree(r.body());
                } catch (IOException notJson) {
                    n = JSON.createObjectNode(); // an HTML page or other text: not the API
                }
                if (n != null && n.has("admin_ws_url") && n.has("widget_ws_url")) {
                    step(Check.pass(name, "answers; sockets at admin-ws=" + orSame(n.path("admin_ws_url").asText())
                            + ", widget-ws=" + orSame(n.path("widget_ws_url").asText())));
                    return Optional.of(n);
                }
            }
            step(Check.fail(name, "GET /api/client-config answered HTTP " + r.statusCode() + " "
                            + r.headers().firstValue("Content-Type").orElse("(no content type)")
                            + " without Switchboard's client config: this URL reaches something else",
                    "point the URL (and the dashboard's API URL) at message-api-service or the proxy in front of it,"
                            + " not at a front-end dev server or another port."));
        } catch (HttpTimeoutException e) {
            step(Check.fail(name, "accepted the connection but sent no answer within " + STEP_TIMEOUT.toSeconds() + " s",
                    "the service behind this URL hangs or is overloaded: check its log and CPU, and the proxy's upstream."));
        } catch (IOException e) {
            step(Check.fail(name, "no HTTP answer (" + e.getMessage() + ")",
                    "check that the URL's scheme (http/https) matches what listens there."));
        }
        return Optional.empty();
    }

    private static String orSame(String url) {
        return url.isBlank() ? "(same origin)" : url;
    }

    private Check ready(String service, String url, boolean sseHealth) {
        String name = service + " health";
        try {
            HttpResponse<String> r = get(url, null);
            if (sseHealth && r.statusCode() == 200) {
                JsonNode n = JSON.readTree(r.body());
                if (!"connected".equals(n.path("redis").asText())) {
                    return Check.fail(name, "up, but its Redis subscription is " + n.path("redis").asText("unknown")
                                    + ": events from message-api will not reach its clients",
                            "check QUARKUS_REDIS_HOSTS of " + service + " (it must be the same Redis as message-api's)"
                                    + " and that Redis is running.");
                }
                return Check.pass(name, "healthy, Redis connected, " + n.path("connections").asLong() + " connections");
            }
            if (r.statusCode() == 200) {
                return Check.pass(name, "ready");
            }
            if (r.statusCode() == 404 && !sseHealth) {
                return Check.pass(name, "its /q/health is not routed through this URL (normal behind an ingress);"
                        + " the API answered, so it runs");
            }
            return Check.fail(name, "HTTP " + r.statusCode() + " at " + url + ": " + shorten(r.body()),
                    service + " is up but not ready; its log says which dependency (PostgreSQL or Redis) is missing.");
        } catch (IOException e) {
            return Check.fail(name, "does not answer at " + url + " (" + e.getMessage() + ")",
                    service + " is stopped, crashed or not routed: start it (./switchboard up starts all three),"
                            + " and check the proxy routes its paths.");
        }
    }

    /** Sends the upgrade request by hand so a proxy's answer is seen as it is, not as a bare 1006. */
    private Check upgrade(String service, String serviceBase, String path) {
        String name = service + " WebSocket upgrade";
        URI u = URI.create(resolve(serviceBase) + path);
        boolean tls = "https".equals(u.getScheme()) || "wss".equals(u.getScheme());
        try (Socket s = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port(u)), (int) STEP_TIMEOUT.toMillis());
            s.setSoTimeout((int) STEP_TIMEOUT.toMillis());
            byte[] key = new byte[16];
            new java.security.SecureRandom().nextBytes(key);
            String request = "GET " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + u.getHost() + ":" + port(u) + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: " + base + "\r\n\r\n";
            OutputStream os = s.getOutputStream();
            os.write(request.getBytes(StandardCharsets.US_ASCII));
            os.flush();
            InputStream is = s.getInputStream();
            String status = new BufferedReader(new InputStreamReader(is, StandardCharsets.US_ASCII)).readLine();
            if (status != null && status.contains(" 101")) {
                return Check.pass(name, "101 Switching Protocols through " + u.getHost() + ":" + port(u));
            }
            return Check.fail(name, "the handshake got \"" + status + "\" instead of 101 Switching Protocols:"
                            + " something in front of " + service + " drops the Upgrade/Connection headers"
                            + " (browsers show this as close code 1006)",
                    "in nginx: proxy_http_version 1.1; proxy_set_header Upgrade $websocket_upgrade;"
                            + " proxy_set_header Connection $connection_upgrade; with the two maps of"
                            + " deploy/nginx/switchboard.conf, and check the path is routed to " + service + ".");
        } catch (IOException e) {
            return Check.fail(name, "could not complete the handshake at " + u.getHost() + ":" + port(u)
                    + " (" + e.getMessage() + ")", "check that " + service + " runs and the proxy forwards its WebSocket paths.");
        }
    }

    private Check clock() {
        try {
            HttpResponse<String> r = get(base + "/api/client-config", null);
            // message-api's own clock (what signs tokens) from client-config; a proxy's Date header names the
            // proxy's clock, so it is only the fallback for an older API.
            Instant server;
            String serverTime = JSON.readTree(r.body()).path("server_time").asText("");
            Optional<String> date = r.headers().firstValue("Date");
            if (!serverTime.isBlank()) {
                server = Instant.parse(serverTime);
            } else if (date.isPresent()) {
                server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } else {
                return Check.pass("clock", "the server tells no time (no server_time, no Date header); skipped");
            }
            long skew = Math.abs(Duration.between(server, Instant.now()).toSeconds());
            if (skew > 30) {
                return Check.fail("clock", "this machine and the server differ by " + skew + " s",
                        "sync both clocks with NTP: tokens are checked with only 60 s of leeway.");
            }
            if (options.token() != null) {
                long exp = tokenExpiry(options.token());
                if (exp <= server.getEpochSecond()) {
                    return Check.fail("clock", "the given token expired " + (server.getEpochSecond() - exp)
                            + " s ago by the server's clock", "log in again for a fresh token.");
                }
                return Check.pass("clock", "skew " + skew + " s; the token is valid for "
                        + (exp - server.getEpochSecond()) / 60 + " more minutes");
            }
            return Check.pass("clock", "skew " + skew + " s");
        } catch (IOException | RuntimeException e) {
            return Check.fail("clock", "could not compare clocks (" + e.getMessage() + ")", "check the API URL.");
        }
    }

    /** The site token as the widget loader checks it on the customer's page: valid for that page's domain? */
    private Check widgetToken(String siteToken, String domain) {
        String name = "widget token";
        if (domain == null || domain.isBlank()) {
            return Check.fail(name, "no --domain given for the site token",
                    "pass --domain with the host name of the page that embeds the widget, e.g. --domain shop.example.com.");
        }
        try {
            HttpResponse<String> r = post(base + "/api/validate-widget-token", Map.of("token", siteToken, "domain", domain));
            JsonNode n = JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                return Check.fail(name, "POST /api/validate-widget-token answered HTTP " + r.statusCode() + " "
                        + shorten(r.body()), "check the API URL and the --domain value.");
            }
            if (n.path("valid").asBoolean()) {
                return Check.pass(name, "valid on " + domain + " (assistant " + n.path("assistant_id").asText() + ")");
            }
            String reason = n.path("reason").asText("unknown");
            return switch (reason) {
                case "domain_not_allowed" -> Check.fail(name, "refused on " + domain + " (domain_not_allowed): the page's"
                                + " domain is not among the widget's allowed domains, so the chat shows \"Chat unavailable\""
                                + " and browsers refuse to frame it (Content-Security-Policy frame-ancestors)",
                        "add " + domain + " to the widget's domains (PUT /api/widgets/{id} with \"allowed_domains\")"
                                + " and embed the new token it returns.");
                case "domains_changed" -> Check.fail(name, "refused (domains_changed): the widget's domains were changed,"
                                + " which replaced this token; open site sockets closed with 4401",
                        "embed the widget's new token (the answer of PUT /api/widgets/{id}, or GET /api/widgets).");
                case "revoked" -> Check.fail(name, "refused (revoked): this widget was deleted or its token revoked",
                        "create a widget (POST /api/widgets) and embed its snippet.");
                default -> Check.fail(name, "refused (" + reason + "): Switchboard does not know this token",
                        "copy the embed snippet again from POST /api/widgets or GET /api/widgets; check for a typo.");
            };
        } catch (IOException e) {
            return Check.fail(name, "could not check the token (" + e.getMessage() + ")", "check the API URL.");
        }
    }

    private static long tokenExpiry(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IOException("the token is not a JWT");
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        return claims.path("exp").asLong();
    }

    /** A probe message posted as a guest must arrive on a widget WebSocket and an SSE stream. */
    private void probe(String widgetWsBase) {
        String widgetBase = resolve(widgetWsBase);
        long dialogId;
        long assistantId;
        String guestToken;
        try {
            assistantId = assistantForProbe();
            HttpResponse<String> created = post(base + "/api/widget/dialogs",
                    Map.of("assistant_id", assistantId));
            if (created.statusCode() / 100 != 2) {
                step(Check.fail("probe dialog", "could not open a probe dialog for assistant " + assistantId
                                + ": HTTP " + created.statusCode() + " " + shorten(created.body()),
                        "pass --assistant-id of an existing assistant (or --token of an operator)."));
                return;
            }
            JsonNode opened = JSON.readTree(created.body());
            dialogId = opened.path("id").asLong();
            guestToken = opened.path("guest_token").asText();
        } catch (IOException e) {
            step(Check.fail("probe dialog", "could not open a probe dialog (" + e.getMessage() + ")", "check the API URL."));
            return;
        }
        String query = "assistant_id=" + assistantId + "&guest_token=" + URLEncoder.encode(guestToken, StandardCharsets.UTF_8);
        CompletableFuture<Long> wsArrival = new CompletableFuture<>();
        CompletableFuture<Long> sseArrival = new CompletableFuture<>();
        CompletableFuture<Long> sseFirstByte = new CompletableFuture<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        String clientMsgId = "doctor-" + UUID.randomUUID();
        long sseStart = System.nanoTime();
        // Accept-Encoding as a browser sends it: a proxy that compresses the stream holds it back (gzip waits
        // for a full buffer), which only a client that accepts compression sees.
        CompletableFuture<HttpResponse<InputStream>> sse = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(widgetBase + "/api/widget/dialogs/" + dialogId + "/events?" + query))
                .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip, deflate")
                .header("Origin", origin()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        // The stream blocks its reader until it ends, so it gets a thread of its own rather than
        // one of the common pool's (a single thread on a two-core machine).
        ExecutorService sseReader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "doctor-sse");
            t.setDaemon(true);
            return t;
        });
        sse.thenAcceptAsync(r -> {
            try (InputStream body = decoded(r)) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                for (String line; (line = lines.readLine()) != null; ) {
                    sseFirstByte.complete(System.nanoTime() - sseStart);
                    if (line.startsWith("data:") && line.contains(clientMsgId)) {
                        sseArrival.complete(System.nanoTime());
                    }
                }
            } catch (IOException ended) {
                // the stream was closed (by us at the end, or by the server)
            }
        }, sseReader);
        WebSocket ws = null;
        try {
            // Guest streams are browser paths: they carry a page Origin, Switchboard's own (a trusted origin).
            ws = http.newWebSocketBuilder().header("Origin", origin()).buildAsync(URI.create(widgetBase.replaceFirst("^http", "ws")
                    + "/ws/widget/dialogs/" + dialogId + "?" + query), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                String frame = text.toString();
                                text.setLength(0);
                                if (frame.contains("\"subscribed\"")) {
                                    subscribed.complete(null);
                                }
                                if (frame.contains(clientMsgId)) {
                                    wsArrival.complete(System.nanoTime());
                                }
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            subscribed.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Long firstByte = within(sseFirstByte, SSE_FIRST_BYTE_LIMIT.toNanos() - (System.nanoTime() - sseStart));
            if (firstByte == null) {
                step(Check.fail("SSE stream", "no bytes within " + SSE_FIRST_BYTE_LIMIT.toSeconds()
                                + " s of opening the stream: a proxy buffers it",
                        "in nginx: gzip off; proxy_buffering off; proxy_cache off; for the SSE paths (a proxy that"
                                + " compresses text/event-stream holds events until its buffer fills; Switchboard also"
                                + " sends X-Accel-Buffering: no — make sure the proxy does not strip or ignore it)."));
            } else {
                step(Check.pass("SSE stream", "first bytes after " + firstByte / 1_000_000 + " ms"));
            }
            long sent = System.nanoTime();
            HttpResponse<String> posted = post(base + "/api/widget/dialogs/" + dialogId + "/messages?" + query,
                    Map.of("text", "doctor probe", "client_msg_id", clientMsgId));
            if (posted.statusCode() / 100 != 2) {
                step(Check.fail("probe message", "the API refused the probe: HTTP " + posted.statusCode() + " "
                        + shorten(posted.body()), "message-api-service cannot store messages; check its log and PostgreSQL."));
                return;
            }
            step(arrival("probe via WebSocket", within(wsArrival, STEP_TIMEOUT.toNanos()), sent));
            step(arrival("probe via SSE", within(sseArrival, STEP_TIMEOUT.toNanos() - (System.nanoTime() - sent)), sent));
        } catch (Exception e) {
            step(Check.fail("probe", "the widget socket did not open or subscribe (" + e + ")",
                    "check widget-ws-service's log; its WebSocket path must be routed to it."));
        } finally {
            if (ws != null) {
                ws.abort();
            }
            sse.cancel(true);
            sse.thenAccept(r -> {
                try {
                    r.body().close();
                } catch (IOException ignored) {
                    // already closed
                }
            });
            sseReader.shutdownNow();
        }
    }

    /** The body as sent, decompressed when a proxy compressed it. */
    private static InputStream decoded(HttpResponse<InputStream> r) throws IOException {
        String encoding = r.headers().firstValue("Content-Encoding").orElse("").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (encoding) {
            case "gzip", "x-gzip" -> new java.util.zip.GZIPInputStream(r.body());
            case "deflate" -> new java.util.zip.InflaterInputStream(r.body());
            default -> r.body();
        };
    }

    /** The future's value if it completes within {@code nanos}, else null. */
    private static Long within(CompletableFuture<Long> f, long nanos) {
        try {
            return f.get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Check arrival(String name, Long arrivedNanos, long sentNanos) {
        if (arrivedNanos == null) {
            return Check.fail(name, "stored by message-api but not delivered within " + STEP_TIMEOUT.toSeconds() + " s:"
                            + " the socket service does not hear message-api's publishes",
                    "events are not flowing through Redis from message-api to the socket services: both must use the"
                            + " same QUARKUS_REDIS_HOSTS and the same channel prefix (watch with redis-cli PSUBSCRIBE 'ws:dialog:*').");
        }
        long ms = (arrivedNanos - sentNanos) / 1_000_000;
        if (ms <= 500) {
            return Check.pass(name, "arrived " + ms + " ms after posting");
        }
        if (ms < SWEEP_LIKE_MS) {
            return Check.fail(name, "arrived after " + ms + " ms (more than 500 ms)",
                    "look for a slow proxy, an overloaded service or a slow Redis.");
        }
        // The socket services also compare dialogs.last_seq with what they delivered every sweep interval
        // (2 s by default) and read a missed message from PostgreSQL: a socket service that does not hear
        // message-api's publishes still delivers, but only that late.
        return Check.fail(name, "arrived after " + ms + " ms: that is the socket services' PostgreSQL sweep, not Redis"
                        + " (through Redis a message takes milliseconds), so the socket service does not hear message-api's"
                        + " publishes",
                "both must use the same QUARKUS_REDIS_HOSTS and the same channel prefix (SWITCHBOARD_CHANNELS_WS_PREFIX;"
                        + " watch with redis-cli PSUBSCRIBE 'ws:dialog:*'). If they do, look for an overloaded service or Redis.");
    }

    private long assistantForProbe() throws IOException {
        if (options.assistantId() != null) {
            return options.assistantId();
        }
        if (options.token() != null) {
            HttpResponse<String> r = get(base + "/api/assistants", options.token());
            JsonNode list = JSON.readTree(r.body()).path("assistants");
            if (r.statusCode() == 200 && list.size() > 0) {
                return list.get(0).path("id").asLong();
            }
        }
        return 1;
    }

    private HttpResponse<String> get(String url, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(STEP_TIMEOUT).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    private HttpResponse<String> post(String url, Object body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(STEP_TIMEOUT)
                .header("Content-Type", "application/json").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }

    /** {@code scheme://host[:port]} of the API URL: the page origin the probe's guest streams send. */
    private String origin() {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() >= 0 ? ":" + base.getPort() : "");
    }
}
