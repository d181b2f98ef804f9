package io.switchboard.api.service;

/**
 * Checks of query parameters and of values a service checks after its own access or scope check, answering 400 with
 * a message naming the field and what is expected. Request bodies carry their rules as Bean Validation constraints
 * ({@code rest.Bodies}, {@link BodyConstraints}).
 */
public final class Validation {
    private Validation() {
    }

    /** A present, non-blank string of at most {@code max} characters, trimmed. */
    public static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field + " is required and must not be empty.");
        }
        String v = value.trim();
        if (v.codePointCount(0, v.length()) > max) {
            throw ApiException.validation(field + " must be at most " + max + " characters long.");
        }
        return v;
    }

    /** A present whole number. */
    public static long id(Long value, String field) {
        if (value == null) {
            throw ApiException.validation(field + " is required and must be a number.");
        }
        if (value <= 0) {
            throw ApiException.validation(field + " must be a positive number.");
        }
        return value;
    }

    /** A non-negative number, defaulting when absent. */
    public static long nonNegative(Long value, String field, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw ApiException.validation(field + " must not be negative.");
        }
        return value;
    }

    /** A number between {@code min} and {@code max}, defaulting when absent. */
    public static int range(Integer value, String field, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw ApiException.validation(field + " must be between " + min + " and " + max + ".");
        }
        return value;
    }
}
