package io.switchboard.api.auth;

/**
 * Why an authentication failed: carried as the cause of Quarkus' (final) AuthenticationFailedException, so the
 * error mapper answers with its code. A JWT with a valid signature whose user was deactivated, signed out, or whose assistant token was rotated. */
public class RevokedCredentialException extends RuntimeException {
    private final String code;

    public RevokedCredentialException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** {@code account_deactivated} or {@code token_revoked}. */
    public String code() {
        return code;
    }
}
