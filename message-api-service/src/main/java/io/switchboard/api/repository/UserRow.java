package io.switchboard.api.repository;

/** An operator or admin account. */
public record UserRow(long id, String username, String passwordHash, String displayName, String role, boolean active,
                      long tokenVersion) {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
}
