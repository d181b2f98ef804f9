package io.switchboard.api.assign;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * An assistant's automatic assignment (table {@code assignment_policies}, V12): whether waiting dialogs go to its
 * online members by themselves, how many open dialogs each member may hold before being skipped, and the
 * round-robin pointer every message-api replica shares (the member who got the last dialog). No row means off.
 */
@Entity
@Table(name = "assignment_policies")
public class AssignmentPolicy extends PanacheEntityBase {
    /** The cap of a policy created by switching it on without naming one. */
    public static final int DEFAULT_MAX_OPEN = 5;
    public static final int MAX_OPEN_LIMIT = 100;

    @Id
    @Column(name = "assistant_id")
    public Long assistantId;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "max_open_per_operator", nullable = false)
    public int maxOpenPerOperator = DEFAULT_MAX_OPEN;

    @Column(name = "last_assigned_user_id")
    public Long lastAssignedUserId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<AssignmentPolicy> of(long assistantId) {
        return findByIdOptional(assistantId);
    }

    /** The row locked until the transaction ends: one assigner pass per assistant at a time, on any replica. */
    public static Optional<AssignmentPolicy> lock(long assistantId) {
        return findByIdOptional(assistantId, LockModeType.PESSIMISTIC_WRITE);
    }
}
