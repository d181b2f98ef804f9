package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.deploy.SpecRoutes.Route;
import io.switchboard.deploy.SpecRoutes.Target;
import io.switchboard.infra.NginxFront;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs deploy/nginx/switchboard.conf in a real nginx in front of three stub services on random
 * ports, the way an operator would deploy it (only the upstream ports, the listen port and the
 * log path changed), and checks what seeds 000-004 broke: routing, the WebSocket upgrade,
 * unbuffered SSE, credentials in access logs.
 */
class NginxConfigTest {
    private static final Path CONFIG_DIR = RenderedOverlay.projectRoot().resolve("deploy/nginx");

    @TempDir
    static Path dir;

    private static Path nginx;
    private static ProcessRun syntaxCheck;
    private static Process server;
    private static int port;
    private static Map<Target, StubBackend> backends;
    private static HttpClient http;

    @BeforeAll
    static void startNginxInFrontOfStubServices() throws Exception {
        nginx = RequiredTool.require("nginx", "apt-get install -y nginx");
        backends = Map.of(Target.MESSAGE_API, new StubBackend("message-api-service"),
                Target.ADMIN_WS, new StubBackend("admin-ws-service"),
                Target.WIDGET_WS, new StubBackend("widget-ws-service"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        NginxFront.writeConfig(RenderedOverlay.projectRoot(), dir, port, backends.get(Target.MESSAGE_API).port(),
                backends.get(Target.ADMIN_WS).port(), backends.get(Target.WIDGET_WS).port(), site -> site);

        syntaxCheck = ProcessRun.run(30, nginxCommand("-t"));
        if (syntaxCheck.succeeded()) {
            server = new ProcessBuilder(nginxCommand("-g", "daemon off;")).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                assertThat(server.isAlive()).as("nginx runs; see %s", dir.resolve("error.log")).isTrue();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopNginxAndStubs() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: nginx's fast shutdown, workers included
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (backends != null) {
            for (StubBackend b : backends.values()) {
                b.close();
            }
        }
    }

    @Test
    void nginxAcceptsTheConfigIncludedFromAMainConfig() {
        assertThat(syntaxCheck.succeeded()).as(syntaxCheck.describe()).isTrue();
        assertThat(syntaxCheck.stderr()).contains("syntax is ok").contains("test is successful");
    }

    static List<Route> routes() {
        return SpecRoutes.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everySpecPathReachesTheServiceThatServesItWithItsQueryIntact(Route route) throws Exception {
        HttpResponse<String> response = get(route.sampleUrl());

        if (route.target() == Target.NOT_PUBLISHED) {
            assertThat(response.statusCode()).as("%s is not published", route.sampleUrl()).isEqualTo(404);
            assertThat(backends.values()).allSatisfy(b -> assertThat(b.received()).extracting(StubBackend.Received::target)
                    .doesNotContain(route.sampleUrl()));
            return;
        }
        assertThat(response.statusCode()).as("status of %s", route.sampleUrl()).isEqualTo(200);
        // A page folder without its slash is redirected to the folder by nginx itself.
        assertThat(response.uri().getRawPath()).as("where %s ended", route.sampleUrl()).isIn(route.path(), route.path() + "/");
        String served = response.uri().getRawPath() + (response.uri().getRawQuery() == null ? "" : "?" + response.uri().getRawQuery());
        assertThat(response.body()).as("who answered %s", route.sampleUrl()).isEqualTo(route.target().service + " GET " + served);
    }

    @Test
    void webSocketUpgradeReachesTheSocketServiceAndTunnelsBothWays() throws Exception {
        StubBackend widget = backends.get(Target.WIDGET_WS);
        String target = "/ws/site/dialogs/17?site_token=st_upgrade_secret&guest_token=gt_upgrade_secret";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: chat.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Origin: https://shop.example.com\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

            assertThat(in.readLine()).as("a proxy without Upgrade headers answers 200/404 here and the browser shows 1006")
                    .startsWith("HTTP/1.1 101");
            String line;
            while (!(line = in.readLine()).isEmpty()) {
                // response headers
            }
            assertThat(in.readLine()).isEqualTo("hello from widget-ws-service");
            out.write("ping\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).as("client-to-service bytes pass the tunnel").isEqualTo("echo ping");
        }
        StubBackend.Received upgrade = widget.received().stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow();
        assertThat(upgrade.header("upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(upgrade.header("connection")).isEqualToIgnoringCase("upgrade");
        assertThat(upgrade.header("origin")).as("Origin reaches the service for its site checks").isEqualTo("https://shop.example.com");
        assertThat(upgrade.header("x-forwarded-proto")).isEqualTo("http");
    }

    @Test
    void sseEventsArriveWhileTheStreamIsStillOpen() throws Exception {
        StubBackend admin = backends.get(Target.ADMIN_WS);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dialogs/17/events?token=jwt-secret"))
                .header("Accept", "text/event-stream").GET().build();
        CompletableFuture<HttpResponse<InputStream>> started = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = started.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            started.cancel(true);
            throw new AssertionError("the stream's headers and first bytes did not arrive within 5 s: the proxy holds them back");
        }
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(readEvent(body)).containsExactly("retry: 5000");

            // The service writes one event and keeps the stream open: it must reach the client now,
            // not when a proxy buffer fills or the stream ends (seed 003).
            admin.sendNextStreamEvent();
            CompletableFuture<List<String>> live = CompletableFuture.supplyAsync(() -> readEvent(body));
            assertThat(live).as("an event while the stream is open (proxy_buffering off)")
                    .succeedsWithin(Duration.ofSeconds(5))
                    .isEqualTo(List.of("event: message", "id: 1", "data: live from admin-ws-service"));

            admin.sendNextStreamEvent();
            assertThat(readEvent(body)).containsExactly("event: message", "id: 2", "data: last");
        }
    }

    @Test
    void accessLogRecordsPathsButNeverQueryStringCredentials() throws Exception {
        assertThat(get("/api/site/dialogs/17/messages?site_token=st_logged_secret&guest_token=gt_logged_secret").statusCode()).isEqualTo(200);
        assertThat(get("/ws/dialogs/17?ticket=ticket_logged_secret").statusCode()).isEqualTo(200);
        assertThat(get("/api/events?token=jwt_logged_secret").statusCode()).isEqualTo(200);
        Path log = dir.resolve("access.log");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log)
                && Files.readString(log).contains("/api/events") && Files.readString(log).contains("/ws/dialogs/17"));
        String lines = Files.readString(log);
        assertThat(lines).contains("GET /api/site/dialogs/17/messages HTTP/1.1");
        assertThat(lines).doesNotContain("st_logged_secret", "gt_logged_secret", "ticket_logged_secret", "jwt_logged_secret", "?");
    }

    static List<Route> streamRoutes() {
        return SpecRoutes.ALL.stream().filter(Route::isStream).toList();
    }

    /** Reads the location nginx picks for each stream path the way nginx does (see {@link NginxLocation#select}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("streamRoutes")
    void streamLocationsKeepQuietConnectionsAnHourAndNeverBuffer(Route route) throws IOException {
        NginxLocation location = NginxLocation.select(NginxLocation.parse(Files.readString(CONFIG_DIR.resolve("switchboard.conf"))),
                route.path());

        assertThat(location.directive("proxy_read_timeout")).as("%s proxy_read_timeout", route.path()).isEqualTo("3600s");
        assertThat(location.directive("proxy_send_timeout")).as("%s proxy_send_timeout", route.path()).isEqualTo("3600s");
        assertThat(location.directive("proxy_buffering")).as("%s proxy_buffering", route.path()).isEqualTo("off");
        assertThat(location.directive("proxy_cache")).as("%s proxy_cache", route.path()).isEqualTo("off");
        assertThat(location.directive("proxy_set_header")).as("%s must inherit the Upgrade/Connection headers", route.path()).isNull();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of one SSE event (up to its blank line). */
    private static List<String> readEvent(BufferedReader body) {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = body.readLine()) != null && !line.isEmpty()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }

    private static List<String> nginxCommand(String... extra) {
        return NginxFront.command(nginx, dir, extra);
    }

    /** A location block of switchboard.conf: its modifier, pattern and own directives. */
    record NginxLocation(String modifier, String pattern, Map<String, String> directives) {
        private static final Pattern BLOCK = Pattern.compile("location\\s+(=|~\\*?|\\^~)?\\s*(\\S+)\\s*\\{([^}]*)}");

        String directive(String name) {
            return directives.get(name);
        }

        static List<NginxLocation> parse(String config) {
            List<NginxLocation> result = new ArrayList<>();
            Matcher m = BLOCK.matcher(config.replaceAll("#[^\\n]*", ""));
            while (m.find()) {
                Map<String, String> directives = new java.util.LinkedHashMap<>();
                for (String statement : m.group(3).split(";")) {
                    String s = statement.trim();
                    if (!s.isEmpty()) {
                        String[] parts = s.split("\\s+", 2);
                        directives.put(parts[0], parts.length > 1 ? parts[1] : "");
                    }
                }
                result.add(new NginxLocation(m.group(1) == null ? "" : m.group(1), m.group(2), directives));
            }
            return result;
        }

        /** nginx's choice: an exact match, else the first matching regex unless the longest prefix is {@code ^~}, else that prefix. */
        static NginxLocation select(List<NginxLocation> locations, String uri) {
            NginxLocation longestPrefix = null;
            for (NginxLocation l : locations) {
                if (l.modifier().equals("=") && l.pattern().equals(uri)) {
                    return l;
                }
                if ((l.modifier().isEmpty() || l.modifier().equals("^~")) && uri.startsWith(l.pattern())
                        && (longestPrefix == null || l.pattern().length() > longestPrefix.pattern().length())) {
                    longestPrefix = l;
                }
            }
            if (longestPrefix == null || !longestPrefix.modifier().equals("^~")) {
                for (NginxLocation l : locations) {
                    if (l.modifier().startsWith("~")) {
                        int flags = l.modifier().equals("~*") ? Pattern.CASE_INSENSITIVE : 0;
                        if (Pattern.compile(l.pattern(), flags).matcher(uri).find()) {
                            return l;
                        }
                    }
                }
            }
            if (longestPrefix == null) {
                throw new AssertionError("no location of switchboard.conf serves " + uri);
            }
            return longestPrefix;
        }
    }
}
