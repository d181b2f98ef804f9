package io.switchboard.widget.socket;

import io.quarkus.websockets.next.WebSocket;
import io.switchboard.socket.ws.SocketEndpoint;
import io.switchboard.widget.auth.GuestAuthenticator;
import jakarta.inject.Inject;

/** {@code /ws/widget/dialogs/{id}?assistant_id=&guest_token=}: a widget guest's dialog, resumable with {@code ?after_seq=}. */
@WebSocket(path = "/ws/widget/dialogs/{id}")
public class WidgetDialogSocket extends SocketEndpoint {
    @Inject
    WidgetDialogSocket(GuestAuthenticator auth) {
        super("widget", auth::widget);
    }
}
