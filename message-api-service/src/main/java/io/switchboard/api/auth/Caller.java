package io.switchboard.api.auth;

import io.switchboard.api.service.ApiException;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, as the verified JWT of this request says. */
@RequestScoped
public class Caller {
    @Inject
    JsonWebToken jwt;

    /** {@code admin}, {@code operator} or {@code assistant}. */
    public String role() {
        if (jwt.getGroups().contains(Roles.ADMIN)) {
            return Roles.ADMIN;
        }
        if (jwt.getGroups().contains(Roles.OPERATOR)) {
            return Roles.OPERATOR;
        }
        if (jwt.getGroups().contains(Roles.ASSISTANT)) {
            return Roles.ASSISTANT;
        }
        if (jwt.getGroups().contains(Roles.SERVICE)) {
            return Roles.SERVICE;
        }
        throw ApiException.forbidden("Your token carries no role this service knows.");
    }

    public boolean isAdmin() {
        return Roles.ADMIN.equals(role());
    }

    public boolean isAssistant() {
        return Roles.ASSISTANT.equals(role());
    }

    public boolean isService() {
        return Roles.SERVICE.equals(role());
    }

    /** Whether a service token's {@code scope} claim (space-separated) grants {@code scope}. */
    public boolean hasScope(String scope) {
        Object claim = jwt.getClaim(TokenIssuer.SCOPE_CLAIM);
        String s = claim instanceof jakarta.json.JsonString js ? js.getString() : claim == null ? "" : claim.toString();
        return java.util.Arrays.asList(s.trim().split("\\s+")).contains(scope);
    }

    /** The user id of an operator or admin. */
    public long userId() {
        if (isService()) {
            throw ApiException.forbidden("A service token cannot do this; it may only publish within its scopes.");
        }
        if (isAssistant()) {
            throw ApiException.forbidden("An assistant token cannot do this; it may only post replies.");
        }
        try {
            return Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException e) {
            throw ApiException.unauthorized("invalid_token", "The token's subject is not a user id; log in again.");
        }
    }

    /** The assistant an assistant or service token speaks for. */
    public long assistantId() {
        Object claim = jwt.getClaim(TokenIssuer.ASSISTANT_ID_CLAIM);
        if (claim instanceof JsonNumber n) {
            return n.longValue();
        }
        if (claim instanceof Number n) {
            return n.longValue();
        }
        throw ApiException.forbidden("This assistant token names no assistant.");
    }

    public String username() {
        return jwt.getName();
    }

    /** The name people see next to this caller's messages. */
    public String displayName() {
        Object name = jwt.getClaim("name");
        String s = name == null ? null : name.toString();
        if (name instanceof jakarta.json.JsonString js) {
            s = js.getString();
        }
        return s == null || s.isBlank() ? jwt.getName() : s;
    }

    /** Epoch seconds when the token expires. */
    public long expiresAt() {
        return jwt.getExpirationTime();
    }

    /** The token's {@code tv} claim (0 when absent). */
    public long tokenVersion() {
        return CredentialCheck.tokenVersion(jwt);
    }

    /** This operator's name in {@code read_state}. */
    public String reader() {
        return StoreWrites.operatorReader(userId());
    }
}
