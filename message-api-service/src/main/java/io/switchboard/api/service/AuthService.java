package io.switchboard.api.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.switchboard.api.auth.IssuedToken;
import io.switchboard.api.auth.TokenIssuer;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Password login: bcrypt check, then an RS256 token. */
@ApplicationScoped
public class AuthService {
    /** Compared against when the user does not exist, so timing does not tell which usernames exist. */
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-password-never-used");

    @Inject
    UserRepository users;
    @Inject
    TokenIssuer tokens;
    @Inject
    AbuseLimits limits;

    /**
     * Checks a password from {@code client} (the caller's address key). Throttled per address and per name from
     * that address with growing delays, so a flood of wrong passwords never stops the owner elsewhere.
     */
    public Views.Login login(String username, String password, String client) {
        limits.beforeLogin(client, username);
        Optional<UserRow> user = users.findByUsername(username.trim());
        boolean matches;
        if (user.isPresent()) {
            matches = BcryptUtil.matches(password, user.get().passwordHash());
        } else {
            BcryptUtil.matches(password, DECOY_HASH);
            matches = false;
        }
        if (!matches) {
            limits.loginFailed(client, username);
            throw ApiException.unauthorized("invalid_credentials", "Wrong username or password.");
        }
        UserRow u = user.get();
        if (!u.active()) {
            throw new ApiException(403, "account_deactivated", "This account is deactivated; ask an admin.");
        }
        limits.loginSucceeded(client, username);
        IssuedToken token = tokens.forUser(u);
        return new Views.Login(token.token(), "Bearer", token.expiresIn(), view(u));
    }

    static Views.User view(UserRow u) {
        return new Views.User(u.id(), u.username(), u.displayName(), u.role(), u.active());
    }
}
