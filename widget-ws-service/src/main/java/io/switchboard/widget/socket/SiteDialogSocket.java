package io.switchboard.widget.socket;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.switchboard.socket.ws.WebSocketSupport;
import io.switchboard.widget.auth.GuestAuthenticator;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/** {@code /ws/site/dialogs/{id}?site_token=&guest_token=}: a site-embed guest's dialog; the page's Origin must be allowed for the token. */
@WebSocket(path = "/ws/site/dialogs/{id}")
public class SiteDialogSocket {
    /** Endpoint name in logs, metrics and stats. */
    public static final String ENDPOINT = "site";

    @Inject
    WebSocketSupport sockets;

    @Inject
    GuestAuthenticator auth;

    @OnOpen
    public void open(WebSocketConnection connection) {
        sockets.open(connection, ENDPOINT, auth::site);
    }

    @OnTextMessage
    public void text(String message, WebSocketConnection connection) {
        sockets.text(connection, message);
    }

    @OnBinaryMessage
    public void binary(Buffer data, WebSocketConnection connection) {
        sockets.binary(connection);
    }

    /** Only records a sign of life: runs on the event loop, no worker hand-off per pong. */
    @OnPongMessage
    @NonBlocking
    public void pong(Buffer data, WebSocketConnection connection) {
        sockets.pong(connection);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        sockets.closed(connection);
    }

    @OnError
    public void error(Throwable failure, WebSocketConnection connection) {
        sockets.failed(connection, failure);
    }
}
