package io.switchboard.widget;

import io.switchboard.socket.testkit.TestDb;
import java.util.List;
import java.util.UUID;

/** An assistant with a site token for shop.example.com and one guest's dialog. */
record Guest(long assistantId, String guestId, long dialogId, String siteToken) {

    static Guest create() {
        long assistant = TestDb.assistant();
        String guest = "guest-" + UUID.randomUUID();
        long dialog = TestDb.dialog(assistant, guest);
        String token = TestDb.siteToken(assistant, List.of("shop.example.com", "*.example.org"), false);
        return new Guest(assistant, guest, dialog, token);
    }

    String widgetQuery() {
        return "?assistant_id=" + assistantId + "&guest_id=" + guestId;
    }

    String siteQuery() {
        return "?site_token=" + siteToken + "&guest_id=" + guestId;
    }

    String widgetSocket() {
        return "/ws/widget/dialogs/" + dialogId + widgetQuery();
    }

    String siteSocket() {
        return "/ws/site/dialogs/" + dialogId + siteQuery();
    }
}
