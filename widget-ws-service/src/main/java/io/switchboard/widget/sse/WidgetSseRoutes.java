package io.switchboard.widget.sse;

import io.switchboard.socket.sse.SseSupport;
import io.switchboard.widget.auth.GuestAuthenticator;
import io.switchboard.widget.socket.SiteDialogSocket;
import io.switchboard.widget.socket.WidgetDialogSocket;
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

    void routes(@Observes Router router) {
        sse.announce(WidgetDialogSocket.ENDPOINT, SiteDialogSocket.ENDPOINT, WIDGET_ENDPOINT, SITE_ENDPOINT);
        // A preflight carries no credentials to check the site token's (or the assistant's widgets') domains with;
        // the GET itself refuses a disallowed origin with 403 and no CORS headers, so the preflight may answer any.
        sse.route(router, "/api/widget/dialogs/:id/events", WIDGET_ENDPOINT, auth::widget, origin -> true);
        sse.route(router, "/api/site/dialogs/:id/events", SITE_ENDPOINT, auth::site, origin -> true);
    }
}
