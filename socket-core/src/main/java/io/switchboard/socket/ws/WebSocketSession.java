package io.switchboard.socket.ws;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.limits.TokenBucket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

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
    /** Vert.x keeps a socket's connection (and with it the Netty channel) in a protected field; null if not. */
    private static final MethodHandle VERTX_CONNECTION = vertxConnectionAccessor();
    /** Vert.x Web wraps the server socket (to report the forwarded host); writes go to the socket underneath. */
    private static final MethodHandle WRAPPED_SOCKET = wrappedSocketAccessor();

    private final WebSocketConnection connection;
    private final WebSocketBase socket;
    private final Executor eventLoop;

    public WebSocketSession(WebSocketConnection connection, String endpoint, Admission.Admitted admission,
                            int outboundLimit, TokenBucket inbound, Hooks hooks) {
        super(connection.id(), endpoint, admission, outboundLimit, inbound, hooks);
        this.connection = connection;
        this.socket = vertxSocket(connection);
        this.eventLoop = eventLoop(socket);
    }

    /** The event loop of this connection's channel: live events are offered there (see OrderedDialogStream). */
    @Override
    public Executor liveExecutor() {
        return eventLoop;
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
            WebSocketBase socket = (WebSocketBase) VERTX_SOCKET.invoke(connection);
            for (int i = 0; i < 3 && WRAPPED_SOCKET != null
                    && WRAPPED_SOCKET.type().parameterType(0).isInstance(socket); i++) {
                socket = (WebSocketBase) WRAPPED_SOCKET.invoke(socket);
            }
            return socket;
        } catch (Throwable e) {
            Log.debugf("no direct socket for connection %s (%s); writing through websockets-next", connection.id(),
                    e.toString());
            return null;
        }
    }

    private static Executor eventLoop(WebSocketBase socket) {
        if (socket == null || VERTX_CONNECTION == null) {
            return null;
        }
        try {
            if (!VERTX_CONNECTION.type().parameterType(0).isInstance(socket)) {
                return null;
            }
            return ((ConnectionBase) VERTX_CONNECTION.invoke(socket)).channel().eventLoop();
        } catch (Throwable e) {
            Log.debugf("no event loop for a connection (%s); its live events are written from the Redis reader",
                    e.toString());
            return null;
        }
    }

    private static MethodHandle wrappedSocketAccessor() {
        try {
            Field f = Class.forName("io.vertx.ext.web.impl.ServerWebSocketWrapper", false,
                    WebSocketSession.class.getClassLoader()).getDeclaredField("delegate");
            f.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(f);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle vertxConnectionAccessor() {
        try {
            Field f = Class.forName("io.vertx.core.http.impl.WebSocketImplBase", false, WebSocketBase.class.getClassLoader())
                    .getDeclaredField("conn");
            f.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(f);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("Vert.x does not expose a WebSocket's connection (%s); live events are written from the thread"
                    + " that read them", e.toString());
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
