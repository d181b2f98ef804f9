package io.switchboard.api.auth;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.AssistantRow;
import io.switchboard.api.repository.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;

/**
 * Signs RS256 tokens (key from {@code smallrye.jwt.sign.key.location} or {@code smallrye.jwt.sign.key}) that
 * this service and the socket services verify with the public key: issuer and audience {@code switchboard},
 * {@code sub} = user id, {@code upn} = username, {@code groups} = [role], {@code name} = display name.
 */
@ApplicationScoped
public class TokenIssuer {
    /** Claim naming the assistant an assistant service token speaks for. */
    public static final String ASSISTANT_ID_CLAIM = "assistant_id";
    /** Space-separated scopes of a service token. */
    public static final String SCOPE_CLAIM = "scope";
    /** Claim carrying the user's or the assistant token's version at signing; a bump revokes every older token. */
    public static final String TOKEN_VERSION_CLAIM = "tv";

    @Inject
    SwitchboardConfig config;

    /** An operator's or admin's login token. */
    public IssuedToken forUser(UserRow user) {
        return signed(claims(Long.toString(user.id()), user.username(), user.role())
                .claim("name", user.displayName())
                .claim(TOKEN_VERSION_CLAIM, user.tokenVersion()), config.jwt().lifetime());
    }

    /** A long-lived token for an assistant's bot service: it may post {@code sender: assistant} replies. */
    public IssuedToken forAssistant(AssistantRow assistant) {
        return signed(claims("assistant:" + assistant.id(), "assistant-" + assistant.id(), Roles.ASSISTANT)
                .claim(ASSISTANT_ID_CLAIM, assistant.id())
                .claim("name", assistant.name())
                .claim(TOKEN_VERSION_CLAIM, assistant.tokenVersion()), config.jwt().assistantTokenLifetime());
    }

    /** A backend's publish token for one assistant, limited to {@code scopes}. */
    public IssuedToken forService(AssistantRow assistant, java.util.Collection<String> scopes) {
        return signed(claims("service:" + assistant.id(), "service-" + assistant.id(), Roles.SERVICE)
                .claim(ASSISTANT_ID_CLAIM, assistant.id())
                .claim(SCOPE_CLAIM, String.join(" ", scopes))
                .claim("name", assistant.name())
                // revoked together with the assistant's tokens (CredentialCheck)
                .claim(TOKEN_VERSION_CLAIM, assistant.tokenVersion()), config.jwt().assistantTokenLifetime());
    }

    /** What every token says: issuer, audience, subject, upn and its one role. */
    private JwtClaimsBuilder claims(String subject, String upn, String role) {
        return Jwt.issuer(config.jwt().issuer())
                .audience(config.jwt().audience())
                .subject(subject)
                .upn(upn)
                .groups(Set.of(role));
    }

    private static IssuedToken signed(JwtClaimsBuilder claims, Duration lifetime) {
        return new IssuedToken(claims.expiresIn(lifetime).sign(), lifetime.toSeconds());
    }
}
