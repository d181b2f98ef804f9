package io.switchboard.api.entity;

import io.switchboard.store.DialogRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Generated;

/**
 * A dialog (table {@code dialogs}): one guest's conversation with an assistant. {@code lastSeq} is taken by the post
 * statement in the inserting transaction ({@link io.switchboard.api.repository.MessageRepository}), so the services
 * read dialogs as values ({@link DialogRecord}, the dialog payload) and change them with statements, never by
 * keeping an entity whose seq a later statement in the same transaction has moved.
 */
@Entity
@Table(name = "dialogs")
public class Dialog extends Stored {
    @Column(name = "assistant_id", nullable = false, updatable = false)
    public long assistantId;

    @Column(name = "guest_id", nullable = false, updatable = false, length = 200)
    public String guestId;

    /** What operators see instead of the guest id; a generated column (V2). */
    @Generated
    @Column(name = "guest_label", insertable = false, updatable = false)
    public String guestLabel;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(name = "assigned_operator_id")
    public Long assignedOperatorId;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "last_message_at")
    public Instant lastMessageAt;

    @Column(name = "last_message_preview", length = 200)
    public String lastMessagePreview;

    @Column(name = "last_message_sender", length = 16)
    public String lastMessageSender;

    @Column(name = "updated_at", insertable = false)
    public Instant updatedAt;

    /**
     * When the dialog last began to wait for an operator, kept by a trigger (V16). Read-only here, like
     * {@link #waitingAlertedAt}: no flush of a dialog entity ever writes either column.
     */
    @Column(name = "waiting_since", insertable = false, updatable = false)
    public Instant waitingSince;

    /** When this wait's email alert was claimed; set and cleared only by WaitingAlerts' conditional updates. */
    @Column(name = "waiting_alerted_at", insertable = false, updatable = false)
    public Instant waitingAlertedAt;

    /**
     * The guest-post budget's tokens left at {@link #guestPostAt} ({@code null}: a full bucket; V25). Read-only here:
     * only the post statement and {@code DialogRepository.spendGuestPost} write them, under the row lock.
     */
    @Column(name = "guest_post_tokens", insertable = false, updatable = false)
    public Double guestPostTokens;

    @Column(name = "guest_post_at", insertable = false, updatable = false)
    public Instant guestPostAt;

    public DialogRecord record() {
        return new DialogRecord(id, assistantId, guestId, status, assignedOperatorId, lastSeq);
    }
}
