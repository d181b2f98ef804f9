package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.Bench;
import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short run of every bench scenario against the real system: the load generator must find
 * nothing lost, duplicated or reordered and must print its figures. Timing is not asserted here
 * (the machine is shared); docs/performance.md holds the measured figures.
 */
class BenchSmokeIT {

    /** The parsed {@code BENCH_JSON} line of a run and everything it printed. */
    private record Run(int exitCode, JsonNode json, String output) {
    }

    private static Run bench(String... args) {
        LocalSystem system = SharedSystem.get();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--api");
        all.add(system.url(ServiceSpec.MESSAGE_API));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = Bench.run(all.toArray(String[]::new), out, null);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        String line = output.lines().filter(l -> l.startsWith("BENCH_JSON ")).findFirst()
                .orElseThrow(() -> new AssertionError("no BENCH_JSON line in:\n" + output));
        try {
            return new Run(code, Api.JSON.readTree(line.substring("BENCH_JSON ".length())), output);
        } catch (java.io.IOException e) {
            throw new AssertionError("BENCH_JSON is not JSON: " + line, e);
        }
    }

    private static void assertDeliveredEverythingOnce(Run r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode counts = r.json().path("counts");
        assertThat(counts.path("lost").asLong(-1)).as(r.output()).isZero();
        assertThat(counts.path("duplicates").asLong(-1)).isZero();
        assertThat(counts.path("out_of_order").asLong(-1)).isZero();
        assertThat(counts.path("sockets_closed_by_server").asLong(-1)).isZero();
        assertThat(r.json().path("delivery_ok").asBoolean()).isTrue();
        assertThat(r.output()).contains("figure").contains("system");
    }

    @Test
    void endToEndRunDeliversEveryGuestMessageToEverySocketOnceAndComparesWithTheCeiling() {
        Run r = bench("s1", "--dialogs", "5", "--operators", "2", "--widgets", "1", "--rate", "20",
                "--duration", "2s", "--warmup", "1s");
        assertDeliveredEverythingOnce(r);
        JsonNode p99 = r.json().path("figures").path("delivery_p99_ms");
        assertThat(p99.path("value").asDouble()).isPositive();
        assertThat(p99.path("ceiling").asDouble()).isPositive();
        assertThat(p99.has("ratio")).isTrue();
        assertThat(r.json().path("counts").path("messages_stored").asLong()).isEqualTo(60);
        assertThat(r.json().path("counts").path("deliveries").asLong()).isEqualTo(60 * 3);
        assertThat(r.json().path("counts").path("ceiling_lost").asLong(-1)).isZero();
    }

    @Test
    void fanOutRunReachesEverySubscriberOfTheDialog() {
        Run r = bench("s2", "--subscribers", "50", "--rate", "10", "--duration", "2s", "--warmup", "1s", "--no-ceiling");
        assertDeliveredEverythingOnce(r);
        assertThat(r.json().path("counts").path("deliveries").asLong()).isEqualTo(30 * 50);
        assertThat(r.json().path("figures").path("deliveries_per_s").path("value").asDouble()).isPositive();
        assertThat(r.json().path("figures").has("to_last_subscriber_p99_ms")).isTrue();
    }

    @Test
    void manySmallDialogsRunLosesNothing() {
        Run r = bench("s3", "--dialogs", "30", "--rate", "30", "--duration", "2s", "--warmup", "1s", "--no-ceiling");
        assertDeliveredEverythingOnce(r);
        assertThat(r.json().path("counts").path("sockets").asLong()).isEqualTo(90);
    }

    @Test
    void idleDensityRunReportsMemoryPerConnectionOfTheSocketService() {
        long pid = SharedSystem.get().service(ServiceSpec.ADMIN_WS).pid();
        Run r = bench("s4", "--connections", "100", "--dialogs", "10", "--settle", "1s", "--idle-window", "2s", "--no-ceiling",
                "--pid", Long.toString(pid));
        assertDeliveredEverythingOnce(r);
        assertThat(r.json().path("counts").path("connections").asLong()).isEqualTo(100);
        assertThat(r.json().path("figures").path("rss_idle_mb").path("value").asDouble()).isPositive();
        assertThat(r.json().path("figures").has("heap_per_idle_conn_kb")).isTrue();
    }

    @Test
    void reconnectStormBringsEveryDroppedClientBackWithNothingLost() {
        Run r = bench("s5", "--clients", "40", "--dialogs", "8", "--rate", "10", "--before", "2s", "--window", "8s",
                "--no-ceiling");
        assertDeliveredEverythingOnce(r);
        assertThat(r.json().path("counts").path("not_recovered").asLong(-1)).isZero();
        assertThat(r.json().path("figures").path("back_and_caught_up_p99_ms").path("value").asDouble()).isPositive();
    }
}
