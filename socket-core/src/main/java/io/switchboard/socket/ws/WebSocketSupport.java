package io.switchboard.socket.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.events.CloseCodes;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.Authenticator;
import io.switchboard.socket.core.ConnectionCore;
import io.switchboard.socket.core.InboundFrames;
import io.switchboard.socket.core.RequestInfo;
import io.switchboard.limits.TokenBucket;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Glue between websockets-next endpoints and the connection core. The upgrade is always accepted;
 * credentials are checked right after, and a refused connection is closed with a 44xx code and a
 * readable reason before anything is sent, so a browser sees why instead of a bare 1006.
 */
@ApplicationScoped
public class WebSocketSupport {
    /** Payload of the server's pings (what the client echoes in its pong). */
    private static final Buffer PING = Buffer.buffer("ping");

    /** Admitted sockets by connection id; each session holds the connection the node-wide ping timer writes to. */
    private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();
    private final EventLoops eventLoops = new EventLoops();
    private final AtomicLong pingTicks = new AtomicLong();

    @Inject
    ConnectionCore core;

    @Inject
    InboundFrames frames;

    @Inject
    SocketConfig config;

    @Inject
    Vertx vertx;

    /**
     * One node-wide timer pings every socket once per {@code switchboard.connections.ping-interval}: each tick
     * pings the sockets of one slot (by connection id), so pings are spread over the interval instead of one
     * timer per connection (Quarkus' auto-ping costs a scheduled task and a timer handler per socket, and wakes
     * the event loop per socket).
     */
    void startPings(@Observes StartupEvent event) {
        long interval = config.connections().pingInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        long tick = Math.max(100, Math.min(1_000, interval / 10));
        int slots = (int) Math.max(1, interval / tick);
        vertx.setPeriodic(tick, id -> pingSlot((int) (pingTicks.getAndIncrement() % slots), slots));
    }

    /** Pings the open sockets whose id falls into {@code slot} of {@code slots}. */
    void pingSlot(int slot, int slots) {
        for (WebSocketSession live : sessions.values()) {
            // The id's hash is cached in the String: no per-connection copy of it is kept.
            WebSocketConnection connection = live.connection();
            if (Math.floorMod(live.id().hashCode(), slots) == slot && connection.isOpen()) {
                connection.sendPing(PING).subscribe().with(ok -> {
                }, e -> Log.debugf("ping to %s failed: %s", connection.id(), e.toString()));
            }
        }
    }

    /** Call from {@code @OnOpen} (a blocking method: it runs on a worker thread). */
    public void open(WebSocketConnection connection, String endpoint, Authenticator authenticator) {
        RequestInfo request = requestInfo(connection);
        core.logAttempt(endpoint, request);
        Admission verdict = core.admit(endpoint, request, authenticator);
        if (verdict instanceof Admission.Rejected r) {
            connection.close(new CloseReason(r.closeCode(), CloseCodes.fitReason(r.reason()))).subscribe().with(
                    ok -> {
                    },
                    e -> Log.debugf("closing refused connection failed: %s", e.toString()));
            return;
        }
        Admission.Admitted admitted = (Admission.Admitted) verdict;
        // open() runs on a worker inside the connection's Vert.x context: that context's event loop owns the socket.
        WebSocketSession session = new WebSocketSession(connection, eventLoops.of(Vertx.currentContext()), endpoint,
                admitted, config.limits().outboundQueue(),
                new TokenBucket(config.limits().framesPerSecond(), config.limits().frameBurst()), core);
        session.clientAddress(core.clientOf(request));
        sessions.put(connection.id(), session);
        if (connection.isClosed()) {
            sessions.remove(connection.id());
            session.transportClosed(CloseCodes.GOING_AWAY, "closed before it was accepted");
            return;
        }
        core.start(session);
    }

    /** Call from {@code @OnTextMessage}. */
    public void text(WebSocketConnection connection, String text) {
        WebSocketSession s = session(connection);
        if (s != null) {
            frames.onFrame(s, text);
        }
    }

    /** Call from {@code @OnBinaryMessage}: the protocol is JSON text only. */
    public void binary(WebSocketConnection connection) {
        WebSocketSession s = session(connection);
        if (s != null) {
            frames.onBinaryFrame(s);
        }
    }

    /** Call from {@code @OnPongMessage}; cheap enough for the event loop (mark the callback {@code @NonBlocking}). */
    public void pong(WebSocketConnection connection) {
        WebSocketSession s = session(connection);
        if (s != null) {
            s.seen();
        }
    }

    /** Call from {@code @OnClose}. */
    public void closed(WebSocketConnection connection) {
        WebSocketSession s = sessions.remove(connection.id());
        if (s != null) {
            CloseReason reason = connection.closeReason();
            s.transportClosed(reason == null ? 1006 : reason.getCode(), reason == null ? "" : reason.getMessage());
        }
    }

    /** Call from {@code @OnError}: an unexpected failure closes the connection with 1011 and a reason. */
    public void failed(WebSocketConnection connection, Throwable failure) {
        WebSocketSession s = session(connection);
        if (s != null && s.isClosed() || connection.isClosed()) {
            Log.debugf("socket %s: %s after it was closed", connection.id(), failure.toString());
            return;
        }
        Log.warnf(failure, "socket %s failed", connection.id());
        if (s != null) {
            s.close(CloseCodes.SERVER_ERROR, "server error; reconnect with after_seq");
        } else if (connection.isOpen()) {
            connection.close(new CloseReason(CloseCodes.SERVER_ERROR, "server error")).subscribe().with(ok -> {
            }, e -> {
            });
        }
    }

    /** How many event loops own admitted sockets' executors (a test checks they are shared per loop). */
    public int eventLoopExecutors() {
        return eventLoops.size();
    }

    private WebSocketSession session(WebSocketConnection connection) {
        return sessions.get(connection.id());
    }

    private static RequestInfo requestInfo(WebSocketConnection c) {
        String rawQuery = c.handshakeRequest().query();
        Map<String, java.util.List<String>> params = rawQuery == null || rawQuery.isEmpty() ? Map.of()
                : new QueryStringDecoder(rawQuery, false).parameters();
        return new RequestInfo("ws", c.handshakeRequest().path(), rawQuery, params, c.handshakeRequest()::header,
                c::pathParam, c.handshakeRequest().remoteAddress());
    }
}
