package io.switchboard.api.repository;

import java.util.List;

/**
 * Who may write to a dialog, as a predicate on the {@code dialogs} row the one-statement post checks while it
 * takes the row lock. When it does not hold, the post falls back to the full path, whose access check tells
 * the caller why (403/404), so the predicate itself never has to explain anything.
 */
public final class WriteAccess {
    private final String predicate;
    private final List<Object> parameters;

    private WriteAccess(String predicate, List<Object> parameters) {
        this.predicate = predicate;
        this.parameters = parameters;
    }

    /** A widget or site guest: both the assistant and the guest id must match. */
    public static WriteAccess guest(long assistantId, String guestId) {
        return new WriteAccess(" AND d.assistant_id = ? AND d.guest_id = ?", List.of(assistantId, guestId));
    }

    /** An assistant token: dialogs of its assistant. */
    public static WriteAccess assistant(long assistantId) {
        return new WriteAccess(" AND d.assistant_id = ?", List.of(assistantId));
    }

    /**
     * An operator: dialogs of assistants it is a member of, and only while it holds them (the handoff lock:
     * status {@code operator}, assigned to it).
     */
    public static WriteAccess member(long userId) {
        return new WriteAccess(" AND d.status = 'operator' AND d.assigned_operator_id = ? AND EXISTS (SELECT 1"
                + " FROM assistant_members am WHERE am.assistant_id = d.assistant_id AND am.user_id = d.assigned_operator_id)",
                List.of(userId));
    }

    /** An admin: every dialog it holds (status {@code operator}, assigned to it); to write elsewhere it takes over. */
    public static WriteAccess holder(long userId) {
        return new WriteAccess(" AND d.status = 'operator' AND d.assigned_operator_id = ?",
                List.of(userId));
    }

    String predicate() {
        return predicate;
    }

    /** The predicate's parameters, in the order of its {@code ?} placeholders. */
    List<Object> parameters() {
        return parameters;
    }
}
