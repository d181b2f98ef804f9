package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.core.DialogFanout;
import io.switchboard.socket.core.OutboundBudget;
import io.switchboard.socket.core.SessionRegistry;
import io.switchboard.socket.testkit.SilentWebSocket;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.socket.ws.WebSocketSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node-wide bound on queued outbound bytes: when clients that stopped reading would make the node
 * buffer more than {@code switchboard.limits.node-outbound-bytes}, the largest queues are closed with 4408
 * naming the last seq they received, and clients that read keep receiving everything.
 */
@QuarkusTest
@TestProfile(AdminOutboundBudgetTest.OneMegabyteBudget.class)
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AdminOutboundBudgetTest {
    private static final int SILENT = 4;
    private static final int BULK_EVENTS = 1_000;
    private static final int EVENT_LOOPS = 2;

    /** 16 MB per client, far beyond socket buffers; a 1 MB node budget and a per-connection frame limit too high to matter: only the node bound can act. */
    public static final class OneMegabyteBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.limits.node-outbound-bytes", "1048576",
                    "switchboard.limits.outbound-queue", "100000",
                    "quarkus.vertx.event-loops-pool-size", String.valueOf(EVENT_LOOPS));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void clientsThatStopReadingAreClosedWith4408WhenTheNodeBudgetIsFullWhileReadersGetEverything() throws Exception {
        Fixture f = Fixture.create();
        List<SilentWebSocket> silent = new ArrayList<>();
        try (TestSocket reader1 = TestSocket.open(base, f.dialogPath());
             TestSocket reader2 = TestSocket.open(base, f.dialogPath())) {
            for (int i = 0; i < SILENT; i++) {
                silent.add(SilentWebSocket.open(base, f.dialogPath()));
            }
            await().until(() -> cursors(f) == SILENT + 2);
            assertThat(Arc.container().instance(SessionRegistry.class).get().sessions())
                    .as("live events are written from the event loop that owns each socket")
                    .filteredOn(s -> s instanceof WebSocketSession)
                    .allMatch(s -> s.liveExecutor() != null);
            assertThat(Arc.container().instance(SessionRegistry.class).get().sessions().stream()
                    .map(s -> s.liveExecutor()).distinct().count())
                    .as("sockets of one event loop share its executor: an event is handed to each loop once")
                    .isBetween(1L, (long) EVENT_LOOPS);
            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "before the stall"));
            await().until(() -> reader1.messageSeqs(f.dialogId()).contains(1L)
                    && reader2.messageSeqs(f.dialogId()).contains(1L));

            String padding = "x".repeat(16_000);
            for (int i = 0; i < BULK_EVENTS; i++) {
                TestRedis.publish(TestRedis.CHANNELS.dialog(f.dialogId()), "{\"type\":\"bulk:test\",\"event_id\":\"budget-"
                        + i + "\",\"dialog_id\":" + f.dialogId() + ",\"padding\":\"" + padding + "\"}");
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> cursors(f) == 2);
            List<SilentWebSocket.Close> closes = new ArrayList<>();
            for (SilentWebSocket s : silent) {
                closes.add(s.readUntilClose());
            }
            assertThat(closes).allSatisfy(c -> {
                assertThat(c.code()).isEqualTo(4408);
                assertThat(c.reason()).contains("last delivered seq 1 of dialog " + f.dialogId());
            });
            assertThat(closes).anySatisfy(c -> assertThat(c.reason()).contains("server send buffer full (1 MB)"));

            await().atMost(Duration.ofSeconds(30)).until(() -> reader1.ofType("bulk:test").size() == BULK_EVENTS
                    && reader2.ofType("bulk:test").size() == BULK_EVENTS);
            assertThat(reader1.isClosed()).as("a client that reads stays connected").isFalse();
            assertThat(reader2.isClosed()).isFalse();
            assertThat(reader1.messageSeqs(f.dialogId())).containsExactly(1L);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Arc.container().instance(OutboundBudget.class).get().queuedBytes() == 0);
        } finally {
            for (SilentWebSocket s : silent) {
                s.close();
            }
        }
    }

    private static int cursors(Fixture f) {
        return Arc.container().instance(DialogFanout.class).get().stream(f.dialogId())
                .filter(s -> s.initialized()).map(s -> s.cursorCount()).orElse(0);
    }
}
