package io.switchboard.store;

import io.switchboard.events.Secrets;
import java.util.UUID;

/**
 * Guest credentials: a random secret ({@code gt_…}, 256 bits) the server issues with a fresh guest id, stored only
 * as its SHA-256 (the same hash as site tokens). Passed as {@code guest_token} on every guest path.
 */
public final class GuestTokens {
    /** The query parameter and body field that carries the credential (masked in every log). */
    public static final String PARAM = "guest_token";

    private GuestTokens() {
    }

    public static String newToken() {
        return Secrets.random("gt_", 32);
    }

    /** A guest id chosen by the server (clients no longer name one). */
    public static String newGuestId() {
        return "g_" + UUID.randomUUID();
    }

    public static String hash(String token) {
        return SiteTokens.hash(token.trim());
    }
}
