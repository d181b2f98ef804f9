package io.switchboard.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The address a visitor left in the widget while no operator was online (table {@code guest_emails}, V16): operators'
 * replies the visitor did not see are mailed there, with a Reply-To carrying {@code replyToken}; a reply to that mail
 * becomes the visitor's message in this dialog. {@code mailedSeq}: the dialog's seq up to which the visitor's mail is
 * settled. One row per dialog, walled off by {@code assistantId}.
 */
@Entity
@Table(name = "guest_emails")
public class GuestEmail extends PanacheEntityBase {
    @Id
    @Column(name = "dialog_id")
    public Long dialogId;

    @Column(name = "assistant_id", nullable = false, updatable = false)
    public long assistantId;

    @Column(nullable = false, length = 254)
    public String email;

    @Column(length = 35)
    public String locale;

    @Column(name = "reply_token", nullable = false, length = 64)
    public String replyToken;

    @Column(name = "mailed_seq", nullable = false)
    public long mailedSeq;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static GuestEmail byToken(String token) {
        return find("replyToken", token).firstResult();
    }
}
