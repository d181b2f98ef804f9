package io.switchboard.widget.sse;

import io.switchboard.socket.sse.SseSupport;
import io.switchboard.widget.auth.GuestAuthenticator;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The guests' SSE fallbacks: {@code /api/widget/dialogs/{id}/events} and {@code /api/site/dialogs/{id}/events}. */
@ApplicationScoped
public class WidgetSseRoutes {
    /** Endpoint names in logs, metrics and stats. */
    public static final String WIDGET_ENDPOINT = "widget-sse";
    public static final String SITE_ENDPOINT = "site-sse";

    @Inject
    SseSupport sse;

    @Inject
    GuestAuthenticator auth;

    @Inject
    io.switchboard.socket.metrics.SocketMetrics metrics;

    void routes(@Observes Router router) {
        // Every endpoint's connection gauge exists from the start, at 0: the "no connections while users are
        // active" alert compares it, and a series that appears only with the first connection never reads 0.
        for (String endpoint : java.util.List.of(io.switchboard.widget.socket.WidgetDialogSocket.ENDPOINT, io.switchboard.widget.socket.SiteDialogSocket.ENDPOINT,
                WIDGET_ENDPOINT, SITE_ENDPOINT)) {
            metrics.connections(endpoint);
        }
        // A preflight carries no credentials to check the site token's (or the assistant's widgets') domains with;
        // the GET itself refuses a disallowed origin with 403 and no CORS headers, so the preflight may answer any.
        router.options("/api/widget/dialogs/:id/events").handler(ctx -> sse.preflight(ctx, true));
        router.options("/api/site/dialogs/:id/events").handler(ctx -> sse.preflight(ctx, true));
        router.get("/api/widget/dialogs/:id/events").handler(ctx -> sse.serve(ctx, WIDGET_ENDPOINT, auth::widget));
        router.get("/api/site/dialogs/:id/events").handler(ctx -> sse.serve(ctx, SITE_ENDPOINT, auth::site));
    }
}
