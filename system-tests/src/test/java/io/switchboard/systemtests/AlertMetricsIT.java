package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The alert rules watch metrics the services really expose: an alert on a missing series never fires. */
class AlertMetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everySwitchboardMetricTheAlertRulesUseIsExposedByTheServices() throws Exception {
        String rules = Files.readString(SharedSystem.projectDir().resolve("k8s/monitoring/prometheus-rules.yaml"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("(switchboard_[a-z_]+?)(_bucket|_count|_sum)?\\b").matcher(
                rules.replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as("metrics named in the alert expressions").isNotEmpty();

        Scenario s = new Scenario("metrics");
        try (WsProbe widget = s.widgetSocket(0);
             SseProbe sse = s.widgetSse();
             WsProbe refused = WsProbe.open(s.adminWs() + "/ws?token=not-a-token")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !widget.ofType("subscribed").isEmpty()
                    && sse.lines.contains("retry: 5000") && refused.isClosed());
            long seq = s.guestPost("count me");
            await().atMost(Duration.ofSeconds(5)).until(() -> widget.seqs(s.dialogId).contains(seq));
        }
        String exposed = scrape(s.system.url(ADMIN_WS)) + scrape(s.system.url(WIDGET_WS))
                + scrape(s.system.url(MESSAGE_API));
        for (String metric : used) {
            assertThat(exposed).as("/q/metrics of the services exposes %s", metric)
                    .containsPattern("(?m)^" + metric + "(_bucket|_count|_sum)?[{ ]");
        }
    }

    private static String scrape(String base) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
