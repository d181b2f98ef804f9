package io.switchboard.widget;

import io.switchboard.socket.testkit.TestDb;
import io.switchboard.store.GuestLabels;
import java.util.List;
import java.util.UUID;

/**
 * An assistant with a site token for shop.example.com and one guest's dialog, with the guest's credentials: one
 * issued on the {@code assistant_id} path, one through the site token (a real guest only ever has the one of the
 * path it came in through; the tests use both on one dialog).
 */
record Guest(long assistantId, String guestId, long dialogId, String siteToken, String widgetGuestToken,
             String siteGuestToken) {

    static Guest create() {
        long assistant = TestDb.assistant();
        String guest = "guest-" + UUID.randomUUID();
        long dialog = TestDb.dialog(assistant, guest);
        String token = TestDb.siteToken(assistant, List.of("shop.example.com", "*.example.org"), false);
        return new Guest(assistant, guest, dialog, token, TestDb.guestToken(assistant, guest, null),
                TestDb.guestToken(assistant, guest, token));
    }

    /** A page on the widget's domain: what a browser sends with the guest's sockets. */
    static final java.util.Map<String, String> PAGE = java.util.Map.of("Origin", "https://shop.example.com");

    /** A widget socket opened from {@link #PAGE}. */
    static io.switchboard.socket.testkit.TestSocket socket(java.net.URI base, String pathAndQuery) {
        return io.switchboard.socket.testkit.TestSocket.open(base, pathAndQuery, PAGE);
    }

    /**
     * A guest SSE stream as the widget frame's {@code EventSource} opens it when the socket service shares its origin:
     * no {@code Origin}, {@code Sec-Fetch-Site: same-origin}.
     */
    static io.switchboard.socket.testkit.SseStream sse(java.net.URI base, String pathAndQuery,
                                                       java.util.Map<String, String> headers) {
        java.util.Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("Sec-Fetch-Site", "same-origin");
        return io.switchboard.socket.testkit.SseStream.open(base, pathAndQuery, h);
    }

    static io.switchboard.socket.testkit.SseStream sse(java.net.URI base, String pathAndQuery) {
        return sse(base, pathAndQuery, java.util.Map.of());
    }

    /** What operators and the {@code connected} frame show for this guest. */
    String label() {
        return GuestLabels.of(guestId);
    }

    String widgetQuery() {
        return "?assistant_id=" + assistantId + "&guest_token=" + widgetGuestToken;
    }

    String siteQuery() {
        return "?site_token=" + siteToken + "&guest_token=" + siteGuestToken;
    }

    String widgetSocket() {
        return "/ws/widget/dialogs/" + dialogId + widgetQuery();
    }

    String siteSocket() {
        return "/ws/site/dialogs/" + dialogId + siteQuery();
    }
}
