package io.switchboard.api.entity;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.switchboard.api.repository.NotificationRow;
import io.switchboard.events.EventCodec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A notification of one user (table {@code notifications}); {@code seq} numbers the user's notifications 1, 2, 3, … */
@Entity
@Table(name = "notifications")
public class Notification extends Stored {
    @Column(name = "user_id", nullable = false, updatable = false)
    public long userId;

    @Column(nullable = false, updatable = false)
    public long seq;

    @Column(nullable = false, updatable = false, length = 60)
    public String kind;

    /** The JSON object, as text ({@code jsonb} in the table). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public String payload;

    @Column(name = "source_event_id", updatable = false, length = 200)
    public String sourceEventId;

    @Column(name = "read_at")
    public Instant readAt;

    public NotificationRow row() {
        try {
            return new NotificationRow(id, userId, seq, kind, EventCodec.mapper().readTree(payload), createdAt, readAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification " + id + " has a payload that is not JSON", e);
        }
    }
}
