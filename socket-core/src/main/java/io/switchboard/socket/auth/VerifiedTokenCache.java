package io.switchboard.socket.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * JWTs whose signature, issuer and audience were already verified, so the many sockets of one
 * operator (and a reconnect storm) skip the RSA check. Keyed by the SHA-256 of the token, never by
 * the token itself; an entry is only returned strictly before the token's {@code exp} and is dropped
 * at it, so an expired token is always verified (and refused) again. Bounded: when full, expired
 * entries go first, then everything.
 */
public final class VerifiedTokenCache {
    private final Map<String, OperatorPrincipal> verified = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Supplier<Instant> clock;

    public VerifiedTokenCache(int maxEntries, Supplier<Instant> clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The principal a previous verification of exactly this token gave, if it has not expired since. */
    public OperatorPrincipal get(String token) {
        if (maxEntries <= 0) {
            return null;
        }
        String key = key(token);
        OperatorPrincipal p = verified.get(key);
        if (p == null) {
            return null;
        }
        if (!clock.get().isBefore(p.expiresAt())) {
            verified.remove(key, p);
            return null;
        }
        return p;
    }

    /** Remembers a verified token; one without {@code exp} or already expired is not remembered. */
    public void put(String token, OperatorPrincipal principal) {
        if (maxEntries <= 0 || principal.expiresAt() == null) {
            return;
        }
        Instant now = clock.get();
        if (!now.isBefore(principal.expiresAt())) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(p -> !now.isBefore(p.expiresAt()));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(key(token), principal);
    }

    /** Tokens remembered now. */
    public int size() {
        return verified.size();
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
