package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The state of a dialog as the operators' dialog list shows it. {@code unread} is the team's
 * unread count (messages after the highest operator read watermark); a dashboard that wants
 * its own count computes {@code last_seq - own watermark}. The guest appears only as its non-secret
 * {@code guest_label}; the guest id is never shown (see {@code GuestLabels}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DialogPayload(
        @JsonProperty("id") long id,
        @JsonProperty("assistant_id") long assistantId,
        @JsonProperty("guest_label") String guestLabel,
        @JsonProperty("status") String status,
        @JsonProperty("assigned_operator_id") Long assignedOperatorId,
        @JsonProperty("last_seq") long lastSeq,
        @JsonProperty("unread") Long unread,
        @JsonProperty("last_message_at") Instant lastMessageAt,
        @JsonProperty("last_message_preview") String lastMessagePreview,
        @JsonProperty("last_message_sender") String lastMessageSender) {
}
