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
import io.switchboard.socket.core.RequestInfo;
import io.switchboard.socket.core.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Glue between websockets-next endpoints and the connection core. The upgrade is always accepted;
 * credentials are checked right after, and a refused connection is closed with a 44xx code and a
 * readable reason before anything is sent, so a browser sees why instead of a bare 1006.
 */
@ApplicationScoped
public class WebSocketSupport {
    private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

    @Inject
    ConnectionCore core;

    @Inject
    SocketConfig config;

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
        WebSocketSession session = new WebSocketSession(connection, endpoint, admitted,
                config.limits().outboundQueue(),
                new TokenBucket(config.limits().framesPerSecond(), config.limits().frameBurst()), core);
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
        WebSocketSession s = sessions.get(connection.id());
        if (s != null) {
            core.onFrame(s, text);
        }
    }

    /** Call from {@code @OnBinaryMessage}: the protocol is JSON text only. */
    public void binary(WebSocketConnection connection) {
        WebSocketSession s = sessions.get(connection.id());
        if (s != null) {
            core.onBinaryFrame(s);
        }
    }

    /** Call from {@code @OnPongMessage}. */
    public void pong(WebSocketConnection connection) {
        WebSocketSession s = sessions.get(connection.id());
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
        WebSocketSession s = sessions.get(connection.id());
        if (s != null && s.isClosed() || connection.isClosed()) {
            Log.debugf("socket %s: %s after it was closed", connection.id(), failure.toString());
            return;
        }
        Log.warnf(failure, "socket %s failed", connection.id());
        if (s != null) {
            s.close(1011, "server error; reconnect with after_seq");
        } else if (connection.isOpen()) {
            connection.close(new CloseReason(1011, "server error")).subscribe().with(ok -> {
            }, e -> {
            });
        }
    }

    private static RequestInfo requestInfo(WebSocketConnection c) {
        String rawQuery = c.handshakeRequest().query();
        Map<String, java.util.List<String>> params = rawQuery == null || rawQuery.isEmpty() ? Map.of()
                : new QueryStringDecoder(rawQuery, false).parameters();
        return new RequestInfo("ws", c.handshakeRequest().path(), rawQuery, params, c.handshakeRequest()::header,
                c::pathParam, c.handshakeRequest().remoteAddress());
    }
}
