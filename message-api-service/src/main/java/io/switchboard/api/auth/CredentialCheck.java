package io.switchboard.api.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every request with a JWT checks, in PostgreSQL, that the token was not revoked since it was signed: the user is
 * active and still at the token's version ({@code tv} claim; sign-out, password change and reset move it), or the
 * assistant token is at its assistant's version (rotation and revocation move it). One primary-key read per
 * request and no cache, so a revocation refuses REST at once on every replica.
 */
@ApplicationScoped
public class CredentialCheck implements SecurityIdentityAugmentor {
    @Inject
    UserRepository users;
    @Inject
    AssistantRepository assistants;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            check(jwt);
            return identity;
        });
    }

    private void check(JsonWebToken jwt) {
        long version = tokenVersion(jwt);
        Optional<Long> now;
        // A service token (publish API) shares its assistant's token version: rotating or revoking the assistant's
        // tokens revokes it too.
        boolean assistant = jwt.getGroups() != null
                && (jwt.getGroups().contains(Roles.ASSISTANT) || jwt.getGroups().contains(Roles.SERVICE));
        if (assistant) {
            Object claim = jwt.getClaim(TokenIssuer.ASSISTANT_ID_CLAIM);
            if (!(claim instanceof JsonNumber n)) {
                return;
            }
            now = assistants.tokenVersion(n.longValue());
        } else {
            long userId;
            try {
                userId = Long.parseLong(jwt.getSubject());
            } catch (NumberFormatException | NullPointerException e) {
                return;
            }
            now = users.activeTokenVersion(userId);
        }
        if (now.isEmpty() && !assistant) {
            throw revoked("account_deactivated", "This account is deactivated or no longer exists; ask an admin.");
        }
        if (now.isEmpty() || now.get() != version) {
            throw revoked("token_revoked", assistant
                    ? "This assistant token was rotated or revoked; use the current one."
                    : "You were signed out (sign-out, password change or reset); log in again.");
        }
    }

    private static AuthenticationFailedException revoked(String code, String message) {
        return new AuthenticationFailedException(message, new RevokedCredentialException(code, message));
    }

    /** The {@code tv} claim; tokens from before token versions carry none and count as version 0. */
    public static long tokenVersion(JsonWebToken jwt) {
        Object tv = jwt.getClaim(TokenIssuer.TOKEN_VERSION_CLAIM);
        if (tv instanceof JsonNumber n) {
            return n.longValue();
        }
        if (tv instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }
}
