package io.switchboard.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.SseStream;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.store.StoreWrites;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class WidgetSocketTest {

    @TestHTTPResource("/")
    URI base;

    private TestSocket refused(String pathAndQuery) {
        TestSocket s = Guest.socket(base, pathAndQuery);
        await().until(s::isClosed);
        assertThat(s.frames()).as("nothing is sent before a refusal").isEmpty();
        return s;
    }

    @Test
    void anEventOnTheDialogChannelReachesTheWidgetSocketAndTheWidgetSse() {
        Guest g = Guest.create();
        try (TestSocket socket = Guest.socket(base, g.widgetSocket());
             SseStream sse = Guest.sse(base, "/api/widget/dialogs/" + g.dialogId() + "/events" + g.widgetQuery())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty()
                    && sse.lines().stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

            TestRedis.messageNew(g.assistantId(), TestDb.message(g.dialogId(), "hi from the operator"));

            await().until(() -> socket.messageSeqs(g.dialogId()).equals(List.of(1L))
                    && sse.messageSeqs(g.dialogId()).equals(List.of(1L)));
            assertThat(socket.ofType("connected").get(0).path("identity").asText()).isEqualTo("guest:" + g.label());
            assertThat(sse.events().get(0).json().path("message").path("text").asText()).isEqualTo("hi from the operator");
        }
    }

    @Test
    void aGuestResumingWithAfterSeqGetsExactlyWhatItMissed() {
        Guest g = Guest.create();
        for (int i = 1; i <= 4; i++) {
            TestDb.message(g.dialogId(), "m" + i);
        }
        try (TestSocket socket = Guest.socket(base, g.widgetSocket() + "&after_seq=2")) {
            await().until(() -> socket.messageSeqs(g.dialogId()).size() == 2);
            TestRedis.messageNew(g.assistantId(), TestDb.message(g.dialogId(), "m5"));
            await().until(() -> socket.messageSeqs(g.dialogId()).size() == 3);
            assertThat(socket.messageSeqs(g.dialogId())).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void anotherGuestsDialogIsClosedWith4403() {
        Guest mine = Guest.create();
        Guest other = Guest.create();
        TestSocket s = refused("/ws/widget/dialogs/" + other.dialogId() + mine.widgetQuery());
        assertThat(s.closeCode()).isEqualTo(4403);
        assertThat(s.closeReason()).isEqualTo("this conversation does not exist or is not yours");
    }

    @Test
    void theRightGuestWithTheWrongAssistantIsClosedWith4403() {
        Guest g = Guest.create();
        TestSocket s = refused("/ws/widget/dialogs/" + g.dialogId() + "?assistant_id=" + (g.assistantId() + 1000)
                + "&guest_token=" + g.widgetGuestToken());
        assertThat(s.closeCode()).isEqualTo(4403);
        // The guest id is no credential, and a site guest's credential is not one on the assistant path.
        for (String token : List.of(g.guestId(), g.siteGuestToken())) {
            TestSocket t = refused("/ws/widget/dialogs/" + g.dialogId() + "?assistant_id=" + g.assistantId()
                    + "&guest_token=" + token);
            assertThat(t.closeCode()).isEqualTo(4403);
            assertThat(t.closeReason()).isEqualTo("this conversation does not exist or is not yours");
        }
    }

    @Test
    void anUnknownDialogIsClosedLikeAnotherGuestsWith4403AndMissingCredentialsWith4401() {
        Guest g = Guest.create();
        TestSocket unknown = refused("/ws/widget/dialogs/987654321" + g.widgetQuery());
        assertThat(unknown.closeCode()).isEqualTo(4403);
        assertThat(unknown.closeReason()).isEqualTo("this conversation does not exist or is not yours");
        TestSocket anonymous = refused("/ws/widget/dialogs/" + g.dialogId() + "?assistant_id=" + g.assistantId());
        assertThat(anonymous.closeCode()).isEqualTo(4401);
    }

    @Test
    void tooManyConnectionsOfOneGuestAreClosedWith4429() {
        Guest g = Guest.create();
        List<TestSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TestSocket s = Guest.socket(base, g.widgetSocket());
                open.add(s);
                await().until(() -> !s.ofType("connected").isEmpty());
            }
            TestSocket fourth = refused(g.widgetSocket());
            assertThat(fourth.closeCode()).isEqualTo(4429);
            assertThat(fourth.closeReason()).isEqualTo("too many connections for this guest (limit 3)");
        } finally {
            open.forEach(TestSocket::close);
        }
        await().untilAsserted(() -> {
            try (TestSocket again = Guest.socket(base, g.widgetSocket())) {
                await().until(() -> !again.ofType("connected").isEmpty() || again.isClosed());
                assertThat(again.isClosed()).as("a slot is free again once the others closed").isFalse();
            }
        });
    }

    @Test
    void aGuestsTypingReachesTheDialogAndItsReadFrameStoresTheGuestWatermark() {
        Guest g = Guest.create();
        TestDb.message(g.dialogId(), "a");
        try (TestSocket guest = Guest.socket(base, g.widgetSocket());
             TestSocket otherTab = Guest.socket(base, g.widgetSocket())) {
            await().until(() -> !guest.ofType("subscribed").isEmpty() && !otherTab.ofType("subscribed").isEmpty());

            guest.send("{\"type\":\"typing\",\"dialog_id\":" + g.dialogId() + ",\"state\":true}");
            guest.send("{\"type\":\"read\",\"dialog_id\":" + g.dialogId() + ",\"seq\":1}");

            await().until(() -> !otherTab.ofType("typing").isEmpty() && !otherTab.ofType("read").isEmpty());
            assertThat(otherTab.ofType("typing").get(0).path("who").asText()).isEqualTo("user");
            assertThat(otherTab.ofType("read").get(0).path("reader").asText()).isEqualTo("guest");
            assertThat(TestDb.lastReadSeq(g.dialogId(), StoreWrites.GUEST_READER)).isEqualTo(1);
        }
    }

    @Test
    void aGuestCannotSubscribeToAnotherDialogByFrame() {
        Guest mine = Guest.create();
        Guest other = Guest.create();
        try (TestSocket s = Guest.socket(base, mine.widgetSocket())) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
            s.send("{\"type\":\"subscribe\",\"dialog_id\":" + other.dialogId() + "}");
            await().until(() -> !s.ofType("error").isEmpty());
            assertThat(s.ofType("error").get(0).path("code").asText()).isEqualTo("forbidden");
            // A dialog that does not exist gets the very same answer.
            s.send("{\"type\":\"subscribe\",\"dialog_id\":987654321}");
            await().until(() -> s.ofType("error").size() == 2);
            assertThat(s.ofType("error").get(1).path("code").asText()).isEqualTo("forbidden");
            assertThat(s.ofType("error").get(1).path("message").asText())
                    .isEqualTo(s.ofType("error").get(0).path("message").asText());
            assertThat(s.ofType("subscribed")).hasSize(1);
        }
    }

    @Test
    void theAssistantIdPathIsBoundToTheAssistantsWidgetDomains() throws Exception {
        Guest g = Guest.create();
        TestSocket evil = TestSocket.open(base, g.widgetSocket(), java.util.Map.of("Origin", "https://evil.example"));
        await().until(evil::isClosed);
        assertThat(evil.closeCode()).isEqualTo(4403);
        assertThat(evil.closeReason()).isEqualTo("origin not allowed for this assistant's widgets");
        TestSocket none = TestSocket.open(base, g.widgetSocket());
        await().until(none::isClosed);
        assertThat(none.closeCode()).isEqualTo(4403);
        assertThat(none.closeReason()).isEqualTo("Origin header required with an assistant_id");
        // Switchboard's own pages (trusted origins) and the widget's domains are let in.
        for (String origin : List.of("https://chat.switchboard.test", "https://blog.example.org")) {
            try (TestSocket ok = TestSocket.open(base, g.widgetSocket(), java.util.Map.of("Origin", origin))) {
                await().until(() -> !ok.ofType("subscribed").isEmpty());
            }
        }
        String sse = "/api/widget/dialogs/" + g.dialogId() + "/events" + g.widgetQuery();
        io.switchboard.socket.testkit.RawHttp.Response denied = io.switchboard.socket.testkit.RawHttp.get(base, sse,
                java.util.Map.of("Origin", "https://evil.example"), 10);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Access-Control-Allow-Origin")).isNull();
        // A widget the assistant no longer has (revoked) binds nothing: its domains stop counting.
        Guest revoked = Guest.create();
        try (var c = TestDb.connect(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE widgets SET revoked = true, revoked_reason = 'revoked' WHERE assistant_id = "
                    + revoked.assistantId());
        }
        await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
            TestSocket gone = TestSocket.open(base, revoked.widgetSocket(), Guest.PAGE);
            await().until(gone::isClosed);
            assertThat(gone.closeCode()).isEqualTo(4403);
        });
    }
}
