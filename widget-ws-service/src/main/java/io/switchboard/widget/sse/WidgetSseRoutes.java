package io.switchboard.widget.sse;

import io.switchboard.socket.sse.SseSupport;
import io.switchboard.widget.auth.GuestAuthenticator;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The guests' SSE fallbacks: {@code /api/widget/dialogs/{id}/events} and {@code /api/site/dialogs/{id}/events}, named
 * {@code widget-sse} and {@code site-sse} in logs, metrics and stats.
 */
@ApplicationScoped
public class WidgetSseRoutes {
    void routes(@Observes Router router, SseSupport sse, GuestAuthenticator auth) {
        // A preflight carries no credentials to check the site token's (or the assistant's widgets') domains with;
        // the GET itself refuses a disallowed origin with 403 and no CORS headers, so the preflight may answer any.
        sse.route(router, "/api/widget/dialogs/:id/events", "widget-sse", auth::widget, origin -> true);
        sse.route(router, "/api/site/dialogs/:id/events", "site-sse", auth::site, origin -> true);
    }
}
