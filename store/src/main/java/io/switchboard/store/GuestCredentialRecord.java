package io.switchboard.store;

/**
 * A guest credential's row: the guest it proves, the assistant it is bound to and, when it was issued through a
 * site token, that widget ({@code widgetId} null = issued on the {@code assistant_id} path).
 */
public record GuestCredentialRecord(long id, String guestId, long assistantId, Long widgetId) {
    /** True when this credential may be used on the path it came in through: the same widget, or none for both. */
    public boolean boundTo(long assistantId, Long widgetId) {
        return this.assistantId == assistantId && java.util.Objects.equals(this.widgetId, widgetId);
    }
}
