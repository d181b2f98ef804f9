package io.switchboard.socket.sse;

import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.Admission;
import io.switchboard.socket.core.Authenticator;
import io.switchboard.socket.core.ConnectionCore;
import io.switchboard.socket.core.RequestInfo;
import io.switchboard.socket.metrics.SocketMetrics;
import io.switchboard.socket.web.JsonErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Serves an SSE endpoint from a Vert.x route, so the bytes are exactly ours: credentials and access
 * are checked before the stream starts (401/403/404/429 as JSON), then {@code retry:} goes first,
 * {@code : heartbeat} comments keep proxies from cutting a quiet stream, and events follow.
 */
@ApplicationScoped
public class SseSupport {
    @Inject
    ConnectionCore core;

    @Inject
    SocketConfig config;

    @Inject
    SocketMetrics metrics;

    @Inject
    Vertx vertx;

    /** Open streams, for the one node-wide heartbeat timer (instead of a periodic timer per stream). */
    private final Set<SseSession> streams = ConcurrentHashMap.newKeySet();

    void startHeartbeats(@Observes StartupEvent event) {
        vertx.setPeriodic(Math.max(10, config.sse().heartbeat().toMillis()), id -> {
            for (SseSession s : streams) {
                if (!s.isClosed()) {
                    s.writeRaw(": heartbeat\n\n");
                }
            }
        });
    }

    /**
     * Serves an SSE endpoint on {@code path} (Vert.x syntax, {@code :id}): its CORS preflight, answered for the
     * origins {@code preflightAllows} accepts, and the stream itself under {@code endpoint}'s name, whose connection
     * gauge starts at 0 (as a WebSocket endpoint's, {@code SocketEndpoint.announce}).
     */
    public void route(Router router, String path, String endpoint, Authenticator authenticator,
                      Predicate<String> preflightAllows) {
        metrics.connections(endpoint);
        router.options(path).handler(ctx -> preflight(ctx, preflightAllows.test(ctx.request().getHeader("Origin"))));
        router.get(path).handler(ctx -> serve(ctx, endpoint, authenticator));
    }

    /** Answers a CORS preflight for an SSE path (a browser sends one when it adds {@code Last-Event-ID}). */
    void preflight(RoutingContext ctx, boolean originAllowed) {
        HttpServerResponse r = ctx.response();
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && originAllowed) {
            r.putHeader("Access-Control-Allow-Origin", origin);
            r.putHeader("Access-Control-Allow-Methods", "GET, OPTIONS");
            r.putHeader("Access-Control-Allow-Headers", "Last-Event-ID, Cache-Control");
            r.putHeader("Access-Control-Max-Age", "600");
        }
        r.putHeader("Vary", "Origin");
        r.setStatusCode(204).end();
    }

    /** Serves one SSE request with the given endpoint name and authenticator. */
    void serve(RoutingContext ctx, String endpoint, Authenticator authenticator) {
        long arrived = System.nanoTime();
        RequestInfo request = requestInfo(ctx);
        core.logAttempt(endpoint, request);
        ctx.vertx().<Admission>executeBlocking(() -> core.admit(endpoint, request, authenticator), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        JsonErrors.send(ctx, 503, "unavailable", "temporary server problem; retry in a few seconds");
                        return;
                    }
                    Admission verdict = result.result();
                    if (verdict instanceof Admission.Rejected r) {
                        if (r.httpStatus() == 429) {
                            ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
                        }
                        JsonErrors.send(ctx, r.httpStatus(), r.errorCode(), r.reason());
                        return;
                    }
                    startStream(ctx, endpoint, request, (Admission.Admitted) verdict);
                    metrics.sseFirstByte(endpoint, Duration.ofNanos(System.nanoTime() - arrived));
                });
    }

    private void startStream(RoutingContext ctx, String endpoint, RequestInfo request, Admission.Admitted admitted) {
        HttpServerResponse response = ctx.response();
        SseSession session = new SseSession(UUID.randomUUID().toString(), ctx, endpoint, admitted,
                config.limits().outboundQueue(), core);
        session.clientAddress(core.clientOf(request));
        if (response.closed()) {
            session.transportClosed(1006, "client went away before the stream started");
            return;
        }
        response.setChunked(true);
        response.putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream");
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.putHeader("X-Accel-Buffering", "no");
        String origin = request.origin();
        if (origin != null) {
            // The authenticator refused disallowed origins already.
            response.putHeader("Access-Control-Allow-Origin", origin);
            response.putHeader("Vary", "Origin");
        }
        response.closeHandler(v -> session.transportClosed(1001, "client closed the stream"));
        session.writeRaw("retry: " + config.sse().retryMillis() + "\n\n");
        streams.add(session);
        session.onDetach(() -> streams.remove(session));
        core.start(session);
    }

    private static RequestInfo requestInfo(RoutingContext ctx) {
        Map<String, List<String>> params = new HashMap<>();
        ctx.queryParams().forEach(e -> params.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
                .add(e.getValue()));
        String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        return new RequestInfo("sse", ctx.request().path(), ctx.request().query(), params,
                ctx.request()::getHeader, ctx::pathParam, remote);
    }
}
