package io.switchboard.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.RawHttp;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class SiteSocketTest {

    @TestHTTPResource("/")
    URI base;

    private TestSocket open(String pathAndQuery, String origin) {
        return TestSocket.open(base, pathAndQuery, origin == null ? Map.of() : Map.of("Origin", origin));
    }

    private TestSocket refused(String pathAndQuery, String origin) {
        TestSocket s = open(pathAndQuery, origin);
        await().until(s::isClosed);
        assertThat(s.frames()).as("nothing is sent before a refusal").isEmpty();
        return s;
    }

    @Test
    void aSiteSocketFromAnAllowedDomainReceivesTheDialogsEvents() {
        Guest g = Guest.create();
        try (TestSocket exact = open(g.siteSocket(), "https://shop.example.com");
             TestSocket wildcard = open(g.siteSocket(), "https://eu.example.org:8443")) {
            await().until(() -> !exact.ofType("subscribed").isEmpty() && !wildcard.ofType("subscribed").isEmpty());

            TestRedis.messageNew(g.assistantId(), TestDb.message(g.dialogId(), "hello"));

            await().until(() -> exact.messageSeqs(g.dialogId()).equals(List.of(1L))
                    && wildcard.messageSeqs(g.dialogId()).equals(List.of(1L)));
        }
    }

    @Test
    void aTrustedOriginMayUseAnySiteToken() {
        Guest g = Guest.create();
        try (TestSocket s = open(g.siteSocket(), "https://chat.switchboard.test")) {
            await().until(() -> !s.ofType("subscribed").isEmpty());
        }
    }

    @Test
    void aDisallowedOriginIsClosedWith4403NamingTheProblem() {
        Guest g = Guest.create();
        TestSocket evil = refused(g.siteSocket(), "https://evil.example");
        assertThat(evil.closeCode()).isEqualTo(4403);
        assertThat(evil.closeReason()).isEqualTo("origin not allowed for this site token");
        TestSocket bare = refused(g.siteSocket(), "https://example.org");
        assertThat(bare.closeCode()).as("*.example.org does not cover the bare domain").isEqualTo(4403);
        TestSocket none = refused(g.siteSocket(), null);
        assertThat(none.closeCode()).isEqualTo(4403);
        assertThat(none.closeReason()).isEqualTo("Origin header required with a site token");
    }

    @Test
    void unknownAndRevokedSiteTokensAreClosedWith4401() {
        Guest g = Guest.create();
        String revoked = TestDb.siteToken(g.assistantId(), List.of("shop.example.com"), true);
        TestSocket unknown = refused("/ws/site/dialogs/" + g.dialogId() + "?site_token=st_nope&guest_token=" + g.siteGuestToken(),
                "https://shop.example.com");
        assertThat(unknown.closeCode()).isEqualTo(4401);
        assertThat(unknown.closeReason()).isEqualTo("unknown site token");
        TestSocket old = refused("/ws/site/dialogs/" + g.dialogId() + "?site_token=" + revoked + "&guest_token="
                + g.siteGuestToken(), "https://shop.example.com");
        assertThat(old.closeCode()).isEqualTo(4401);
        assertThat(old.closeReason()).isEqualTo("site token revoked (domains_changed)");
    }

    @Test
    void aSiteTokenOfAnotherAssistantAnotherGuestsCredentialOrAMissingDialogAreAllClosedAlikeWith4403() {
        Guest mine = Guest.create();
        Guest other = Guest.create();
        String notYours = "this conversation does not exist or is not yours";
        TestSocket foreignToken = refused("/ws/site/dialogs/" + mine.dialogId() + other.siteQuery(),
                "https://shop.example.com");
        assertThat(foreignToken.closeCode()).isEqualTo(4403);
        assertThat(foreignToken.closeReason()).isEqualTo(notYours);
        TestSocket foreignGuest = refused("/ws/site/dialogs/" + mine.dialogId() + "?site_token=" + mine.siteToken()
                + "&guest_token=" + other.siteGuestToken(), "https://shop.example.com");
        assertThat(foreignGuest.closeCode()).isEqualTo(4403);
        assertThat(foreignGuest.closeReason()).isEqualTo(notYours);
        // The guest id operators may have seen is no credential; nor is the assistant-path credential here.
        for (String token : List.of(mine.guestId(), mine.widgetGuestToken())) {
            TestSocket s = refused("/ws/site/dialogs/" + mine.dialogId() + "?site_token=" + mine.siteToken()
                    + "&guest_token=" + token, "https://shop.example.com");
            assertThat(s.closeCode()).isEqualTo(4403);
            assertThat(s.closeReason()).isEqualTo(notYours);
        }
        TestSocket missing = refused("/ws/site/dialogs/987654321" + mine.siteQuery(), "https://shop.example.com");
        assertThat(missing.closeCode()).isEqualTo(4403);
        assertThat(missing.closeReason()).isEqualTo(notYours);
    }

    @Test
    void siteSseAnswersAllowedOriginsWithCorsHeadersAndOthersWith403Json() throws Exception {
        Guest g = Guest.create();
        String path = "/api/site/dialogs/" + g.dialogId() + "/events" + g.siteQuery();

        RawHttp.Response allowed = RawHttp.get(base, path, Map.of("Origin", "https://shop.example.com"), 12);
        RawHttp.Response denied = RawHttp.get(base, path, Map.of("Origin", "https://evil.example"), 10);

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.com");
        assertThat(allowed.header("X-Accel-Buffering")).isEqualTo("no");
        assertThat(allowed.bodyStart()).contains("retry: 5000");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.bodyStart()).contains("\"error\":\"forbidden\"")
                .contains("origin not allowed for this site token");
    }

    @Test
    void revokingTheWidgetClosesItsGuestsSocketsAndStreamsWith4401AndNothingElse() throws Exception {
        Guest g = Guest.create();
        Guest other = Guest.create();
        long widgetId;
        try (var c = TestDb.connect(); var ps = c.prepareStatement("SELECT id FROM widgets WHERE token_hash = ?")) {
            ps.setString(1, io.switchboard.store.SiteTokens.hash(g.siteToken()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                widgetId = rs.getLong(1);
            }
        }
        TestSocket site = open(g.siteSocket(), "https://shop.example.com");
        io.switchboard.socket.testkit.SseStream sse = Guest.sse(base, "/api/site/dialogs/" + g.dialogId() + "/events"
                + g.siteQuery());
        TestSocket bystander = open(other.siteSocket(), "https://shop.example.com");
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !site.ofType("subscribed").isEmpty()
                && !bystander.ofType("subscribed").isEmpty()
                && sse.lines().stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));

        // What message-api does on DELETE /api/widgets/{id}: revoke the row, then publish the widget's revocation.
        TestDb.execute("UPDATE widgets SET revoked = true, revoked_reason = 'revoked' WHERE id = ?", widgetId);
        TestRedis.publish(TestRedis.CHANNELS.revocations(), new io.switchboard.events.Revocation(
                io.switchboard.events.Revocation.widget(widgetId), 4401, "site token revoked (revoked)").encode());

        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> site.isClosed()
                && sse.lines().stream().anyMatch(l -> l.startsWith(": closed 4401 site token revoked (revoked)")));
        assertThat(site.closeCode()).isEqualTo(4401);
        assertThat(site.closeReason()).isEqualTo("site token revoked (revoked)");
        assertThat(bystander.isClosed()).as("another widget's guest stays connected").isFalse();
        // And the token opens nothing new, at once (the revocation dropped what this node remembered of it).
        TestSocket again = refused(g.siteSocket(), "https://shop.example.com");
        assertThat(again.closeCode()).isEqualTo(4401);
        assertThat(again.closeReason()).isEqualTo("site token revoked (revoked)");
        bystander.close();
        sse.close();
    }
}
