package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every refusal is a close code with a readable reason, never a bare 1006. */
class CloseCodesIT {

    private static void assertClosed(WsProbe probe, int code, String reasonFragment) {
        await().atMost(Duration.ofSeconds(10)).until(probe::isClosed);
        assertThat(probe.closeCodeNow()).as("close code, reason: %s", probe.closeReason).isEqualTo(code);
        assertThat(probe.closeReason).containsIgnoringCase(reasonFragment);
        assertThat(probe.ofType("message:new")).isEmpty();
    }

    @Test
    void aForgedTokenIsClosedWith4401() {
        Scenario s = new Scenario("close-4401");
        String forged = s.operator.token().substring(0, s.operator.token().length() - 4) + "AAAA";
        try (WsProbe p = WsProbe.open(s.adminWs() + "/ws/dialogs/" + s.dialogId + "?token=" + forged)) {
            assertClosed(p, 4401, "token");
        }
    }

    @Test
    void aReusedTicketIsClosedWith4401() {
        Scenario s = new Scenario("close-ticket");
        String ticket = s.api.ticket(s.operator.token());
        try (WsProbe first = WsProbe.open(s.adminWs() + "/ws/dialogs/" + s.dialogId + "?ticket=" + ticket)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !first.ofType("subscribed").isEmpty());
            try (WsProbe second = WsProbe.open(s.adminWs() + "/ws/dialogs/" + s.dialogId + "?ticket=" + ticket)) {
                assertClosed(second, 4401, "ticket");
            }
        }
    }

    @Test
    void anotherAssistantsDialogAndAnotherGuestsDialogAreClosedWith4403() {
        Scenario s = new Scenario("close-4403");
        Scenario other = new Scenario("close-4403-other");
        try (WsProbe operator = WsProbe.open(s.adminWs() + "/ws/dialogs/" + other.dialogId + "?token=" + s.operator.token());
             WsProbe guest = WsProbe.open(s.widgetWs() + "/ws/widget/dialogs/" + other.dialogId + "?" + s.guestQuery())) {
            assertClosed(operator, 4403, "");
            assertClosed(guest, 4403, "");
        }
    }

    @Test
    void anUnknownDialogIsClosedWith4404() {
        Scenario s = new Scenario("close-4404");
        try (WsProbe p = WsProbe.open(s.adminWs() + "/ws/dialogs/999999999?token=" + s.operator.token())) {
            assertClosed(p, 4404, "dialog");
        }
    }

    @Test
    void aMalformedFrameGetsAnErrorFrameThen4400() {
        Scenario s = new Scenario("close-4400");
        try (WsProbe p = s.widgetSocket(0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !p.ofType("subscribed").isEmpty());
            p.send("{this is not json");
            assertClosed(p, 4400, "json");
            assertThat(p.ofType("error")).hasSize(1);
        }
    }
}
