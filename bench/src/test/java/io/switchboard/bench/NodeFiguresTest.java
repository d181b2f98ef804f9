package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code --nodes} reads from nginx's access log and from message-api's metrics. */
class NodeFiguresTest {

    @Test
    void eachSocketTunnelIsCountedForTheNodeNginxGaveItTo() {
        String log = """
                127.0.0.1 [06/Dec/2026:19:40:01 +0000] "GET /ws/dialogs/17 HTTP/1.1" 101 5120 12.003 upstream=127.0.0.1:41001 upstream_status=101 upstream_time=12.001 "Java"
                127.0.0.1 [06/Dec/2026:19:40:01 +0000] "GET /ws/dialogs/17 HTTP/1.1" 101 5120 12.003 upstream=127.0.0.1:41002 upstream_status=101 upstream_time=12.001 "Java"
                127.0.0.1 [06/Dec/2026:19:40:01 +0000] "GET /ws/dialogs/18 HTTP/1.1" 101 5120 12.003 upstream=127.0.0.1:41001 upstream_status=101 upstream_time=12.001 "Java"
                127.0.0.1 [06/Dec/2026:19:40:01 +0000] "GET /ws/widget/dialogs/18 HTTP/1.1" 101 900 12.0 upstream=127.0.0.1:42002 upstream_status=101 upstream_time=12.0 "Java"
                127.0.0.1 [06/Dec/2026:19:40:01 +0000] "GET /ws/dialogs/19 HTTP/1.1" 403 90 0.004 upstream=127.0.0.1:41002 upstream_status=403 upstream_time=0.004 "Java"
                127.0.0.1 [06/Dec/2026:19:40:01 +0000] "POST /api/widget/dialogs/18/messages HTTP/1.1" 201 300 0.002 upstream=127.0.0.1:40001 upstream_status=201 upstream_time=0.002 "Java"
                """;

        Map<Integer, Set<Long>> byPort = NodeFigures.dialogsByUpstreamPort(log);

        assertThat(byPort).containsOnlyKeys(41001, 41002, 42002);
        assertThat(byPort.get(41001)).containsExactly(17L, 18L);
        assertThat(byPort.get(41002)).as("a refused socket holds no dialog").containsExactly(17L);
        assertThat(byPort.get(42002)).containsExactly(18L);
    }

    @Test
    void storedMessagesAreSummedOverSenders() {
        String metrics = """
                # HELP switchboard_messages_posted_total
                # TYPE switchboard_messages_posted_total counter
                switchboard_messages_posted_total{sender="guest"} 1200.0
                switchboard_messages_posted_total{sender="operator"} 34.0
                switchboard_messages_repeated_total{sender="guest"} 5.0
                """;

        assertThat(NodeFigures.postedCount(metrics)).isEqualTo(1234);
        assertThat(NodeFigures.postedCount("")).isZero();
    }
}
