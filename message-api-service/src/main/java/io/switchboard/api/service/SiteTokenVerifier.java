package io.switchboard.api.service;

import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.WidgetRepository;
import io.switchboard.store.SiteTokens;
import io.switchboard.store.WidgetRecord;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a site token and the page it is used from: known, not revoked, and the request's {@code Origin}
 * on the widget's allowed domains (or one of Switchboard's own trusted origins, where its widget iframe
 * is served; localhost too in development).
 */
@ApplicationScoped
public class SiteTokenVerifier {
    /** Why a token may not be used. */
    public enum Refusal {
        UNKNOWN_TOKEN("unknown_token"), REVOKED("revoked"), DOMAINS_CHANGED("domains_changed"),
        DOMAIN_NOT_ALLOWED("domain_not_allowed");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Revocation reason of a row replaced because its domains changed. */
    public static final String DOMAINS_CHANGED = "domains_changed";
    /** Revocation reason of a deleted widget. */
    public static final String DELETED = "revoked";

    @Inject
    WidgetRepository widgets;
    @Inject
    SwitchboardConfig config;
    @Inject
    HttpServerRequest request;

    private volatile Set<String> trustedOrigins;

    /** The widget row of a token usable from {@code origin}, or 403 saying which check failed. */
    public WidgetRecord verify(String siteToken, String origin) {
        if (siteToken == null || siteToken.isBlank()) {
            throw ApiException.validation("site_token is required.");
        }
        boolean noOrigin = origin == null || origin.isBlank();
        if (noOrigin && isCrossSiteBrowserRequest()) {
            throw new ApiException(403, "origin_required", "The Origin header is missing: site endpoints only answer"
                    + " requests a browser sends from a page on one of the widget's allowed domains.");
        }
        Optional<WidgetRecord> row = widgets.byTokenHash(SiteTokens.hash(siteToken.trim()));
        // Browsers omit Origin only on same-origin GETs (Switchboard's own widget iframe) and
        // navigations; a page on another site always sends it with fetch/XHR. So a request
        // without Origin is judged by the token alone.
        Optional<Refusal> refusal = noOrigin ? check(row, config.publicUrls().apiUrl(), true) : check(row, origin, true);
        if (refusal.isPresent()) {
            throw switch (refusal.get()) {
                case UNKNOWN_TOKEN, REVOKED -> ApiException.forbidden("This site token is not valid: it is unknown"
                        + " or was revoked.");
                case DOMAINS_CHANGED -> ApiException.forbidden("This site token was replaced when the widget's"
                        + " allowed domains changed; use the new embed snippet.");
                case DOMAIN_NOT_ALLOWED -> ApiException.forbidden("This site token may not be used from "
                        + describe(origin) + "; add that domain to the widget's allowed domains.");
            };
        }
        return row.orElseThrow();
    }

    /**
     * The {@code assistant_id} entry's origin check, exactly like a site token's: the page's {@code Origin} must be
     * on the allowed domains of one of the assistant's widgets that is not revoked (their union), or one of
     * Switchboard's own trusted origins (where the widget iframe is served; localhost too in development). A
     * browser request without {@code Origin} is refused when the browser says it is cross-site; without
     * {@code Origin} and {@code Sec-Fetch-Site} the caller is not a browser page and is judged by its guest
     * credential alone (a server can forge any Origin anyway).
     */
    public void verifyAssistantOrigin(long assistantId, String origin) {
        if (assistantOriginPassesWithoutReading(origin)) {
            return;
        }
        if (origin == null || origin.isBlank()) {
            // Without Origin only a cross-site browser request is refused.
            throw new ApiException(403, "origin_required", "The Origin header is missing: the assistant_id"
                    + " endpoints only answer a browser from a page on one of the assistant's widget domains.");
        }
        if (!SiteTokens.allows(widgets.assistantDomains(assistantId), origin, config.allowLocalhostOrigins())) {
            throw ApiException.forbidden("This chat may not be used from " + describe(origin)
                    + "; add that domain to the allowed domains of one of the assistant's widgets.");
        }
    }

    /**
     * True when {@link #verifyAssistantOrigin} would let {@code origin} pass without reading the assistant's widget
     * domains: no {@code Origin} from a caller that is not a cross-site browser page, or one of Switchboard's own
     * trusted origins (where its widget frame is served). False means only that PostgreSQL must decide.
     */
    public boolean assistantOriginPassesWithoutReading(String origin) {
        if (origin == null || origin.isBlank()) {
            return !isCrossSiteBrowserRequest();
        }
        return trusted().contains(normalizeOrigin(origin));
    }

    /** True when {@code origin} is one of Switchboard's own trusted origins (or the public API URL's). */
    public boolean isTrusted(String origin) {
        return trusted().contains(normalizeOrigin(origin));
    }

    /** A browser says where a request comes from in {@code Sec-Fetch-Site}; anything but our own page is refused. */
    private boolean isCrossSiteBrowserRequest() {
        String site = request.getHeader("Sec-Fetch-Site");
        return site != null && !"same-origin".equalsIgnoreCase(site) && !"none".equalsIgnoreCase(site);
    }

    /** Why a token may not be used from {@code originOrDomain}, if it may not. */
    public Optional<Refusal> check(Optional<WidgetRecord> row, String originOrDomain, boolean trustOwnOrigins) {
        if (row.isEmpty()) {
            return Optional.of(Refusal.UNKNOWN_TOKEN);
        }
        WidgetRecord w = row.get();
        if (w.revoked()) {
            return Optional.of(DOMAINS_CHANGED.equals(w.revokedReason()) ? Refusal.DOMAINS_CHANGED : Refusal.REVOKED);
        }
        if (trustOwnOrigins && trusted().contains(normalizeOrigin(originOrDomain))) {
            return Optional.empty();
        }
        if (!SiteTokens.allows(w.allowedDomains(), originOrDomain, config.allowLocalhostOrigins())) {
            return Optional.of(Refusal.DOMAIN_NOT_ALLOWED);
        }
        return Optional.empty();
    }

    private Set<String> trusted() {
        Set<String> t = trustedOrigins;
        if (t == null) {
            t = new HashSet<>();
            for (String o : SwitchboardConfig.realOrigins(config.trustedOrigins())) {
                t.add(normalizeOrigin(o));
            }
            t.add(normalizeOrigin(config.publicUrls().apiUrl()));
            t.remove(null);
            trustedOrigins = t;
        }
        return t;
    }

    /** {@code scheme://host[:port]} in lower case, or null when it is not an origin. */
    static String normalizeOrigin(String origin) {
        if (origin == null || origin.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String s = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT);
            return uri.getPort() >= 0 ? s + ":" + uri.getPort() : s;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(String origin) {
        String host = SiteTokens.host(origin);
        return host == null ? "this page" : host;
    }
}
