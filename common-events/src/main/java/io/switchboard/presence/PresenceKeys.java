package io.switchboard.presence;

/**
 * The Redis layout of presence, written by the socket nodes and read by message-api. Presence is kept in Redis
 * (never per node), so any node answers the same, and a node that dies takes its connections with it by expiry:
 * <ul>
 *   <li>{@code presence:op:{user_id}}: a sorted set with one member per open admin-ws connection of the operator
 *       ({@code node_id:connection_id}), scored by the epoch millisecond at which it lapses. Its node pushes the
 *       score forward while the connection is open and removes the member when it closes; a killed node's members
 *       lapse. The key itself gets a TTL as long as its longest member, so it vanishes once all have lapsed.</li>
 *   <li>{@code presence:away:{user_id}}: present while the operator set themselves away by hand.</li>
 *   <li>{@code presence:active:{user_id}}: epoch milliseconds of the operator's last activity (a frame that
 *       shows a person at the keyboard); older than the idle limit means away.</li>
 *   <li>{@code presence:guest:{dialog_id}}: the same sorted set as {@code presence:op} for the visitor's
 *       widget-ws connections to the dialog; {@code presence:guest-seen:{dialog_id}} holds when the visitor was
 *       last connected (epoch milliseconds).</li>
 * </ul>
 */
public final class PresenceKeys {
    public static final String OPERATOR_PREFIX = "presence:op:";
    public static final String AWAY_PREFIX = "presence:away:";
    public static final String ACTIVE_PREFIX = "presence:active:";
    public static final String GUEST_PREFIX = "presence:guest:";
    public static final String GUEST_SEEN_PREFIX = "presence:guest-seen:";

    private PresenceKeys() {
    }

    public static String operator(long userId) {
        return OPERATOR_PREFIX + userId;
    }

    public static String away(long userId) {
        return AWAY_PREFIX + userId;
    }

    public static String active(long userId) {
        return ACTIVE_PREFIX + userId;
    }

    public static String guest(long dialogId) {
        return GUEST_PREFIX + dialogId;
    }

    public static String guestSeen(long dialogId) {
        return GUEST_SEEN_PREFIX + dialogId;
    }
}
