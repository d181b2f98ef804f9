package io.switchboard.admin.socket;

import io.quarkus.websockets.next.WebSocket;
import io.switchboard.socket.ws.SocketEndpoint;
import io.switchboard.admin.auth.OperatorAuthenticator;
import jakarta.inject.Inject;

/** {@code /ws}: an operator's user-level socket (dialog list, notifications, dialogs subscribed by frame). */
@WebSocket(path = "/ws")
public class AdminUserSocket extends SocketEndpoint {
    /** Endpoint name in logs, metrics and stats. */
    public static final String ENDPOINT = "admin-user";

    @Inject
    AdminUserSocket(OperatorAuthenticator auth) {
        super(ENDPOINT, auth::userLevel);
    }
}
