package io.switchboard.events;

import java.nio.charset.StandardCharsets;

/**
 * WebSocket close codes of the protocol. Every close carries a human-readable reason;
 * an auth or access problem is never a bare 1006.
 */
public final class CloseCodes {
    /** A normal close: the client (or the server, for a finished SSE stream) ended it on purpose. */
    public static final int NORMAL = 1000;
    /** Server shutting down; reconnect elsewhere after the hinted delay. */
    public static final int GOING_AWAY = 1001;
    /**
     * Never sent: what a client reports when the connection broke without a close frame (a node killed, a
     * network cut, a proxy that dropped the upgrade). Reconnect as for {@link #SERVER_ERROR}.
     */
    public static final int NO_CLOSE_FRAME = 1006;
    /** A frame over the size limit (an {@code error} frame with {@code frame_too_large} comes first). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Unexpected server error; reconnect with the cursor. */
    public static final int SERVER_ERROR = 1011;
    /** Server restarting; reconnect after the hinted delay. */
    public static final int SERVICE_RESTART = 1012;
    /** PostgreSQL or Redis unavailable during the check: try again in a few seconds. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** Malformed frame (sent after an {@code error} frame). */
    public static final int BAD_FRAME = 4400;
    /** Missing, bad or expired credentials, or a reused ticket. */
    public static final int UNAUTHORIZED = 4401;
    /** The dialog or origin is not yours. */
    public static final int FORBIDDEN = 4403;
    /** Unknown dialog. */
    public static final int NOT_FOUND = 4404;
    /** Slow consumer: the outbound queue overflowed; the reason names the last delivered seq. */
    public static final int SLOW_CONSUMER = 4408;
    /** Too many frames or connections. */
    public static final int RATE_LIMITED = 4429;

    /** RFC 6455 allows at most 123 bytes of UTF-8 in a close reason. */
    public static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    /** Cuts a reason to what fits in a close frame, never splitting a character. */
    public static String fitReason(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > MAX_REASON_BYTES) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
