package io.switchboard.socket.ws;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.limits.TokenBucket;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.OutboundEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A session over a websockets-next connection: every event and control frame is one JSON text frame,
 * written with the connection's public {@code sendText}. Live events are offered on the event loop that owns
 * the connection, through an executor shared by every session of that loop, so the write starts on the
 * thread that owns the socket and a dialog's event is handed to each loop once, not once per session
 * (docs/performance.md, "Writes through the public API" and "Fan-out per event loop").
 */
public final class WebSocketSession extends ClientSession {
    private final WebSocketConnection connection;
    private final Executor eventLoop;

    /**
     * @param eventLoop runs tasks on the event loop that owns the connection, the same instance for every
     *                  connection of that loop ({@link EventLoops}), or null: live events are then offered on
     *                  the reading thread
     */
    public WebSocketSession(WebSocketConnection connection, Executor eventLoop, String endpoint,
                            Admission.Admitted admission, int outboundLimit, TokenBucket inbound, Hooks hooks) {
        super(connection.id(), endpoint, admission, outboundLimit, inbound, hooks);
        this.connection = connection;
        this.eventLoop = eventLoop;
    }

    /** The websockets-next connection (the node-wide ping timer writes to it). */
    WebSocketConnection connection() {
        return connection;
    }

    /** The connection's event loop: live events are offered there (see OrderedDialogStream). */
    @Override
    public Executor liveExecutor() {
        return eventLoop;
    }

    @Override
    public String transport() {
        return "ws";
    }

    @Override
    protected void write(OutboundEvent event) {
        connection.sendText(event.json()).subscribe().with(ok -> written(event, null), e -> written(event, e));
    }

    @Override
    protected void writeControl(String json) {
        connection.sendText(json).subscribe().with(ok -> controlWritten(json, null), e -> controlWritten(json, e));
    }

    @Override
    protected boolean transportOpen() {
        return connection.isOpen();
    }

    @Override
    protected CompletionStage<Void> closeTransport(int code, String reason) {
        if (connection.isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.close(new CloseReason(code, reason)).subscribeAsCompletionStage()
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        Log.debugf("closing connection %s failed: %s", id(), e.toString());
                    }
                });
    }
}
