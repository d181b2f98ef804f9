package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.Bench;
import io.switchboard.infra.NginxFront;
import io.switchboard.launcher.BenchSystems;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./switchboard bench s1 --start --nodes 2}, briefly: PostgreSQL, Redis, two processes of each service and a
 * real nginx running the shipped deploy/nginx files in front of them. The load goes through nginx, both message-api
 * nodes store messages, every socket node follows exactly the dialogs of its own clients (as nginx's log says it
 * placed them), and every process is gone afterwards. Timing is not asserted.
 */
class BenchNodesIT {
    private static final Pattern STARTED = Pattern.compile("\\[bench] {3}(\\S+) on \\S+ \\(pid (\\d+)\\)");

    @Test
    void twoNodesOfEachServiceBehindNginxShareTheLoadAndEachSocketNodeFollowsOnlyItsOwnClientsDialogs() throws Exception {
        if (NginxFront.binary().isEmpty()) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "nginx is required under CI (apt-get install -y nginx)");
            Assumptions.abort("nginx not installed (apt-get install -y nginx); the multi-node bench needs it");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            // One operator and one widget socket per dialog: nginx's round robin puts each dialog's operator on one
            // admin-ws node only, so a node that subscribed every dialog would show it.
            code = Bench.run(new String[] {"s1", "--start", "--nodes", "2", "--dialogs", "8", "--operators", "1",
                "--widgets", "1", "--rate", "20", "--duration", "2s", "--warmup", "1s", "--no-ceiling", "--no-charts"},
                    out, new BenchSystems(SharedSystem.projectDir()));
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        String line = output.lines().filter(l -> l.startsWith("BENCH_JSON ")).findFirst()
                .orElseThrow(() -> new AssertionError("no BENCH_JSON line in:\n" + output));
        JsonNode json = Api.JSON.readTree(line.substring("BENCH_JSON ".length()));
        JsonNode counts = json.path("counts");

        assertThat(code).as(output).isZero();
        assertThat(json.path("delivery_ok").asBoolean()).as(output).isTrue();
        assertThat(json.path("environment").path("system").asText()).contains("2 nodes of each service behind nginx");

        long stored = counts.path("messages_stored").asLong();
        assertThat(stored).isEqualTo(60);
        assertThat(counts.path("node_api_1_messages_stored").asLong()).as(output).isPositive();
        assertThat(counts.path("node_api_2_messages_stored").asLong()).as(output).isPositive();
        assertThat(counts.path("node_api_1_messages_stored").asLong() + counts.path("node_api_2_messages_stored").asLong())
                .as("every stored message was stored by one of the two nodes").isEqualTo(stored);

        for (String service : List.of("admin_ws", "widget_ws")) {
            long held = 0;
            for (int n = 1; n <= 2; n++) {
                String node = "node_" + service + "_" + n;
                long dialogs = counts.path(node + "_dialogs_of_its_sockets").asLong(-1);
                assertThat(counts.path(node + "_sockets").asLong()).as(node + " got sockets through nginx\n" + output)
                        .isPositive();
                assertThat(counts.path(node + "_subscribed_dialogs").asLong())
                        .as(node + " follows the dialogs of its own sockets, no more\n" + output).isEqualTo(dialogs);
                assertThat(counts.path(node + "_redis_channels").asLong())
                        .as(node + "'s Redis channels: its dialogs and ws:revocations").isEqualTo(dialogs + 1);
                assertThat(dialogs).as(node + " holds a share of the dialogs, not all of them").isBetween(1L, 7L);
                held += dialogs;
            }
            assertThat(held).as("each dialog's one %s socket is on one node", service).isEqualTo(8);
        }
        assertThat(json.path("figures").has("cpu_ms_per_message_api_2")).isTrue();
        assertThat(json.path("figures").has("cpu_ms_per_message_nginx")).isTrue();

        Matcher started = STARTED.matcher(output);
        List<Long> pids = new java.util.ArrayList<>();
        while (started.find()) {
            pids.add(Long.parseLong(started.group(2)));
        }
        assertThat(pids).as("6 services and nginx were started:\n" + output).hasSize(7);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pids)
                .as("every service process and nginx stopped with the run")
                .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
    }
}
