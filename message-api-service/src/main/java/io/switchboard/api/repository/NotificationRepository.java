package io.switchboard.api.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.Notification;
import io.switchboard.api.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notifications} table. Each user's notifications are numbered by {@code seq} without gaps and in
 * commit order: an insert first locks the user's row, so a later seq of one user never commits before an earlier
 * one, and a socket that sees seq N live may read everything below it from PostgreSQL at once.
 */
@ApplicationScoped
public class NotificationRepository implements PanacheRepository<Notification> {

    /**
     * Stores a notification; must run inside a transaction (the user lock lasts until its commit). Empty when
     * the user does not exist or {@code sourceEventId} was stored for this user before (a repeat).
     */
    public Optional<NotificationRow> insert(long userId, String kind, JsonNode payload, String sourceEventId) {
        if (getSession().find(User.class, userId, LockModeType.PESSIMISTIC_WRITE) == null) {
            return Optional.empty();
        }
        if (sourceEventId != null && count("userId = ?1 and sourceEventId = ?2", userId, sourceEventId) > 0) {
            return Optional.empty();
        }
        Notification n = new Notification();
        n.userId = userId;
        n.kind = kind;
        n.payload = payload.toString();
        n.sourceEventId = sourceEventId;
        n.seq = lastSeq(userId) + 1;
        persist(n);
        return Optional.of(n.row());
    }

    private long lastSeq(long userId) {
        return getSession().createSelectionQuery("select coalesce(max(n.seq), 0) from Notification n"
                + " where n.userId = :user", Long.class).setParameter("user", userId).getSingleResult();
    }

    /** A user's notifications with seq greater than {@code afterSeq}, oldest first. */
    public List<NotificationRow> after(long userId, long afterSeq, int limit) {
        return find("userId = ?1 and seq > ?2 order by seq", userId, afterSeq).range(0, limit - 1).list().stream()
                .map(Notification::row).toList();
    }

    /** A user's newest notifications, newest first (the dashboard's list). */
    public List<NotificationRow> latest(long userId, int limit) {
        return find("userId = ?1 order by seq desc", userId).range(0, limit - 1).list().stream()
                .map(Notification::row).toList();
    }

    /** How many of a user's notifications are unread, and the newest seq (0 when none). */
    public Counts counts(long userId) {
        return getSession().createSelectionQuery("select new io.switchboard.api.repository.NotificationRepository$Counts("
                        + "count(case when n.readAt is null then 1 end), coalesce(max(n.seq), 0))"
                        + " from Notification n where n.userId = :user", Counts.class)
                .setParameter("user", userId).getSingleResult();
    }

    /** Unread count and newest seq of one user. */
    public record Counts(long unread, long lastSeq) {
    }

    /** Marks one of the user's notifications read; empty when it is not the user's. Marking twice keeps the first time. */
    public Optional<NotificationRow> markRead(long userId, long id) {
        return find("userId = ?1 and id = ?2", userId, id).<Notification>firstResultOptional().map(n -> {
            if (n.readAt == null) {
                n.readAt = java.time.Instant.now();
            }
            return n.row();
        });
    }

    /** Marks every unread notification of the user with seq at most {@code upToSeq} read; returns how many. */
    public int markAllRead(long userId, long upToSeq) {
        return update("readAt = current_timestamp where userId = ?1 and seq <= ?2 and readAt is null", userId, upToSeq);
    }
}
