package io.switchboard.api.webhook;

import java.util.List;

/** The event kinds an endpoint can subscribe to; each delivery names its kind in {@code X-Switchboard-Event}. */
public final class WebhookKinds {
    /** A guest wrote a message ({@code message:new} with {@code sender: user}). */
    public static final String GUEST_MESSAGE = "guest.message";
    /** A guest's dialog appeared ({@code dialog:new}). */
    public static final String DIALOG_OPENED = "dialog.opened";
    /** The dialog now waits for a human ({@code dialog:update}, status {@code waiting_operator}). */
    public static final String HANDOFF_REQUESTED = "handoff.requested";
    /** An operator took the dialog ({@code dialog:update}, status {@code operator}). */
    public static final String OPERATOR_TOOK_OVER = "operator.took_over";
    /** The dialog went back to the assistant ({@code dialog:update}, status {@code bot}). */
    public static final String OPERATOR_RELEASED = "operator.released";
    /** The dialog was closed ({@code dialog:update}, status {@code closed}). */
    public static final String DIALOG_CLOSED = "dialog.closed";

    public static final List<String> ALL = List.of(GUEST_MESSAGE, DIALOG_OPENED, HANDOFF_REQUESTED,
            OPERATOR_TOOK_OVER, OPERATOR_RELEASED, DIALOG_CLOSED);

    private WebhookKinds() {
    }
}
