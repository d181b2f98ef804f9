package io.switchboard.socket.ws;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.socket.core.TokenBucket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A session over a websockets-next connection: every event and control frame is one JSON text frame.
 * Events are written straight to the connection's Vert.x socket as a view of the bytes the event
 * encoded once for every session: websockets-next's {@code sendText} would encode the text again per
 * connection and wrap every write in a Mutiny {@code Uni} with context propagation, which cost more
 * than the write itself when one event goes to thousands of sockets.
 */
public final class WebSocketSession extends ClientSession {
    /** websockets-next keeps its Vert.x socket behind a package-private accessor; null if that ever changes. */
    private static final MethodHandle VERTX_SOCKET = vertxSocketAccessor();

    private final WebSocketConnection connection;
    private final WebSocketBase socket;

    public WebSocketSession(WebSocketConnection connection, String endpoint, Admission.Admitted admission,
                            int outboundLimit, TokenBucket inbound, Hooks hooks) {
        super(connection.id(), endpoint, admission, outboundLimit, inbound, hooks);
        this.connection = connection;
        this.socket = vertxSocket(connection);
    }

    @Override
    public String transport() {
        return "ws";
    }

    /** True when frames go to the Vert.x socket directly (false only if websockets-next hid it). */
    public boolean writesDirectly() {
        return socket != null;
    }

    @Override
    protected void write(OutboundEvent event) {
        if (socket == null) {
            connection.sendText(event.json()).subscribe().with(ok -> written(event, true), e -> written(event, false));
            return;
        }
        WebSocketFrame frame = new WebSocketFrameImpl(WebSocketFrameType.TEXT, event.utf8().duplicate(), true);
        socket.writeFrame(frame).onComplete(done -> written(event, done.succeeded()));
    }

    @Override
    protected void writeControl(String json) {
        if (socket == null) {
            connection.sendText(json).subscribe().with(ok -> controlWritten(json), e -> controlWritten(json));
            return;
        }
        socket.writeFrame(WebSocketFrame.textFrame(json, true)).onComplete(done -> controlWritten(json));
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

    private static WebSocketBase vertxSocket(WebSocketConnection connection) {
        if (VERTX_SOCKET == null) {
            return null;
        }
        try {
            return (WebSocketBase) VERTX_SOCKET.invoke(connection);
        } catch (Throwable e) {
            Log.debugf("no direct socket for connection %s (%s); writing through websockets-next", connection.id(),
                    e.toString());
            return null;
        }
    }

    private static MethodHandle vertxSocketAccessor() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase", false,
                    WebSocketConnection.class.getClassLoader());
            Method m = base.getDeclaredMethod("webSocket");
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("websockets-next does not expose its Vert.x socket (%s); events are written through sendText,"
                    + " encoded per connection", e.toString());
            return null;
        }
    }
}
