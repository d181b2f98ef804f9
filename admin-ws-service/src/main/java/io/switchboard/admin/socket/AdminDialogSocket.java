package io.switchboard.admin.socket;

import io.quarkus.websockets.next.WebSocket;
import io.switchboard.socket.ws.SocketEndpoint;
import io.switchboard.admin.auth.OperatorAuthenticator;
import jakarta.inject.Inject;

/** {@code /ws/dialogs/{id}}: one dialog for an operator, resumable with {@code ?after_seq=}. */
@WebSocket(path = "/ws/dialogs/{id}")
public class AdminDialogSocket extends SocketEndpoint {
    @Inject
    AdminDialogSocket(OperatorAuthenticator auth) {
        super("admin-dialog", auth::dialogLevel);
    }
}
