package io.switchboard.api.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event bound for one endpoint: the outbox row. Written by {@link WebhookOutbox} in the transaction of the
 * change (plain SQL, it rides on the post path), sent and updated by {@link WebhookDispatcher}; read and
 * re-queued here.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    public Long id;
    @Column(name = "endpoint_id")
    public Long endpointId;
    @Column(name = "assistant_id")
    public Long assistantId;
    @Column(name = "dialog_id")
    public Long dialogId;
    @Column(name = "event_id")
    public String eventId;
    public String kind;
    public String body;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "give_up_at")
    public Instant giveUpAt;
    @Column(name = "locked_until")
    public Instant lockedUntil;
    @Column(name = "last_status")
    public Integer lastStatus;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
