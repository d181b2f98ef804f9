package io.switchboard.api.service;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.repository.NotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The caller's notifications: the polling fallback of the {@code notifications:{user_id}} channel. */
@ApplicationScoped
public class NotificationService {
    @Inject
    NotificationRepository notifications;

    public Views.Notifications list(Caller caller, Long after, Integer limit) {
        long from = Validation.nonNegative(after, "after", 0);
        int lim = Validation.range(limit, "limit", 1, 500, 100);
        return new Views.Notifications(notifications.after(caller.userId(), from, lim).stream()
                .map(n -> new Views.Notification(n.id(), n.kind(), n.payload(), n.createdAt(), n.readAt()))
                .toList());
    }
}
