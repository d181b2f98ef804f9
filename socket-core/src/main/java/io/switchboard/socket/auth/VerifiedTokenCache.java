package io.switchboard.socket.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * JWTs whose signature, issuer and audience were already verified, so the many sockets of one
 * operator (and a reconnect storm) skip the RSA check. Keyed by the SHA-256 of the token, never by
 * the token itself; an entry is only returned strictly before the token's {@code exp} and is dropped
 * at it, so an expired token is always verified (and refused) again. Bounded: a Caffeine cache of at
 * most {@code maxEntries} tokens, each expiring at its own {@code exp} on the cache's clock.
 */
public final class VerifiedTokenCache {
    private final Cache<String, OperatorPrincipal> verified;
    private final int maxEntries;
    private final Supplier<Instant> clock;

    public VerifiedTokenCache(int maxEntries, Supplier<Instant> clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(Math.max(0, maxEntries))
                .expireAfter(Expiry.creating((String key, OperatorPrincipal p) -> java.time.Duration.ofNanos(
                        Math.max(0, nanos(p.expiresAt()) - nanos(clock.get())))))
                .ticker(() -> nanos(clock.get())).executor(Runnable::run).build();
    }

    /** The principal a previous verification of exactly this token gave, if it has not expired since. */
    public OperatorPrincipal get(String token) {
        if (maxEntries <= 0) {
            return null;
        }
        String key = key(token);
        OperatorPrincipal p = verified.getIfPresent(key);
        if (p == null) {
            return null;
        }
        if (!clock.get().isBefore(p.expiresAt())) {
            verified.asMap().remove(key, p);
            return null;
        }
        return p;
    }

    /** Remembers a verified token; one without {@code exp} or already expired is not remembered. */
    public void put(String token, OperatorPrincipal principal) {
        if (maxEntries <= 0 || principal.expiresAt() == null || !clock.get().isBefore(principal.expiresAt())) {
            return;
        }
        verified.put(key(token), principal);
    }

    /** Tokens remembered now. */
    public int size() {
        verified.cleanUp();
        return (int) verified.estimatedSize();
    }

    /** The cache's clock in nanoseconds since the epoch (fits a long until 2262). */
    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
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
