package io.switchboard.api.publish;

import io.quarkus.logging.Log;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.events.Channels;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.MessagePayload;
import io.switchboard.events.NotificationPayload;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Collects the events of the current transaction and hands them to {@link OrderedPublisher} only
 * after it commits, exactly once; a rolled-back transaction publishes nothing and gives its seqs back.
 * Services call it inside a JTA transaction ({@link AfterCommit}); outside one it refuses, so nothing can leak
 * before commit.
 */
@ApplicationScoped
public class AfterCommitEvents {
    private static final Object BATCH_KEY = new Object();

    @Inject
    AfterCommit afterCommit;
    @Inject
    OrderedPublisher publisher;
    @Inject
    SwitchboardConfig config;
    @Inject
    Instance<CommittedMessageListener> listeners;

    private Channels channels;

    Channels channels() {
        if (channels == null) {
            channels = new Channels(config.channels().wsPrefix(), config.channels().notificationsPrefix());
        }
        return channels;
    }

    /** Called right after {@code UPDATE dialogs ... RETURNING last_seq}: later seqs of the dialog wait for this one. */
    public void reserveSeq(long dialogId, long seq) {
        batch().dialog(dialogId).reserved.add(seq);
        publisher.reserve(dialogId, seq);
    }

    /**
     * A stored message: {@code message:new} on the dialog channel, {@code dialog:update} on the assistant's.
     * Returns the {@code message:new} envelope, which webhooks carry unchanged (same {@code event_id}).
     * A staff post moved its author's watermark to the message: {@code message:new} says so by the message's
     * {@code author_id}, the {@code dialog:update} by its {@code reader}; no {@code read} event follows (one frame per
     * post for every subscriber of the dialog, and one for every list on the assistant's channel).
     */
    public Envelope message(long assistantId, MessagePayload message, DialogPayload dialog) {
        DialogPart part = batch().dialog(message.dialogId());
        Envelope e = Envelope.messageNew(assistantId, message);
        part.add(message.seq(), out(channels().dialog(message.dialogId()), e));
        String reader = message.authorId() == null ? null : StoreWrites.operatorReader(message.authorId());
        part.add(message.seq(), out(channels().assistant(assistantId), Envelope.dialogUpdate(dialog, reader)));
        return e;
    }

    /** A dialog appeared in an assistant's list; returns the {@code dialog:new} envelope. */
    public Envelope dialogCreated(DialogPayload dialog) {
        Envelope e = Envelope.dialogNew(dialog);
        batch().dialog(dialog.id()).add(null, out(channels().assistant(dialog.assistantId()), e));
        return e;
    }

    /** Status or assignee changed: {@code dialog:update} on the dialog's and the assistant's channels; returns it. */
    public Envelope dialogChanged(DialogPayload dialog) {
        Envelope e = Envelope.dialogUpdate(dialog);
        DialogPart part = batch().dialog(dialog.id());
        part.add(null, out(channels().dialog(dialog.id()), e));
        part.add(null, out(channels().assistant(dialog.assistantId()), e));
        return e;
    }

    /** A read watermark moved: {@code read} on the dialog's and the assistant's channels. */
    public void readMoved(long dialogId, long assistantId, String reader, long seq) {
        Envelope e = Envelope.read(dialogId, assistantId, reader, seq);
        DialogPart part = batch().dialog(dialogId);
        part.add(null, out(channels().dialog(dialogId), e));
        part.add(null, out(channels().assistant(assistantId), e));
    }

    /**
     * Someone shows or stops showing typing in a dialog (a bot over REST): ephemeral, never stored, so it leaves
     * at once on the dialog's lane instead of waiting for a commit.
     */
    public void typingNow(long dialogId, String who, String author, boolean state) {
        publisher.publish(OrderedPublisher.dialogLane(dialogId),
                List.of(out(channels().dialog(dialogId), Envelope.typing(dialogId, who, author, state))));
    }

    /** A notification for one operator on {@code notifications:{user_id}}. */
    public void notification(long userId, NotificationPayload notification) {
        batch().notifications.add(out(channels().notifications(userId), Envelope.notificationNew(userId, notification)));
    }

