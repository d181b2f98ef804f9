package io.switchboard.socket.auth;

import io.switchboard.socket.config.SocketConfig;
import io.switchboard.store.SiteTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/**
 * Origin rules for browsers. Admin and widget endpoints accept the configured
 * {@code switchboard.cors.allowed-origins}; site endpoints accept the site token's domains plus
 * {@code switchboard.trusted-origins}. A request without {@code Origin} is not from a browser page
 * and is judged on its credentials alone (except on site endpoints, where the origin is the credential's other half).
 */
@ApplicationScoped
public class AllowedOrigins {
    @Inject
    SocketConfig config;

    /** True when an admin or widget endpoint accepts {@code origin} (null = not a browser: accepted). */
    public boolean corsAllows(String origin) {
        return origin == null || matches(config.cors().allowedOrigins(), origin);
    }

    /** True when {@code origin} may use a site token with these allowed domains. */
    public boolean siteAllows(List<String> allowedDomains, String origin) {
        if (origin == null) {
            return false;
        }
        return SiteTokens.allows(allowedDomains, origin, config.site().allowLocalhost())
                || matches(config.trustedOrigins(), origin);
    }

    /** True when {@code origin} is a trusted origin (may use any site token). */
    public boolean trusted(String origin) {
        return origin != null && matches(config.trustedOrigins(), origin);
    }

    static boolean matches(List<String> entries, String origin) {
        String o = normalize(origin);
        for (String entry : entries) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if ("*".equals(e)) {
                return true;
            }
            if (e.contains("://")) {
                if (normalize(e).equals(o)) {
                    return true;
                }
            } else if (SiteTokens.allows(List.of(e), origin, false)) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String origin) {
        String s = origin.trim().toLowerCase(Locale.ROOT);
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
