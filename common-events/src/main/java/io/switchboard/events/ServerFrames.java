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
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("type", "connected");
        n.put("identity", identity);
        n.put("connection_id", connectionId);
        n.put("heartbeat_interval", heartbeatSeconds);
        n.put("server_time", Instant.now().toString());
        return n.toString();
    }

    /** Confirms a dialog subscription; catch-up events with seq up to {@code lastSeq} follow. */
    public static String subscribed(long dialogId, long lastSeq) {
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("type", "subscribed");
        n.put("dialog_id", dialogId);
        n.put("last_seq", lastSeq);
        return n.toString();
    }

    /** Confirms an unsubscribe. */
    public static String unsubscribed(long dialogId) {
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("type", "unsubscribed");
        n.put("dialog_id", dialogId);
        return n.toString();
    }

    /** Answer to a client {@code ping}. */
    public static String pong() {
        return "{\"type\":\"pong\"}";
    }

    /** A problem the client should show or log; {@code code} is machine-readable. */
    public static String error(String code, String message) {
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("type", "error");
        n.put("code", code);
        n.put("message", message);
        return n.toString();
    }
}
