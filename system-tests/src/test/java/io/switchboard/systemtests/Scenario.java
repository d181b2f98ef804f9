package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;

import io.switchboard.launcher.LocalSystem;
import java.util.UUID;

/** A fresh assistant with one operator and one guest dialog on the shared system. */
final class Scenario {
    final LocalSystem system;
    final Api api;
    final String adminToken;
    final long assistantId;
    final Api.Operator operator;
    final String guestId;
    final long dialogId;

    Scenario(String name) {
        this(SharedSystem.get(), name);
    }

    /** A fresh assistant, operator and guest dialog on {@code system}. */
    Scenario(LocalSystem system, String name) {
        this.system = system;
        api = new Api(system.url(MESSAGE_API));
        adminToken = api.adminToken();
        assistantId = api.createAssistant(adminToken, name + " " + UUID.randomUUID());
        operator = api.operatorOf(adminToken, assistantId);
        guestId = "guest-" + UUID.randomUUID();
        dialogId = api.guestDialog(assistantId, guestId).get("id").asLong();
    }

    String adminWs() {
        return system.url(ADMIN_WS).replace("http://", "ws://");
    }

    String widgetWs() {
        return system.url(WIDGET_WS).replace("http://", "ws://");
    }

    String widgetHttp() {
        return system.url(WIDGET_WS);
    }

    String adminHttp() {
        return system.url(ADMIN_WS);
    }

    String guestQuery() {
        return Api.guestQuery(assistantId, guestId);
    }

    /** The dialog's newest seq as PostgreSQL has it (system messages of handoffs included). */
    long lastSeq() {
        return api.call("GET", "/api/dialogs/" + dialogId, operator.token(), null).ok().path("last_seq").asLong();
    }

    /** The same assistant's dialog of another, new guest. */
    long anotherGuestsDialog(String guest) {
        return api.guestDialog(assistantId, guest).get("id").asLong();
    }

    /** The operator's socket on this dialog, authenticated with a one-time ticket. */
    WsProbe operatorDialogSocket(long afterSeq) {
        return WsProbe.open(adminWs() + "/ws/dialogs/" + dialogId + "?after_seq=" + afterSeq + "&ticket="
                + api.ticket(operator.token()));
    }

    WsProbe widgetSocket(long afterSeq) {
        return WsProbe.open(widgetWs() + "/ws/widget/dialogs/" + dialogId + "?" + guestQuery() + "&after_seq=" + afterSeq);
    }

    SseProbe widgetSse() {
        return SseProbe.open(widgetHttp() + "/api/widget/dialogs/" + dialogId + "/events?" + guestQuery());
    }

    long guestPost(String text) {
        return api.guestPost(dialogId, assistantId, guestId, text).get("seq").asLong();
    }
}
