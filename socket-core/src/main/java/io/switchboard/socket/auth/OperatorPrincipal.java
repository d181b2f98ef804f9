package io.switchboard.socket.auth;

import java.time.Instant;

/**
 * A verified operator, admin or assistant-service identity (from a JWT or a one-time ticket).
 *
 * @param userId      the user id ({@code sub}); null for assistant service tokens
 * @param assistantId the assistant an {@code assistant} token is scoped to; null otherwise
 * @param expiresAt   when the credential stops being valid; null = never
 * @param tokenVersion the {@code tv} claim: the user's (or the assistant token's) version the credential was issued
 *                     at; 0 when absent
 */
public record OperatorPrincipal(Long userId, String username, String displayName, String role, Long assistantId,
                                Instant expiresAt, long tokenVersion) {

    /**
     * The role as one of the constants below when it is one: a role parsed from a ticket or a token is a new string
     * per connection, which each session would otherwise keep in its identity (~48 bytes per idle socket).
     */
    public OperatorPrincipal {
        role = ADMIN.equals(role) ? ADMIN : OPERATOR.equals(role) ? OPERATOR : ASSISTANT.equals(role) ? ASSISTANT : role;
    }

    public OperatorPrincipal(Long userId, String username, String displayName, String role, Long assistantId,
                             Instant expiresAt) {
        this(userId, username, displayName, role, assistantId, expiresAt, 0);
    }

    /**
     * The revocation subject of the credential itself ({@code user:{id}} or {@code assistant-token:{assistant}}),
     * with the version it was issued at.
     */
    public java.util.Map<String, Long> credentialSubject() {
        return userId != null ? java.util.Map.of(io.switchboard.events.Revocation.user(userId), tokenVersion)
                : java.util.Map.of(io.switchboard.events.Revocation.assistantToken(assistantId), tokenVersion);
    }

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String ASSISTANT = "assistant";

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }

    /** True for the roles that may read the operators' streams and stats. */
    public boolean isStaff() {
        return ADMIN.equals(role) || OPERATOR.equals(role);
    }
}
