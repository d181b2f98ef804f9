package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.Revocation;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.socket.testkit.Tokens;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Open operator sockets and SSE streams close when their credential or access is revoked: at once through the
 * revocations channel, and through the periodic recheck when the message never came.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class RevocationTest {

    @TestHTTPResource("/")
    URI base;

    private TestSocket connected(String path) {
        TestSocket s = TestSocket.open(base, path);
        await().atMost(Duration.ofSeconds(5)).until(() -> !s.ofType("connected").isEmpty());
        return s;
    }

    private SseStream streaming(String path) {
        SseStream sse = SseStream.open(base, path);
        assertThat(sse.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> sse.lines().stream().anyMatch(l -> l.contains("connected")));
        return sse;
    }

    private static boolean ended(SseStream sse, String closeLine) {
        return sse.lines().stream().anyMatch(l -> l.startsWith(": closed " + closeLine));
    }

    @Test
    void aPublishedUserRevocationClosesTheUsersSocketsAndStreamsWithItsCodeAndReason() {
        Fixture f = Fixture.create();
        Fixture other = Fixture.create();
        TestSocket ws = connected("/ws?token=" + f.operatorToken());
        TestSocket dialog = connected(f.dialogPath());
        SseStream sse = streaming("/api/events?token=" + f.operatorToken());
        TestSocket bystander = connected("/ws?token=" + other.operatorToken());

        TestRedis.publish(TestRedis.CHANNELS.revocations(),
                new Revocation(Revocation.user(f.operatorId()), 4401, "account deactivated").encode());

        await().atMost(Duration.ofSeconds(5)).until(() -> ws.isClosed() && dialog.isClosed()
                && ended(sse, "4401 account deactivated"));
        assertThat(ws.closeCode()).isEqualTo(4401);
        assertThat(ws.closeReason()).isEqualTo("account deactivated");
        assertThat(dialog.closeCode()).isEqualTo(4401);
        assertThat(bystander.isClosed()).as("another operator's socket stays open").isFalse();
        bystander.close();
        sse.close();
    }

    @Test
    void aRemovedMembershipClosesWith4403AndTheNextConnectionNoLongerSeesThatAssistant() {
        Fixture f = Fixture.create();
        TestSocket ws = connected("/ws?token=" + f.operatorToken());

        TestDb.execute("DELETE FROM assistant_members WHERE assistant_id = ? AND user_id = ?", f.assistantId(),
                f.operatorId());
        TestRedis.publish(TestRedis.CHANNELS.revocations(), new Revocation(Revocation.member(f.assistantId(),
                f.operatorId()), 4403, "removed from assistant " + f.assistantId()).encode());

        await().atMost(Duration.ofSeconds(5)).until(ws::isClosed);
        assertThat(ws.closeCode()).isEqualTo(4403);
        // One reason, whether the message or the 1 s recheck (which sees the row gone) closed it first.
        assertThat(ws.closeReason()).isEqualTo("removed from assistant " + f.assistantId());
        TestSocket again = TestSocket.open(base, f.dialogPath());
        await().atMost(Duration.ofSeconds(5)).until(again::isClosed);
        assertThat(again.closeCode()).as("the membership cache was dropped with the revocation").isEqualTo(4403);
    }

    @Test
    void aRevocationWhoseMessageWasLostIsCaughtByTheRecheckAndTheCredentialOpensNothingNew() {
        Fixture f = Fixture.create();
        TestSocket ws = connected("/ws?token=" + f.operatorToken());
        SseStream sse = streaming("/api/dialogs/" + f.dialogId() + "/events?token=" + f.operatorToken());

        // Deactivated in PostgreSQL, but no message on the channel (as when Redis was down).
        TestDb.execute("UPDATE users SET active = FALSE WHERE id = ?", f.operatorId());

        await().atMost(Duration.ofSeconds(5)).until(() -> ws.isClosed() && ended(sse, "4401"));
        assertThat(ws.closeCode()).isEqualTo(4401);
        assertThat(ws.closeReason()).isEqualTo("account deactivated");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TestSocket again = TestSocket.open(base, "/ws?token=" + f.operatorToken());
            await().until(again::isClosed);
            assertThat(again.closeCode()).isEqualTo(4401);
        });
        sse.close();
    }

    @Test
    void anOlderTokenVersionIsRefusedAndAnAssistantTokenClosesWhenRotated() {
        Fixture f = Fixture.create();
        TestDb.execute("UPDATE users SET token_version = 2 WHERE id = ?", f.operatorId());
        TestSocket old = TestSocket.open(base, "/ws?token=" + f.operatorToken());
        await().atMost(Duration.ofSeconds(5)).until(old::isClosed);
        assertThat(old.closeCode()).isEqualTo(4401);
        assertThat(old.closeReason()).contains("signed out");

        TestSocket bot = connected("/ws/dialogs/" + f.dialogId() + "?token=" + Tokens.assistant(f.assistantId()));
        TestDb.execute("UPDATE assistants SET token_version = token_version + 1 WHERE id = ?", f.assistantId());
        TestRedis.publish(TestRedis.CHANNELS.revocations(), new Revocation(Revocation.assistantToken(f.assistantId()),
                4401, "assistant token rotated").encode());
        await().atMost(Duration.ofSeconds(5)).until(bot::isClosed);
        assertThat(bot.closeCode()).isEqualTo(4401);
        // The 1 s recheck may see the new version before the message arrives; it cannot tell a rotation from a
        // revocation, so it names both.
        assertThat(bot.closeReason()).isIn("assistant token rotated", "assistant token rotated or revoked");
    }
}
