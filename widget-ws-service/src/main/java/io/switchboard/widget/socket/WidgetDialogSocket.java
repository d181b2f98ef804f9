package io.switchboard.widget.socket;

import io.quarkus.websockets.next.WebSocket;
import io.switchboard.socket.ws.SocketEndpoint;
import io.switchboard.widget.auth.GuestAuthenticator;
import jakarta.inject.Inject;

/** {@code /ws/widget/dialogs/{id}?assistant_id=&guest_token=}: a widget guest's dialog, resumable with {@code ?after_seq=}. */
@WebSocket(path = "/ws/widget/dialogs/{id}")
public class WidgetDialogSocket extends SocketEndpoint {
    /** Endpoint name in logs, metrics and stats. */
    public static final String ENDPOINT = "widget";

    @Inject
    WidgetDialogSocket(GuestAuthenticator auth) {
        super(ENDPOINT, auth::widget);
    }
}
