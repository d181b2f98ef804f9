package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.LocalSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Credentials never reach a log line. This test uses every kind of credential on every door of the shared
 * system (operator JWTs in URLs and headers, one-time tickets, site tokens, passwords; accepted and refused),
 * then reads every log file the system-test services wrote in this run (those of the fault system, of the
 * browser scenarios' second system and the nginx logs too, when those tests ran first) and looks for those
 * exact values and for anything shaped like a credential that is not masked. Failsafe runs the test classes
 * in alphabetical order and this one is named to come last, so it reads the logs of every other test's
 * traffic too.
 */
class ZeroCredentialsInLogsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Pattern> UNMASKED = List.of(
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\."),
            Pattern.compile("(?i)(?<![A-Za-z0-9])[A-Za-z_]*(token|ticket|password)(=|%3D)(?!\\*\\*\\*)[^&\\s\"',;)}\\]]+"),
            Pattern.compile("(?i)bearer\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/=-]{8,}"),
            // Not inside a word: a stack trace's generated "$post_<hash>" invoker class is no site token.
            Pattern.compile("(?<![A-Za-z0-9_$])st_[A-Za-z0-9_-]{16,}"));

    @Test
    void noCredentialUsedAgainstTheSystemAppearsInAnyServiceLog() throws Exception {
        Scenario s = new Scenario("credential-scan");
        String token = s.operator.token();
        String siteToken = s.api.call("POST", "/api/widgets", s.adminToken, Map.of("assistant_id", s.assistantId,
                "allowed_domains", List.of("shop.example.com"))).ok().path("site_token").asText();
        s.api.siteDialog(siteToken, "site-" + s.guestId, "https://shop.example.com");
        String siteQuery = Api.siteQuery(siteToken, "site-" + s.guestId);
        String ticket = s.api.ticket(token);
        String badTicket = "tk_" + s.guestId;
        // A guest credential as the widget sends it: masked like every other credential (issue 12).
        String guestToken = "gt_" + s.guestId + "_never_in_logs";
        List<String> secrets = List.of(token, s.adminToken, siteToken, ticket, badTicket, "secret-pass-1", "admin123",
                token.substring(token.lastIndexOf('.') + 1), guestToken, Api.guestToken(s.assistantId, s.guestId),
                siteQuery.substring(siteQuery.indexOf("guest_token=") + "guest_token=".length()));
        // The widget guest's socket and stream too: its credential is in their URLs.
        try (WsProbe guest = s.widgetSocket(0); SseProbe guestSse = s.widgetSse()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !guest.ofType("subscribed").isEmpty()
                    && guestSse.lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));
        }

        // Accepted and refused, over WebSocket, SSE and REST, in URLs and in headers.
        try (WsProbe byTicket = WsProbe.open(s.adminWs() + "/ws?ticket=" + ticket);
             WsProbe byToken = WsProbe.open(s.adminWs() + "/ws/dialogs/" + s.dialogId + "?token=" + token);
             SseProbe sse = SseProbe.open(s.adminHttp() + "/api/events?token=" + token)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !byTicket.ofType("connected").isEmpty()
                    && !byToken.ofType("subscribed").isEmpty()
                    && sse.lines.stream().anyMatch(l -> l.contains("\"type\":\"connected\"")));
            try (WsProbe reused = WsProbe.open(s.adminWs() + "/ws?ticket=" + ticket);
                 WsProbe forged = WsProbe.open(s.adminWs() + "/ws?token=" + token + "x");
                 WsProbe unknownTicket = WsProbe.open(s.adminWs() + "/ws?ticket=" + badTicket)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> reused.isClosed() && forged.isClosed()
                        && unknownTicket.isClosed());
            }
        }
        for (Map<String, String> origin : List.of(Map.of("Origin", "https://shop.example.com"),
                Map.of("Origin", "https://evil.example"))) {
            try (RawWebSocket site = RawWebSocket.open(s.widgetWs() + "/ws/site/dialogs/" + s.dialogId + "?" + siteQuery,
                    origin, 0)) {
                site.readUntilClose(Duration.ofSeconds(5));
            } catch (AssertionError stillOpenIsFine) {
                // an accepted socket stays open until we close it
            }
            // An accepted stream never ends: look at the status and hang up.
            HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(s.widgetHttp()
                    + "/api/site/dialogs/" + s.dialogId + "/events?" + siteQuery)).header("Origin", origin.get("Origin"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            stream.body().close();
            s.api.call("GET", "/api/site/dialogs/" + s.dialogId + "/messages?" + siteQuery, null, null, origin);
        }
        try (WsProbe guest = WsProbe.open(s.widgetWs() + "/ws/widget/dialogs/" + s.dialogId + "?" + s.guestQuery()
                + "&guest_token=" + guestToken)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> guest.isClosed() || !guest.ofType("subscribed").isEmpty());
        }
        s.api.call("GET", "/api/widget/dialogs/" + s.dialogId + "/messages?" + s.guestQuery() + "&guest_token="
                + guestToken, null, null);
        s.api.call("GET", "/api/dialogs?token=" + token, token + "x", null);
        s.api.call("POST", "/api/auth/login", null, Map.of("username", "admin", "password", "wrong-" + s.guestId));
        s.api.call("POST", "/api/validate-widget-token", null, Map.of("token", siteToken, "domain", "evil.example"));
        HTTP.send(HttpRequest.newBuilder(URI.create(s.adminHttp() + "/api/sse/stats?token=" + token))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());

        List<Path> logs = logFiles();
        // Our own connections' last lines are in the files before we read them.
        await().atMost(Duration.ofSeconds(10)).until(() -> read(logs).stream().filter(l -> l.contains("connection closed")
                && l.contains("operator:" + s.operator.id())).count() >= 3);
        List<String> lines = read(logs);
        assertThat(lines).as("log lines scanned").hasSizeGreaterThan(50);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("token=***"));
        for (String secret : secrets) {
            assertThat(lines).as("a line with a credential used in this test").noneMatch(l -> l.contains(secret));
        }
        for (Pattern p : UNMASKED) {
            assertThat(lines).as("a line matching %s", p).noneMatch(l -> p.matcher(l).find());
        }
    }

    private static List<Path> logFiles() {
        List<Path> files = new ArrayList<>(SharedSystem.get().logFiles());
        LocalSystem fault = FaultSystem.ifStarted();
        if (fault != null) {
            files.addAll(fault.logFiles());
        }
        LocalSystem twin = SharedSystem.twinIfStarted();
        if (twin != null) {
            files.addAll(twin.logFiles());
        }
        Path nginx = SharedSystem.projectDir().resolve("system-tests/target/nginx");
        if (Files.isDirectory(nginx)) {
            try (Stream<Path> found = Files.walk(nginx)) {
                found.filter(p -> p.toString().endsWith(".log")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static List<String> read(List<Path> files) {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
