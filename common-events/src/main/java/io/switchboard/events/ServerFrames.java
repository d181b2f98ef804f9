package io.switchboard.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Builders for the control frames a server sends: {@code connected}, {@code subscribed}, {@code pong}, {@code error}. */
public final class ServerFrames {
    private ServerFrames() {
    }

    /**
     * First frame on every socket: who the server thinks you are and how often it pings.
     *
     * @param identity e.g. {@code operator:5} or {@code guest:abc}; never a credential
     */
    public static String connected(String identity, String connectionId, long heartbeatSeconds) {
        return frame("connected").put("identity", identity).put("connection_id", connectionId)
                .put("heartbeat_interval", heartbeatSeconds).put("server_time", Instant.now().toString()).toString();
    }

    /** Confirms a dialog subscription; catch-up events with seq up to {@code lastSeq} follow. */
    public static String subscribed(long dialogId, long lastSeq) {
        return frame("subscribed").put("dialog_id", dialogId).put("last_seq", lastSeq).toString();
    }

    /** Confirms an unsubscribe. */
    public static String unsubscribed(long dialogId) {
        return frame("unsubscribed").put("dialog_id", dialogId).toString();
    }

    /** Answer to a client {@code ping}. */
    public static String pong() {
        return "{\"type\":\"pong\"}";
    }

    /** A problem the client should show or log; {@code code} is machine-readable. */
    public static String error(String code, String message) {
        return frame("error").put("code", code).put("message", message).toString();
    }

    private static ObjectNode frame(String type) {
        return EventCodec.mapper().createObjectNode().put("type", type);
    }
}
