package io.switchboard.store;

import io.switchboard.events.Secrets;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Rules of site tokens shared by the REST API and the socket services: how a token is made
 * and hashed, and whether a host may embed it. Allowed domains are exact hosts or
 * {@code *.example.com} (any subdomain, not the bare domain). Ports never matter.
 */
public final class SiteTokens {
    private SiteTokens() {
    }

    /** A new random token (the only time it exists in clear text is in the response that issues it). */
    public static String newToken() {
        return Secrets.random("st_", 24);
    }

    /** What is stored: the SHA-256 of the token in hex. */
    public static String hash(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The host part of an {@code Origin} header or of a domain as a person types it
     * ({@code https://Shop.example.com:8443}, {@code shop.example.com:3000}, {@code shop.example.com}),
     * lower-cased, or {@code null} when there is none.
     */
    public static String host(String originOrDomain) {
        if (originOrDomain == null) {
            return null;
        }
        String s = originOrDomain.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close > 0 ? s.substring(0, close + 1) : null;
        }
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        if (s.isEmpty() || "null".equals(s)) {
            return null;
        }
        try {
            return IDN.toASCII(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Normalizes an allowed-domain entry; {@code *.} prefixes are kept. */
    public static String normalizeDomain(String domain) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (d.startsWith("*.")) {
            String rest = host(d.substring(2));
            return rest == null ? null : "*." + rest;
        }
        return host(d);
    }

    /** True when {@code host} is one of {@code allowed}, or localhost in development. */
    public static boolean allows(List<String> allowed, String originOrDomain, boolean allowLocalhost) {
        String host = host(originOrDomain);
        if (host == null) {
            return false;
        }
        if (allowLocalhost && ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host))) {
            return true;
        }
        for (String entry : allowed) {
            String d = normalizeDomain(entry);
            if (d == null) {
                continue;
            }
            if (d.startsWith("*.")) {
                if (host.endsWith(d.substring(1)) && host.length() > d.length() - 1) {
                    return true;
                }
            } else if (d.equals(host)) {
                return true;
            }
        }
        return false;
    }
}
