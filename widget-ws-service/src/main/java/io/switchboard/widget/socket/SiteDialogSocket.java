package io.switchboard.widget.socket;

import io.quarkus.websockets.next.WebSocket;
import io.switchboard.socket.ws.SocketEndpoint;
import io.switchboard.widget.auth.GuestAuthenticator;
import jakarta.inject.Inject;

/** {@code /ws/site/dialogs/{id}?site_token=&guest_token=}: a site-embed guest's dialog; the page's Origin must be allowed for the token. */
@WebSocket(path = "/ws/site/dialogs/{id}")
public class SiteDialogSocket extends SocketEndpoint {
    @Inject
    SiteDialogSocket(GuestAuthenticator auth) {
        super("site", auth::site);
    }
}
