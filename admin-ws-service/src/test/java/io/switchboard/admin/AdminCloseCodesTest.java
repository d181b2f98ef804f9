package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.SilentWebSocket;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.socket.testkit.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AdminCloseCodesTest {

    @TestHTTPResource("/")
    URI base;

    private TestSocket refused(String pathAndQuery) {
        return refused(pathAndQuery, Map.of());
    }

    private TestSocket refused(String pathAndQuery, Map<String, String> headers) {
        TestSocket s = TestSocket.open(base, pathAndQuery, headers);
        await().until(s::isClosed);
        assertThat(s.frames()).as("nothing is sent before a refusal").isEmpty();
        return s;
    }

    @Test
    void aBadTokenIsClosedWith4401AndAReadableReason() {
        Fixture f = Fixture.create();
        TestSocket s = refused("/ws/dialogs/" + f.dialogId() + "?token=not-a-jwt");
        assertThat(s.closeCode()).isEqualTo(4401);
        assertThat(s.closeReason()).isEqualTo("invalid token");
    }

    @Test
    void anExpiredTokenIsClosedWith4401() {
        Fixture f = Fixture.create();
        TestSocket s = refused("/ws?token=" + Tokens.expired(f.operatorId(), "operator"));
        assertThat(s.closeCode()).isEqualTo(4401);
        assertThat(s.closeReason()).isEqualTo("token expired");
    }

    @Test
    void aTokenFromAnotherIssuerOrNoCredentialAtAllIsClosedWith4401() {
        Fixture f = Fixture.create();
        assertThat(refused("/ws?token=" + Tokens.wrongIssuer(f.operatorId())).closeCode()).isEqualTo(4401);
        TestSocket none = refused("/ws");
        assertThat(none.closeCode()).isEqualTo(4401);
        assertThat(none.closeReason()).contains("?token=").contains("?ticket=");
    }

    @Test
    void forgedUnsignedAndRolelessTokensAreClosedWith4401() {
        Fixture f = Fixture.create();
        TestSocket forged = refused("/ws?token=" + Tokens.forged(f.operatorId()));
        assertThat(forged.closeCode()).isEqualTo(4401);
        assertThat(forged.closeReason()).isEqualTo("invalid token");
        assertThat(refused("/ws?token=" + Tokens.unsigned(f.operatorId())).closeCode()).isEqualTo(4401);
        TestSocket roleless = refused("/ws?token=" + Tokens.withRole(f.operatorId(), "guest"));
        assertThat(roleless.closeCode()).isEqualTo(4401);
        assertThat(roleless.closeReason()).isEqualTo("token has no switchboard role");
    }

    @Test
    void anAssistantServiceTokenOpensOnlyItsOwnAssistantsDialogs() {
        Fixture mine = Fixture.create();
        Fixture other = Fixture.create();
        String token = Tokens.assistant(mine.assistantId());
        try (TestSocket own = TestSocket.open(base, "/ws/dialogs/" + mine.dialogId() + "?token=" + token)) {
            await().until(() -> !own.ofType("subscribed").isEmpty());
            assertThat(own.ofType("connected").get(0).path("identity").asText())
                    .isEqualTo("assistant:" + mine.assistantId());
        }
        assertThat(refused("/ws/dialogs/" + other.dialogId() + "?token=" + token).closeCode()).isEqualTo(4403);
    }

    @Test
    void theConsoleLogFilterMasksCredentialsInLinesOfOtherLibrariesToo() {
        java.util.logging.Filter filter = maskingFilter(Logger.getLogger("").getHandlers());
        assertThat(filter).as("the console handler has a filter").isNotNull();
        ExtLogRecord record = new ExtLogRecord(java.util.logging.Level.FINE, "GET %s", ExtLogRecord.FormatStyle.PRINTF,
                "io.vertx.core.http");
        record.setParameters(new Object[] {"/ws/dialogs/1?token=eyJsecret.part&after_seq=3"});

        filter.isLoggable(record);

        assertThat(record.getFormattedMessage()).isEqualTo("GET /ws/dialogs/1?token=***&after_seq=3");
    }

    private static java.util.logging.Filter maskingFilter(Handler[] handlers) {
        for (Handler h : handlers) {
            if (h instanceof org.jboss.logmanager.handlers.ConsoleHandler && h.getFilter() != null) {
                return h.getFilter();
            }
            if (h instanceof org.jboss.logmanager.ExtHandler ext) {
                java.util.logging.Filter nested = maskingFilter(ext.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    @Test
    void anOperatorOpeningAnotherAssistantsDialogIsClosedWith4403() {
        Fixture mine = Fixture.create();
        Fixture other = Fixture.create();
        TestSocket s = refused("/ws/dialogs/" + other.dialogId() + "?token=" + mine.operatorToken());
        assertThat(s.closeCode()).isEqualTo(4403);
        assertThat(s.closeReason()).isEqualTo("dialog " + other.dialogId() + " is not one of your assistants' dialogs");
    }

    @Test
    void anAdminMayOpenAnyDialog() {
        Fixture f = Fixture.create();
        long admin = TestDb.user("admin");
        try (TestSocket s = TestSocket.open(base, "/ws/dialogs/" + f.dialogId() + "?token=" + Tokens.user(admin, "admin"))) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
        }
    }

    @Test
    void aDisallowedOriginIsClosedWith4403() {
        Fixture f = Fixture.create();
        TestSocket s = refused("/ws?token=" + f.operatorToken(), Map.of("Origin", "https://evil.example"));
        assertThat(s.closeCode()).isEqualTo(4403);
        assertThat(s.closeReason()).isEqualTo("origin not allowed for operator endpoints");
    }

    @Test
    void anUnknownDialogIsClosedWith4404() {
        Fixture f = Fixture.create();
        TestSocket s = refused("/ws/dialogs/987654321?token=" + f.operatorToken());
        assertThat(s.closeCode()).isEqualTo(4404);
        assertThat(s.closeReason()).isEqualTo("dialog 987654321 not found");
    }

    @Test
    void aMalformedFrameGetsAnErrorFrameThenIsClosedWith4400() {
        Fixture f = Fixture.create();
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());

            s.send("{\"type\":\"subscribe\"}");

            await().until(s::isClosed);
            assertThat(s.ofType("error")).hasSize(1);
            assertThat(s.ofType("error").get(0).path("message").asText()).isEqualTo("subscribe frame needs a numeric \"dialog_id\"");
            assertThat(s.closeCode()).isEqualTo(4400);
            assertThat(s.closeReason()).startsWith("malformed frame: subscribe frame needs");
        }
    }

    @Test
    void aFrameFloodIsClosedWith4429() {
        Fixture f = Fixture.create();
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("connected").isEmpty());

            for (int i = 0; i < 200; i++) {
                s.send("{\"type\":\"ping\"}");
            }

            await().until(s::isClosed);
            assertThat(s.closeCode()).isEqualTo(4429);
            assertThat(s.closeReason()).isEqualTo("too many frames: limit 20 per second");
        }
    }

    @Test
    void aConsumerThatStopsReadingIsClosedWith4408NamingTheLastSeqItReceived() throws Exception {
        Fixture f = Fixture.create();
        try (SilentWebSocket silent = SilentWebSocket.open(base, f.dialogPath())) {
            await().until(() -> subscribedDialogsInclude(f));
            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "before the stall"));
            String padding = "x".repeat(16_000);
            for (int i = 0; i < 1_000; i++) {
                TestRedis.publish(TestRedis.CHANNELS.dialog(f.dialogId()), "{\"type\":\"bulk:test\",\"event_id\":\"b" + i
                        + "\",\"dialog_id\":" + f.dialogId() + ",\"padding\":\"" + padding + "\"}");
            }

            await().until(() -> io.quarkus.arc.Arc.container().instance(io.switchboard.socket.core.SessionRegistry.class)
                    .get().sessions().stream().noneMatch(x -> Long.valueOf(f.dialogId()).equals(x.admission().dialogId())));
            SilentWebSocket.Close close = silent.readUntilClose();

            assertThat(close.code()).isEqualTo(4408);
            assertThat(close.reason()).contains("slow consumer").contains("last delivered seq 1 of dialog " + f.dialogId());
        }
    }

    private boolean subscribedDialogsInclude(Fixture f) {
        return io.quarkus.arc.Arc.container().instance(io.switchboard.socket.core.DialogFanout.class).get()
                .stream(f.dialogId()).map(s -> s.initialized() && s.cursorCount() > 0).orElse(false);
    }

    @Test
    void aTokenThatExpiresWhileTheSocketIsOpenClosesItWith4401() {
        Fixture f = Fixture.create();
        String shortLived = Tokens.user(f.operatorId(), "operator", Instant.now().plusSeconds(2));
        try (TestSocket s = TestSocket.open(base, "/ws/dialogs/" + f.dialogId() + "?token=" + shortLived)) {
            await().until(() -> !s.ofType("subscribed").isEmpty());

            await().atMost(Duration.ofSeconds(6)).until(s::isClosed);

            assertThat(s.closeCode()).isEqualTo(4401);
            assertThat(s.closeReason()).startsWith("token expired");
        }
    }

    @Test
    void aTokenThatLetAnEarlierSocketInIsRefusedWith4401OnceItExpired() {
        Fixture f = Fixture.create();
        String shortLived = Tokens.user(f.operatorId(), "operator", Instant.now().plusSeconds(2));
        String path = "/ws/dialogs/" + f.dialogId() + "?after_seq=0&token=" + shortLived;
        try (TestSocket first = TestSocket.open(base, path)) {
            await().until(() -> !first.ofType("subscribed").isEmpty());
            await().atMost(Duration.ofSeconds(6)).until(first::isClosed);
        }

        TestSocket again = refused(path);

        assertThat(again.closeCode()).isEqualTo(4401);
        assertThat(again.closeReason()).isEqualTo("token expired");
    }

    @Test
    void aForgedTokenIsRefusedEvenRightAfterAGenuineOneOfTheSameUserWasAccepted() {
        Fixture f = Fixture.create();
        try (TestSocket genuine = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !genuine.ofType("subscribed").isEmpty());

            TestSocket forged = refused("/ws/dialogs/" + f.dialogId() + "?token=" + Tokens.forged(f.operatorId()));
            TestSocket tampered = refused("/ws/dialogs/" + f.dialogId() + "?token=" + f.operatorToken() + "x");

            assertThat(forged.closeCode()).isEqualTo(4401);
            assertThat(tampered.closeCode()).isEqualTo(4401);
            assertThat(genuine.isClosed()).isFalse();
        }
    }

    @Test
    void connectionLogLinesNeverContainTheCredential() {
        Fixture f = Fixture.create();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            try (TestSocket ok = TestSocket.open(base, f.dialogPath())) {
                await().until(() -> !ok.ofType("subscribed").isEmpty());
            }
            refused("/ws/dialogs/" + f.dialogId() + "?token=" + f.operatorToken() + "x");
            await().until(() -> lines.stream().filter(l -> l.startsWith("connection ")).count() >= 5);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(lines).filteredOn(l -> l.startsWith("connection ")).isNotEmpty()
                .allSatisfy(l -> assertThat(l).doesNotContain(f.operatorToken().substring(20)));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("token=***"));
    }

    @Test
    void unsequencedEventsOfUnknownTypesReachTheDialogSocketToo() {
        Fixture f = Fixture.create();
        try (TestSocket s = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
            TestRedis.publish(Envelope.typing(f.dialogId(), "user", "guest", true), TestRedis.CHANNELS.dialog(f.dialogId()));
            await().until(() -> !s.ofType(EventType.TYPING).isEmpty());
        }
    }
}
