package io.switchboard.api.web;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.WidgetRepository;
import io.switchboard.store.SiteTokens;
import io.switchboard.store.WidgetRecord;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may frame Switchboard's pages ({@code Content-Security-Policy: frame-ancestors}).
 *
 * <p>The widget iframe {@code /widget/frame.html?site_token=…} is served by Switchboard, so every
 * request it makes carries Switchboard's own {@code Origin}: the site-token checks of the API and
 * the sockets cannot see the customer's page. The browser can: the frame renders only inside the
 * token's allowed domains (any port, http or https, as {@link SiteTokens#allows} judges them),
 * Switchboard's own origins, and in development localhost. A revoked token keeps its old domains
 * so the frame can still say why the chat cannot start; an unknown token, or a frame without a
 * site token, only renders on Switchboard's own pages; a frame in assistant mode ({@code ?assistant_id=}) renders
 * on the allowed domains of the assistant's widgets that are not revoked. The dashboard is never framed by others.
 */
@ApplicationScoped
public class FrameAncestors {
    static final String FRAME_PATH = "/widget/frame.html";
    private static final Pattern DOMAIN = Pattern.compile("(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*");
    private static final String CSP = "Content-Security-Policy";

    @Inject
    WidgetRepository widgets;
    @Inject
    SwitchboardConfig config;

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            rc.response().putHeader(CSP, "frame-ancestors 'self'");
            rc.next();
            return;
        }
        if (!path.equals(FRAME_PATH)) {
            rc.next();
            return;
        }
        String token = rc.request().getParam("site_token");
        if (token == null || token.isBlank()) {
            Long assistantId = assistantId(rc.request().getParam("assistant_id"));
            if (assistantId == null) {
                rc.response().putHeader(CSP, policy(List.of()));
                rc.next();
                return;
            }
            // Assistant mode is bound to the union of the assistant's live widgets' domains, like the API.
            rc.vertx().executeBlocking(() -> widgets.assistantDomains(assistantId), false).onComplete(ar -> {
                if (ar.failed()) {
                    Log.warnf("widget frame: assistant domains lookup failed (%s); the frame may only be shown on"
                            + " Switchboard's own pages", ar.cause().toString());
                }
                rc.response().putHeader(CSP, policy(ar.succeeded() ? ar.result() : List.of()));
                rc.next();
            });
            return;
        }
        // The token lookup is a JDBC call: off the event loop, then on with the request.
        rc.vertx().executeBlocking(() -> widgets.byTokenHash(SiteTokens.hash(token.trim())), false)
                .onComplete(ar -> {
                    List<String> domains = List.of();
                    if (ar.succeeded()) {
                        domains = ar.result().map(WidgetRecord::allowedDomains).orElse(List.of());
                    } else {
                        Log.warnf("widget frame: site token lookup failed (%s); the frame may only be shown on"
                                + " Switchboard's own pages", ar.cause().toString());
                    }
                    rc.response().putHeader(CSP, policy(domains));
                    rc.next();
                });
    }

    /** The header value for a frame whose token allows {@code allowedDomains}. */
    String policy(List<String> allowedDomains) {
        Set<String> sources = new LinkedHashSet<>();
        sources.add("'self'");
        origin(config.publicUrls().apiUrl()).ifPresent(sources::add);
        for (String o : SwitchboardConfig.realOrigins(config.trustedOrigins())) {
            origin(o).ifPresent(sources::add);
        }
        if (config.allowLocalhostOrigins()) {
            sources.addAll(List.of("http://localhost:*", "https://localhost:*", "http://127.0.0.1:*", "https://127.0.0.1:*"));
        }
        for (String entry : allowedDomains) {
            String d = SiteTokens.normalizeDomain(entry);
            // Only plain host names reach the header: nothing stored can add a directive.
            if (d != null && DOMAIN.matcher(d).matches()) {
                sources.add("https://" + d + ":*");
                sources.add("http://" + d + ":*");
            }
        }
        return "frame-ancestors " + String.join(" ", sources);
    }

    private static Long assistantId(String value) {
        if (value == null || !value.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(value);
    }

    /** {@code scheme://host[:port]} of a configured URL, when it is one. */
    private static Optional<String> origin(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null || !u.getScheme().matches("https?")) {
                return Optional.empty();
            }
            String host = u.getHost().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(host).matches()) {
                return Optional.empty();
            }
            return Optional.of(u.getScheme() + "://" + host + (u.getPort() >= 0 ? ":" + u.getPort() : ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
