package io.switchboard.socket.testkit;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;

/** Mints tokens like message-api's login does, with the dev private key copied into the tests' resources. */
public final class Tokens {
    private Tokens() {
    }

    /** A valid token for a user with {@code role} ({@code admin} or {@code operator}), valid for an hour. */
    public static String user(long userId, String role) {
        return user(userId, role, Instant.now().plusSeconds(3600));
    }

    /** A token for a user that expires at {@code exp}. */
    public static String user(long userId, String role, Instant exp) {
        return Jwt.issuer("switchboard").audience("switchboard").subject(Long.toString(userId))
                .upn("user" + userId).groups(Set.of(role)).claim("name", "User " + userId)
                .issuedAt(exp.minusSeconds(7200)).expiresAt(exp).sign();
    }

    /** A token that expired well beyond the verifier's clock skew. */
    public static String expired(long userId, String role) {
        return user(userId, role, Instant.now().minusSeconds(3600));
    }

    /** A token signed correctly but issued for another system. */
    public static String wrongIssuer(long userId) {
        return Jwt.issuer("someone-else").audience("switchboard").subject(Long.toString(userId))
                .groups(Set.of("admin")).expiresAt(Instant.now().plusSeconds(3600)).sign();
    }
}
