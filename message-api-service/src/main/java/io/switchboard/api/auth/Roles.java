package io.switchboard.api.auth;

/** The roles carried in a token's {@code groups} claim. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    /** An AI bot's service token, scoped to one assistant by the {@code assistant_id} claim. */
    public static final String ASSISTANT = "assistant";
    /**
     * A backend's publish token, scoped to one assistant ({@code assistant_id}) and to what its {@code scope} claim
     * lists ({@code notifications:publish}, {@code dialogs:system-messages}).
     */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
