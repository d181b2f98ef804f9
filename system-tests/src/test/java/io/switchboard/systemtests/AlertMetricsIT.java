package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.ServiceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules watch metrics the services really expose: an alert on a missing series never fires. Every
 * metric an alert expression names (Switchboard's own and Quarkus' {@code http_server_requests_seconds_count}
 * alike) must be on {@code /q/metrics} of each service the expression's {@code job} selector names (of one of
 * the three when it names none). Only {@code up} is left out: Prometheus makes it, no service exposes it.
 */
class AlertMetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Series Prometheus itself records for every target. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "on", "and", "or", "unless", "without", "ignoring",
            "group_left", "group_right", "bool", "offset", "sum", "min", "max", "avg", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values");
    private static final Map<String, ServiceSpec> JOBS = Map.of("message-api-service", MESSAGE_API,
            "admin-ws-service", ADMIN_WS, "widget-ws-service", WIDGET_WS);

    /** Metric name (without _bucket/_count/_sum when the base is what services expose) → jobs it must be on. */
    static Map<String, Set<String>> metricsUsedByTheRules(String rules) {
        StringBuilder exprs = new StringBuilder();
        int exprIndent = -1;
        for (String line : rules.split("\n")) {
            String stripped = line.strip();
            int indent = line.length() - line.stripLeading().length();
            if (exprIndent >= 0 && (stripped.isEmpty() || indent > exprIndent)) {
                if (!stripped.startsWith("#")) {
                    exprs.append(stripped).append('\n');
                }
                continue;
            }
            exprIndent = -1;
            Matcher expr = Pattern.compile("^expr:\\s*(.*)$").matcher(stripped);
            if (expr.matches()) {
                exprIndent = indent;
                String inline = expr.group(1).strip();
                if (!inline.isEmpty() && !inline.startsWith("|") && !inline.startsWith(">")) {
                    exprs.append(inline).append('\n');
                }
            }
        }
        // Grouping clauses name labels, not metrics.
        String text = exprs.toString().replaceAll("\\b(by|on|without|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Map<String, Set<String>> used = new TreeMap<>();
        Matcher m = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?").matcher(text);
        while (m.find()) {
            String name = m.group(1);
            int after = m.end();
            while (after < text.length() && text.charAt(after) == ' ') {
                after++;
            }
            boolean function = after < text.length() && text.charAt(after) == '(' && m.group(2) == null;
            if (function || PROMQL_WORDS.contains(name) || SCRAPE_SERIES.contains(name) || isInsideQuotes(text, m.start())
                    || Character.isDigit(name.charAt(0))) {
                continue;
            }
            Set<String> jobs = used.computeIfAbsent(name, k -> new TreeSet<>());
            if (m.group(2) != null) {
                Matcher job = Pattern.compile("\\bjob\\s*(=~|=)\\s*\"([^\"]*)\"").matcher(m.group(2));
                if (job.find()) {
                    jobs.addAll(List.of(job.group(2).split("\\|")));
                }
            }
        }
        return used;
    }

    private static boolean isInsideQuotes(String text, int index) {
        int quotes = 0;
        for (int i = text.lastIndexOf('\n', index) + 1; i < index; i++) {
            if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }

    @Test
    void everyMetricTheAlertRulesUseIsExposedByTheServicesTheyWatch() throws Exception {
        String rules = Files.readString(SharedSystem.projectDir().resolve("k8s/monitoring/prometheus-rules.yaml"));
        Map<String, Set<String>> used = metricsUsedByTheRules(rules);
        assertThat(used).as("metrics named in the alert expressions")
                .containsKeys("switchboard_connections", "http_server_requests_seconds_count");
        assertThat(used.get("http_server_requests_seconds_count"))
                .containsExactlyInAnyOrder("message-api-service", "admin-ws-service", "widget-ws-service");

        // Traffic on every service, so each request and delivery metric has a series.
        Scenario s = new Scenario("metrics");
        try (WsProbe widget = s.widgetSocket(0);
             SseProbe sse = s.widgetSse();
             WsProbe refused = WsProbe.open(s.adminWs() + "/ws?token=not-a-token")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !widget.ofType("subscribed").isEmpty()
                    && sse.lines.contains("retry: 5000") && refused.isClosed());
            long seq = s.guestPost("count me");
            await().atMost(Duration.ofSeconds(5)).until(() -> widget.seqs(s.dialogId).contains(seq));
        }
        s.api.call("GET", "/api/dialogs", s.operator.token(), null).ok();
        Map<String, String> exposed = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceSpec> job : JOBS.entrySet()) {
            String base = s.system.url(job.getValue());
            if (job.getValue() != MESSAGE_API) {
                get(base + "/api/sse/health");
            }
            exposed.put(job.getKey(), get(base + "/q/metrics"));
        }
        for (Map.Entry<String, Set<String>> metric : used.entrySet()) {
            String name = metric.getKey();
            String base = name.replaceAll("_(bucket|count|sum)$", "");
            Pattern series = Pattern.compile("(?m)^(" + Pattern.quote(name) + "|" + Pattern.quote(base)
                    + "(_bucket|_count|_sum))[{ ]");
            if (metric.getValue().isEmpty()) {
                assertThat(exposed.values()).as("some service's /q/metrics exposes %s", name)
                        .anySatisfy(text -> assertThat(text).containsPattern(series));
            } else {
                for (String job : metric.getValue()) {
                    assertThat(exposed).as("the rules name job %s", job).containsKey(job);
                    assertThat(exposed.get(job)).as("/q/metrics of %s exposes %s", job, name).containsPattern(series);
                }
            }
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
