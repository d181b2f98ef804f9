package io.switchboard.admin.socket;

import io.quarkus.websockets.next.WebSocket;
import io.switchboard.socket.ws.SocketEndpoint;
import io.switchboard.admin.auth.OperatorAuthenticator;
import jakarta.inject.Inject;

/** {@code /ws}: an operator's user-level socket (dialog list, notifications, dialogs subscribed by frame). */
@WebSocket(path = "/ws")
public class AdminUserSocket extends SocketEndpoint {
    @Inject
    AdminUserSocket(OperatorAuthenticator auth) {
        super("admin-user", auth::userLevel);
    }
}
