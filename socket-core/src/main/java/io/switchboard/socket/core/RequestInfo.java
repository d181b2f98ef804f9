package io.switchboard.socket.core;

import io.switchboard.logging.CredentialMasking;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A connection attempt seen the same way for a WebSocket upgrade and an SSE request: path
 * parameters, decoded query parameters, headers and the peer.
 */
public record RequestInfo(String transport, String path, String rawQuery, Map<String, List<String>> query,
                          Function<String, String> headers, Function<String, String> pathParams,
                          String remoteAddress) {

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A header value, or null. */
    public String header(String name) {
        return headers.apply(name);
    }

    /** A path parameter, or null. */
    public String pathParam(String name) {
        return pathParams.apply(name);
    }

    /** The {@code Origin} header, or null for non-browser clients. */
    public String origin() {
        return header("Origin");
    }

    /** The path with its query, credentials masked: what logs may show. */
    public String maskedTarget() {
        return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + CredentialMasking.mask(rawQuery);
    }

    /**
     * The resume point: {@code ?after_seq=} or, for SSE, the {@code Last-Event-ID} header; null when absent.
     *
     * @throws IllegalArgumentException when present but not a non-negative whole number
     */
    public Long afterSeq() {
        Long query = cursor(query("after_seq"), "after_seq");
        return query != null ? query : cursor(header("Last-Event-ID"), "Last-Event-ID");
    }

    /**
     * The notification cursor of a user-level stream: {@code ?after_notification=} or, for SSE, the
     * {@code Last-Event-ID} header (on a user-level stream only notifications carry an {@code id:}); null when absent.
     *
     * @throws IllegalArgumentException when present but not a non-negative whole number
     */
    public Long afterNotification() {
        Long query = cursor(query("after_notification"), "after_notification");
        Long header = cursor(header("Last-Event-ID"), "Last-Event-ID");
        // A browser's own SSE reconnect repeats the URL's (older) cursor and adds Last-Event-ID: the newer wins.
        if (query == null) {
            return header;
        }
        return header == null ? query : Long.valueOf(Math.max(query, header));
    }

    private static Long cursor(String v, String name) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a non-negative whole number");
        }
    }

    /** A numeric path parameter, or null when absent or not a number. */
    public Long longPathParam(String name) {
        return parseLong(pathParam(name));
    }

    /** A numeric query parameter, or null when absent or not a number. */
    public Long longQuery(String name) {
        return parseLong(query(name));
    }

    private static Long parseLong(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
