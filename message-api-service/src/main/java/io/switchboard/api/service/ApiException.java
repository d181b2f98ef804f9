package io.switchboard.api.service;

/**
 * A failure the caller should see as {@code {"error": code, "message": message}} with an HTTP status.
 * Messages are written for a person and never name a credential or another user's data.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds for a {@code Retry-After} header; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** 400: the request is malformed or a field is missing or out of range. */
    public static ApiException validation(String message) {
        return new ApiException(400, "validation", message);
    }

    /** 401: no or bad credentials. */
    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    /** 403: known caller, but not theirs. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    /** 404: nothing by that id. */
    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    /** 404 {@code assistant_not_found}. */
    public static ApiException assistantNotFound(long assistantId) {
        return notFound("assistant_not_found", "There is no assistant with id " + assistantId + ".");
    }

    /** 409: the current state does not allow it. */
    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    /** 429: too many requests in a short time. */
    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", message, Math.max(1, retryAfterSeconds));
    }

    /** 503: a dependency is down. */
    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message);
    }
}
