package io.switchboard.admin.sse;

import io.switchboard.admin.auth.OperatorAuthenticator;
import io.switchboard.socket.auth.AllowedOrigins;
import io.switchboard.socket.sse.SseSupport;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The operators' SSE fallbacks: {@code /api/dialogs/{id}/events} and the user-level {@code /api/events}. */
@ApplicationScoped
public class AdminSseRoutes {
    /** Endpoint names in logs, metrics and stats. */
    public static final String DIALOG_ENDPOINT = "admin-sse-dialog";
    public static final String USER_ENDPOINT = "admin-sse-user";

    @Inject
    SseSupport sse;

    @Inject
    OperatorAuthenticator auth;

    @Inject
    AllowedOrigins origins;

    @Inject
    io.switchboard.socket.metrics.SocketMetrics metrics;

    void routes(@Observes Router router) {
        // Every endpoint's connection gauge exists from the start, at 0: the "no connections while users are
        // active" alert compares it, and a series that appears only with the first connection never reads 0.
        for (String endpoint : java.util.List.of(io.switchboard.admin.socket.AdminUserSocket.ENDPOINT, io.switchboard.admin.socket.AdminDialogSocket.ENDPOINT,
                USER_ENDPOINT, DIALOG_ENDPOINT)) {
            metrics.connections(endpoint);
        }
        router.options("/api/dialogs/:id/events").handler(ctx -> sse.preflight(ctx,
                origins.corsAllows(ctx.request().getHeader("Origin"))));
        router.options("/api/events").handler(ctx -> sse.preflight(ctx,
                origins.corsAllows(ctx.request().getHeader("Origin"))));
        router.get("/api/dialogs/:id/events").handler(ctx -> sse.serve(ctx, DIALOG_ENDPOINT, auth::dialogLevel));
        router.get("/api/events").handler(ctx -> sse.serve(ctx, USER_ENDPOINT, auth::userLevel));
    }
}
