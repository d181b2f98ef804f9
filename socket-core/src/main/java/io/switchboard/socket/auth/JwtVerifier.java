package io.switchboard.socket.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.socket.config.SocketConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies the RS256 JWTs message-api issues (public key, issuer and audience from
 * {@code mp.jwt.verify.*}). The result says in plain words why a token is refused.
 */
@ApplicationScoped
public class JwtVerifier {
    /** The claim carrying the version of the user or assistant token the JWT was issued at (absent = 0). */
    public static final String TOKEN_VERSION_CLAIM = "tv";

    @Inject
    JWTParser parser;

    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    SocketConfig config;

    private volatile VerifiedTokenCache cache;

    private VerifiedTokenCache cache() {
        VerifiedTokenCache c = cache;
        if (c == null) {
            c = new VerifiedTokenCache(config.connections().verifiedTokens(), Instant::now);
            cache = c;
        }
        return c;
    }

    private boolean keyConfigured() {
        return publicKey.filter(k -> !k.isBlank()).isPresent() || publicKeyLocation.filter(k -> !k.isBlank()).isPresent();
    }

    void warnWithoutKey(@Observes StartupEvent event) {
        if (io.quarkus.runtime.configuration.ConfigUtils.isProfileActive("prod")) {
            // A published key would let anyone sign admin tokens: refuse to start rather than trust it.
            io.switchboard.events.RepositoryKeys.refuseIfPublished("MP_JWT_VERIFY_PUBLICKEY(_LOCATION)", publicKey,
                    publicKeyLocation);
        }
        if (!keyConfigured()) {
            Log.warn("no JWT public key configured (set MP_JWT_VERIFY_PUBLICKEY_LOCATION or MP_JWT_VERIFY_PUBLICKEY):"
                    + " every operator token will be refused");
        }
    }

    /** The outcome of a verification: a principal, or the reason it was refused. */
    public record Result(OperatorPrincipal principal, String failure) {
        public boolean ok() {
            return principal != null;
        }
    }

    /**
     * Verifies {@code token}; never throws. A token verified before and not expired since is answered from
     * {@link VerifiedTokenCache} without the RSA check; everything else (unknown, different, expired or
     * refused tokens) goes through the full verification.
     */
    public Result verify(String token) {
        if (token == null || token.isBlank()) {
            return new Result(null, "missing token");
        }
        if (!keyConfigured()) {
            return new Result(null, "token cannot be verified: no JWT public key configured on this server");
        }
        String trimmed = token.trim();
        OperatorPrincipal known = cache().get(trimmed);
        if (known != null) {
            return new Result(known, null);
        }
        Result r = parse(trimmed);
        if (r.ok()) {
            cache().put(trimmed, r.principal());
        }
        return r;
    }

    private Result parse(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return new Result(null, expired(e) ? "token expired" : "invalid token");
        } catch (RuntimeException e) {
            return new Result(null, "invalid token");
        }
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        String role = groups.contains(OperatorPrincipal.ADMIN) ? OperatorPrincipal.ADMIN
                : groups.contains(OperatorPrincipal.OPERATOR) ? OperatorPrincipal.OPERATOR
                : groups.contains(OperatorPrincipal.ASSISTANT) ? OperatorPrincipal.ASSISTANT : null;
        if (role == null) {
            return new Result(null, "token has no switchboard role");
        }
        Long userId = parseLong(jwt.getSubject());
        Long assistantId = parseLong(claimText(jwt.getClaim("assistant_id")));
        if (!OperatorPrincipal.ASSISTANT.equals(role) && userId == null) {
            return new Result(null, "token has no numeric subject");
        }
        if (OperatorPrincipal.ASSISTANT.equals(role) && assistantId == null) {
            return new Result(null, "assistant token has no assistant_id");
        }
        String username = jwt.getName();
        String display = claimText(jwt.getClaim("name"));
        Instant exp = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
        Long tv = parseLong(claimText(jwt.getClaim(TOKEN_VERSION_CLAIM)));
        return new Result(new OperatorPrincipal(OperatorPrincipal.ASSISTANT.equals(role) ? null : userId, username,
                display == null ? username : display, role, assistantId, exp, tv == null ? 0 : tv), null);
    }

    private static boolean expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException ije && ije.hasExpired()) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("expired")) {
                return true;
            }
        }
        return false;
    }

    private static String claimText(Object claim) {
        if (claim == null) {
            return null;
        }
        if (claim instanceof jakarta.json.JsonString s) {
            return s.getString();
        }
        if (claim instanceof jakarta.json.JsonNumber n) {
            return n.toString();
        }
        return claim.toString();
    }

    private static Long parseLong(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
