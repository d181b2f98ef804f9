package io.switchboard.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** What makes a valid account, the same for the REST API and the launcher's {@code admin} command. */
public final class Accounts {
    /** 1 to 100 letters, digits or {@code . _ @ -}. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    public static final int MIN_PASSWORD = 8;
    /** bcrypt reads at most 72 bytes of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";

    private Accounts() {
    }

    /** Why a username is not acceptable, or empty. */
    public static Optional<String> usernameProblem(String username) {
        return username != null && USERNAME.matcher(username.trim()).matches() ? Optional.empty()
                : Optional.of("username is required: 1 to 100 letters, digits or . _ @ -");
    }

    /** Why a password is not acceptable ({@code field} names it in the message), or empty. */
    public static Optional<String> passwordProblem(String password, String field) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return Optional.of(field + " must be at least " + MIN_PASSWORD + " characters long.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return Optional.of(field + " must be at most " + MAX_PASSWORD_BYTES + " bytes long.");
        }
        return Optional.empty();
    }
}
