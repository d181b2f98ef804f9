package io.switchboard.admin.sse;

import io.switchboard.admin.auth.OperatorAuthenticator;
import io.switchboard.admin.socket.AdminDialogSocket;
import io.switchboard.admin.socket.AdminUserSocket;
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

    void routes(@Observes Router router) {
        sse.announce(AdminUserSocket.ENDPOINT, AdminDialogSocket.ENDPOINT, USER_ENDPOINT, DIALOG_ENDPOINT);
        sse.route(router, "/api/dialogs/:id/events", DIALOG_ENDPOINT, auth::dialogLevel, origins::corsAllows);
        sse.route(router, "/api/events", USER_ENDPOINT, auth::userLevel, origins::corsAllows);
    }
}
