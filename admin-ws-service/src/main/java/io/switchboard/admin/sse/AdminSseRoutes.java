package io.switchboard.admin.sse;

import io.switchboard.admin.auth.OperatorAuthenticator;
import io.switchboard.socket.auth.AllowedOrigins;
import io.switchboard.socket.sse.SseSupport;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The operators' SSE fallbacks: {@code /api/dialogs/{id}/events} and the user-level {@code /api/events}, named
 * {@code admin-sse-dialog} and {@code admin-sse-user} in logs, metrics and stats.
 */
@ApplicationScoped
public class AdminSseRoutes {
    void routes(@Observes Router router, SseSupport sse, OperatorAuthenticator auth, AllowedOrigins origins) {
        sse.route(router, "/api/dialogs/:id/events", "admin-sse-dialog", auth::dialogLevel, origins::corsAllows);
        sse.route(router, "/api/events", "admin-sse-user", auth::userLevel, origins::corsAllows);
    }
}
