package io.switchboard.api.web;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.WidgetRepository;
import io.switchboard.api.service.SiteTokenVerifier;
import io.switchboard.store.SiteTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * CORS that reflects only origins a browser page may call from: Switchboard's own (trusted origins, the public API
 * URL), localhost in development, and the allowed domains of widgets that are not revoked. Any other origin gets no
 * {@code Access-Control-Allow-Origin}, so its page cannot read an answer. This is the browser's half; each guest
 * endpoint still checks the {@code Origin} against the one site token or assistant it names (403 otherwise), so a
 * request a page sends without reading the answer is refused too.
 *
 * <p>Replaces Quarkus' CORS filter ({@code quarkus.http.cors.enabled=false}): its origins are fixed at build time,
 * these follow the widgets table. The domain list is read at most every {@value #REFRESH_MILLIS} ms. The one
 * exceptions are {@code POST /api/validate-widget-token}, readable from any page (see {@link #ANY_PAGE}), and the
 * message catalogue under {@value #CATALOGUE} (public static files the widget loader imports as ES modules, which a
 * browser fetches with CORS: a page off the token's domains must still be told in its language why the chat is
 * unavailable).
 */
@ApplicationScoped
public class CorsOrigins {
    static final long REFRESH_MILLIS = 2000;
    private static final String METHODS = "GET,POST,PUT,DELETE,OPTIONS";
    private static final String HEADERS = "Authorization,Content-Type,Accept";
    /** The one endpoint every page may read: the site-token check the widget loader makes before it opens the frame. */
    static final String ANY_PAGE = "/api/validate-widget-token";
    /** The message catalogue (js/ui/i18n.js and its locales): static, public, the same for every page. */
    static final String CATALOGUE = "/js/ui/";

    @Inject
    WidgetRepository widgets;
    @Inject
    SiteTokenVerifier verifier;
    @Inject
    SwitchboardConfig config;

    private record Snapshot(List<String> domains, long readAt) {
    }

    private volatile Snapshot snapshot;

    void register(@Observes Filters filters) {
        filters.register(this::filter, 200);
    }

    private void filter(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            rc.next();
            return;
        }
        rc.response().headers().add("Vary", "Origin");
        if (ANY_PAGE.equals(rc.normalizedPath()) || rc.normalizedPath().startsWith(CATALOGUE)) {
            // The loader asks from whatever page embeds it, so that a page off the token's domains can say why the
            // chat is unavailable; the answer names no assistant unless the token is valid there.
            answer(rc, origin, true);
            return;
        }
        if (verifier.isTrusted(origin) || SiteTokens.allows(List.of(), origin, config.allowLocalhostOrigins())) {
            answer(rc, origin, true);
            return;
        }
        Snapshot s = snapshot;
        if (s != null && System.currentTimeMillis() - s.readAt() < REFRESH_MILLIS) {
            answer(rc, origin, SiteTokens.allows(s.domains(), origin, false));
            return;
        }
        rc.vertx().executeBlocking(() -> {
            Snapshot fresh = new Snapshot(widgets.activeDomains(), System.currentTimeMillis());
            snapshot = fresh;
            return fresh;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                Log.warnf("CORS: widget domains could not be read (%s); answering without CORS headers",
                        ar.cause().toString());
            }
            answer(rc, origin, ar.succeeded() && SiteTokens.allows(ar.result().domains(), origin, false));
        });
    }

    private static void answer(RoutingContext rc, String origin, boolean allowed) {
        HttpServerResponse response = rc.response();
        boolean preflight = rc.request().method() == HttpMethod.OPTIONS
                && rc.request().getHeader("Access-Control-Request-Method") != null;
        if (allowed) {
            response.putHeader("Access-Control-Allow-Origin", origin);
            if (preflight) {
                response.putHeader("Access-Control-Allow-Methods", METHODS);
                response.putHeader("Access-Control-Allow-Headers", HEADERS);
                response.putHeader("Access-Control-Max-Age", "600");
            }
        }
        if (preflight) {
            // Allowed or not, the preflight ends here; without the headers the browser refuses the real request.
            response.setStatusCode(allowed ? 204 : 403).end();
            return;
        }
        rc.next();
    }
}
