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

    /** A well-formed token signed with a key that is not the server's. */
    public static String forged(long userId) {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return Jwt.issuer("switchboard").audience("switchboard").subject(Long.toString(userId))
                    .groups(Set.of("admin")).expiresAt(Instant.now().plusSeconds(3600)).sign(g.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}) claiming to be an admin. */
    public static String unsigned(long userId) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String body = b64.encodeToString(("{\"iss\":\"switchboard\",\"aud\":\"switchboard\",\"sub\":\"" + userId
                + "\",\"groups\":[\"admin\"],\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes());
        return header + "." + body + ".";
    }

    /** A valid signature over a role Switchboard does not know. */
    public static String withRole(long userId, String role) {
        return Jwt.issuer("switchboard").audience("switchboard").subject(Long.toString(userId)).groups(Set.of(role))
                .expiresAt(Instant.now().plusSeconds(3600)).sign();
    }

    /** The long-lived token of an assistant's bot service, scoped to that assistant. */
    public static String assistant(long assistantId) {
        return Jwt.issuer("switchboard").audience("switchboard").subject("assistant:" + assistantId)
                .groups(Set.of("assistant")).claim("assistant_id", assistantId)
                .expiresAt(Instant.now().plusSeconds(3600)).sign();
    }

    /** A token signed correctly but issued for another system. */
    public static String wrongIssuer(long userId) {
        return Jwt.issuer("someone-else").audience("switchboard").subject(Long.toString(userId))
                .groups(Set.of("admin")).expiresAt(Instant.now().plusSeconds(3600)).sign();
    }
}
