package io.switchboard.api.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.NotificationRepository;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.EventCodec;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestLabels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Staff notifications about one dialog (a handoff request, an assignment): the fields the dashboard's notification
 * list shows for any of them, stored in the caller's transaction and pushed to the user's sockets once it commits.
 */
@ApplicationScoped
public class DialogNotifications {
    @Inject
    NotificationRepository notifications;
    @Inject
    AfterCommitEvents events;

    /**
     * {@code dialog_id}, {@code assistant_id}, {@code assistant_name}, {@code guest_label} and
     * {@code last_message_preview}; a kind with more to say adds its own fields to the node.
     */
    public ObjectNode about(DialogRecord dialog, DialogPayload team, String assistantName) {
        ObjectNode payload = EventCodec.mapper().createObjectNode();
        payload.put("dialog_id", dialog.id());
        payload.put("assistant_id", dialog.assistantId());
        payload.put("assistant_name", assistantName);
        payload.put("guest_label", GuestLabels.of(dialog.guestId()));
        payload.put("last_message_preview", team.lastMessagePreview());
        return payload;
    }

    /** Stores the notification for {@code userId}; its {@code notification:new} goes out after the commit. */
    public void send(long userId, String kind, ObjectNode payload) {
        notifications.insert(userId, kind, payload, null)
                .ifPresent(n -> events.notification(userId, n.toEvent()));
    }
}