    /** Notifications were marked read: {@code notification:read} on the user's channel, for the user's other tabs. */
    public void notificationsRead(long userId, List<Long> ids, Long upToSeq, long unread) {
        ObjectNode e = userEvent(EventType.NOTIFICATION_READ, userId);
        if (ids != null) {
            ids.forEach(e.putArray("ids")::add);
        }
        if (upToSeq != null) {
            e.put("up_to_seq", upToSeq);
        }
        e.put("unread", unread);
        batch().notifications.add(new Outgoing(channels().notifications(userId), EventType.NOTIFICATION_READ, null,
                e.toString()));
    }

    /**
     * The assistants a user sees changed: {@code membership:update} on the user's channel. The user's open
     * {@code /ws} and {@code /api/events} follow the new set (and forward the event once they do), so the
     * dialog list can be reloaded then.
     */
    public void membershipChanged(long userId, long assistantId, String change) {
        ObjectNode e = userEvent(EventType.MEMBERSHIP_UPDATE, userId);
        e.put("assistant_id", assistantId);
        e.put("change", change);
        batch().notifications.add(new Outgoing(channels().notifications(userId), EventType.MEMBERSHIP_UPDATE, null,
                e.toString()));
    }

    private static ObjectNode userEvent(String type, long userId) {
        ObjectNode e = EventCodec.mapper().createObjectNode();
        e.put("v", Envelope.VERSION);
        e.put("type", type);
        e.put("event_id", UUID.randomUUID().toString());
        e.put("user_id", userId);
        e.put("ts", Instant.now().toString());
        return e;
    }

    private static Outgoing out(String channel, Envelope e) {
        return new Outgoing(channel, e.type(), e.seq(), EventCodec.encode(e));
    }

    private Batch batch() {
        // Registered before any seq is reserved: a reserved seq is then always resolved when the transaction ends.
        return afterCommit.resource(BATCH_KEY, Batch::new, Batch::completed);
    }

    /** What one transaction did to one dialog. */
    private static final class DialogPart {
        final List<Long> reserved = new ArrayList<>();
        final Map<Long, List<Outgoing>> bySeq = new LinkedHashMap<>();
        final List<Outgoing> unsequenced = new ArrayList<>();

        void add(Long seq, Outgoing e) {
            if (seq != null) {
                bySeq.computeIfAbsent(seq, s -> new ArrayList<>()).add(e);
            } else {
                unsequenced.add(e);
            }
        }
    }

    private final class Batch {
        final Map<Long, DialogPart> dialogs = new LinkedHashMap<>();
        final List<Outgoing> notifications = new ArrayList<>();

        DialogPart dialog(long dialogId) {
            return dialogs.computeIfAbsent(dialogId, id -> new DialogPart());
        }

        void completed(boolean committed) {
            // Every dialog of the transaction (many for a group-commit batch of posts) in one hand-over.
            List<OrderedPublisher.Finished> parts = new ArrayList<>(dialogs.size());
            for (Map.Entry<Long, DialogPart> entry : dialogs.entrySet()) {
                parts.add(finished(entry.getKey(), entry.getValue(), committed));
            }
            try {
                publisher.finishAll(parts, committed);
            } catch (RuntimeException e) {
                Log.errorf(e, "Could not hand the events of dialogs %s to the publisher", dialogs.keySet());
            }
            if (committed) {
                for (Map.Entry<Long, DialogPart> entry : dialogs.entrySet()) {
                    List<Long> reserved = entry.getValue().reserved;
                    if (!reserved.isEmpty()) {
                        long newest = reserved.stream().mapToLong(Long::longValue).max().orElseThrow();
                        for (CommittedMessageListener l : listeners) {
                            l.messageCommitted(entry.getKey(), newest);
                        }
                    }
                }
            }
            if (committed && !notifications.isEmpty()) {
                for (Outgoing n : notifications) {
                    publisher.publish(n.channel(), List.of(n));
                }
            }
        }

        private OrderedPublisher.Finished finished(long dialogId, DialogPart part, boolean committed) {
            Map<Long, List<Outgoing>> bySeq = part.bySeq;
            List<Outgoing> unsequenced = part.unsequenced;
            if (committed && !part.reserved.isEmpty() && !unsequenced.isEmpty()) {
                // Status and read events of a transaction that also wrote a message leave right after it.
                long last = part.reserved.get(part.reserved.size() - 1);
                bySeq.computeIfAbsent(last, s -> new ArrayList<>()).addAll(unsequenced);
                unsequenced = List.of();
            }
            return new OrderedPublisher.Finished(dialogId, part.reserved, bySeq, unsequenced);
        }
    }
}
