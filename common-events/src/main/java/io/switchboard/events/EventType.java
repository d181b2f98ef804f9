package io.switchboard.events;

/**
 * Names of the event types carried in {@link Envelope#type()}. Types are plain strings on the
 * wire so that a service that does not know a newer type still passes it through untouched.
 */
public final class EventType {
    public static final String MESSAGE_NEW = "message:new";
    public static final String DIALOG_NEW = "dialog:new";
    public static final String DIALOG_UPDATE = "dialog:update";
    public static final String TYPING = "typing";
    public static final String READ = "read";
    public static final String NOTIFICATION_NEW = "notification:new";
    /** Notifications were marked read: {@code ids} or {@code up_to_seq}, and the user's {@code unread} count. */
    public static final String NOTIFICATION_READ = "notification:read";
    /** The assistants a user sees changed (membership added or removed, assistant created). */
    public static final String MEMBERSHIP_UPDATE = "membership:update";
    /** An operator's presence changed: {@code user_id}, {@code presence} (online, away, offline), on each of their assistants' channels. */
    public static final String PRESENCE_UPDATE = "presence:update";

    private EventType() {
    }

    /** True for the types that {@code seq} orders: a gap in them is repaired from PostgreSQL. */
    public static boolean isSequenced(String type) {
        return MESSAGE_NEW.equals(type);
    }
}
