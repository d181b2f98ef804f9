package io.switchboard.api.auth;

/** The roles carried in a token's {@code groups} claim. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    /** An AI bot's service token, scoped to one assistant by the {@code assistant_id} claim. */
    public static final String ASSISTANT = "assistant";

    private Roles() {
    }
}
