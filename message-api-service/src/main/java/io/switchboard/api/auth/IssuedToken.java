package io.switchboard.api.auth;

/** A signed JWT and its lifetime in seconds. */
public record IssuedToken(String token, long expiresIn) {
}
