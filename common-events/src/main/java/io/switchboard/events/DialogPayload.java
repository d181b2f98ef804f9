package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The state of a dialog as the operators' dialog list shows it. {@code unread} is the team's
 * unread count (messages after the highest operator read watermark); a dashboard that wants
 * its own count computes {@code last_seq - own watermark}. The guest appears only as its non-secret
 * {@code guest_label}; the guest id is never shown (see {@code GuestLabels}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DialogPayload(long id, long assistantId, String guestLabel, String status, Long assignedOperatorId,
        long lastSeq, Long unread, Instant lastMessageAt, String lastMessagePreview, String lastMessageSender) {
}
