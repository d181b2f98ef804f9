package io.switchboard.socket.ws;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.NonBlocking;
import io.switchboard.socket.core.Authenticator;
import io.switchboard.socket.metrics.SocketMetrics;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The callbacks every WebSocket endpoint shares: a subclass carries {@code @WebSocket(path = …)} and passes its
 * endpoint name and authenticator up from its injected constructor; everything after the upgrade goes to
 * {@link WebSocketSupport}. websockets-next finds the callbacks declared here through the subclass.
 */
public abstract class SocketEndpoint {
    @Inject
    WebSocketSupport sockets;

    private final String endpoint;
    private final Authenticator authenticator;

    /**
     * @param endpoint      the endpoint's name in logs, metrics and stats
     * @param authenticator who may connect here, and to what
     */
    protected SocketEndpoint(String endpoint, Authenticator authenticator) {
        this.endpoint = endpoint;
        this.authenticator = authenticator;
    }

    /**
     * Creates this endpoint's connection gauge at 0 at start-up: the "no connections while users are active" alert
     * compares the gauges, and a series that appears only with the first connection never reads 0.
     */
    void announce(@Observes StartupEvent event, SocketMetrics metrics) {
        metrics.connections(endpoint);
    }

    /** Blocking: admission reads PostgreSQL and Redis (a worker thread). */
    @OnOpen
    public void open(WebSocketConnection connection) {
        sockets.open(connection, endpoint, authenticator);
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
