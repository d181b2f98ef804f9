package io.switchboard.api.service;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.NotificationRepository;
import io.switchboard.api.repository.NotificationRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The caller's notifications: the polling fallback of the {@code notifications:{user_id}} channel (a cursor
 * by {@code seq}), the unread count, and marking read. Marking read publishes {@code notification:read} on the
 * user's channel, so the user's other tabs drop their badge too.
 */
@ApplicationScoped
public class NotificationService {
    @Inject
    NotificationRepository notifications;
    @Inject
    AfterCommitEvents events;

    /** {@code after} given (or {@code order} absent): oldest first after that seq; {@code order=newest}: the newest. */
    public Views.Notifications list(Caller caller, Long after, Integer limit, String order) {
        long from = Validation.nonNegative(after, "after", 0);
        int lim = Validation.range(limit, "limit", 1, 500, 100);
        List<NotificationRow> rows;
        if (order == null || order.isBlank() || "oldest".equals(order)) {
            rows = notifications.after(caller.userId(), from, lim);
        } else if ("newest".equals(order) && after == null) {
            rows = notifications.latest(caller.userId(), lim);
        } else {
            throw ApiException.validation("order must be \"oldest\" (with after=) or \"newest\" (without after=).");
        }
        NotificationRepository.Counts counts = notifications.counts(caller.userId());
        return new Views.Notifications(rows.stream().map(NotificationService::view).toList(), counts.unread(),
                counts.lastSeq());
    }

    /** Marks one of the caller's notifications read. */
    @Transactional
    public Views.NotificationsRead markRead(Caller caller, long id) {
        NotificationRow n = notifications.markRead(caller.userId(), id).orElseThrow(() -> ApiException.notFound(
                "notification_not_found", "You have no notification with id " + id + "."));
        long unread = notifications.counts(caller.userId()).unread();
        events.notificationsRead(caller.userId(), List.of(n.id()), null, unread);
        return new Views.NotificationsRead(1, unread);
    }

    /** Marks every notification of the caller read, up to {@code upToSeq} when given. */
    @Transactional
    public Views.NotificationsRead markAllRead(Caller caller, Long upToSeq) {
        long upTo = Validation.nonNegative(upToSeq, "up_to_seq", Long.MAX_VALUE);
        int marked = notifications.markAllRead(caller.userId(), upTo);
        long unread = notifications.counts(caller.userId()).unread();
        if (marked > 0) {
            events.notificationsRead(caller.userId(), null, upToSeq == null ? null : upTo, unread);
        }
        return new Views.NotificationsRead(marked, unread);
    }

    static Views.Notification view(NotificationRow n) {
        return new Views.Notification(n.id(), n.seq(), n.kind(), n.payload(), n.createdAt(), n.readAt());
    }
}
