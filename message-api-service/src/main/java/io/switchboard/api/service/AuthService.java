package io.switchboard.api.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.switchboard.api.auth.IssuedToken;
import io.switchboard.api.auth.TokenIssuer;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.UserRepository;
import io.switchboard.api.repository.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;

/** Password login: bcrypt check, then an RS256 token. */
@ApplicationScoped
public class AuthService {
    /** Compared against when the user does not exist, so timing does not tell which usernames exist. */
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-password-never-used");

    private final RateLimiter failedLogins = new RateLimiter(60_000);

    @Inject
    UserRepository users;
    @Inject
    TokenIssuer tokens;
    @Inject
    SwitchboardConfig config;

    public Views.Login login(String username, String password) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ApiException.validation("username and password are required.");
        }
        String key = username.trim().toLowerCase(Locale.ROOT);
        if (failedLogins.current(key) >= config.limits().failedLoginsPerMinute()) {
            throw ApiException.rateLimited("Too many failed logins for this user; wait a minute and try again.");
        }
        Optional<UserRow> user = users.findByUsername(username.trim());
        boolean matches;
        if (user.isPresent()) {
            matches = BcryptUtil.matches(password, user.get().passwordHash());
        } else {
            BcryptUtil.matches(password, DECOY_HASH);
            matches = false;
        }
        if (!matches) {
            failedLogins.hit(key);
            throw ApiException.unauthorized("invalid_credentials", "Wrong username or password.");
        }
        UserRow u = user.get();
        if (!u.active()) {
            throw new ApiException(403, "account_deactivated", "This account is deactivated; ask an admin.");
        }
        IssuedToken token = tokens.forUser(u);
        return new Views.Login(token.token(), "Bearer", token.expiresIn(), view(u));
    }

    static Views.User view(UserRow u) {
        return new Views.User(u.id(), u.username(), u.displayName(), u.role(), u.active());
    }
}
