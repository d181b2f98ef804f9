package io.switchboard.socket.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventCodec;
import io.switchboard.socket.auth.JwtVerifier;
import io.switchboard.socket.core.DialogFanout;
import io.switchboard.socket.core.SessionRegistry;
import io.switchboard.socket.redis.RedisSubscriber;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * {@code GET /api/sse/health} (anyone: status, connections, Redis) and {@code GET /api/sse/stats}
 * (operators and admins, by {@code Authorization: Bearer} or {@code ?token=}).
 */
@ApplicationScoped
public class SocketHttpRoutes {
    @Inject
    SessionRegistry registry;

    @Inject
    RedisSubscriber redis;

    @Inject
    DialogFanout dialogs;

    @Inject
    JwtVerifier jwt;

    void routes(@Observes Router router) {
        router.get("/api/sse/health").handler(this::health);
        router.get("/api/sse/stats").blockingHandler(this::stats, false);
    }

    private void health(RoutingContext ctx) {
        boolean redisUp = redis.connected();
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("status", redisUp && !registry.draining() ? "healthy" : "degraded");
        n.put("connections", registry.count());
        n.put("redis", redisUp ? "connected" : "disconnected");
        if (registry.draining()) {
            n.put("draining", true);
        }
        json(ctx, n);
    }

    private void stats(RoutingContext ctx) {
        String token = bearer(ctx.request().getHeader("Authorization"));
        if (token == null) {
            token = ctx.request().getParam("token");
        }
        if (token == null || token.isBlank()) {
            JsonErrors.send(ctx, 401, "unauthorized", "stats need an operator token (Authorization: Bearer or ?token=)");
            return;
        }
        JwtVerifier.Result r = jwt.verify(token);
        if (!r.ok()) {
            JsonErrors.send(ctx, 401, "unauthorized", r.failure());
            return;
        }
        if (!r.principal().isStaff()) {
            JsonErrors.send(ctx, 403, "forbidden", "stats are for operators and admins");
            return;
        }
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("active_connections", registry.count());
        n.put("events_sent", registry.eventsSent());
        ObjectNode details = n.putObject("connection_details");
        Map<String, Integer> counts = registry.countByEndpoint();
        Map<String, Long> sent = registry.eventsSentByEndpoint();
        for (String endpoint : new java.util.TreeSet<>(union(counts.keySet(), sent.keySet()))) {
            ObjectNode e = details.putObject(endpoint);
            e.put("connections", counts.getOrDefault(endpoint, 0));
            e.put("events_sent", sent.getOrDefault(endpoint, 0L));
        }
        n.put("subscribed_dialogs", dialogs.dialogCount());
        n.put("redis_channels", redis.channelCount());
        n.put("redis", redis.connected() ? "connected" : "disconnected");
        json(ctx, n);
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static void json(RoutingContext ctx, ObjectNode body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toString());
    }
}
