package io.switchboard.socket.redis;

import io.quarkus.logging.Log;
import io.switchboard.events.Channels;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.Envelope;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.socket.core.SessionRegistry;
import io.switchboard.socket.metrics.SocketMetrics;
import io.switchboard.socket.store.SocketStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds from PostgreSQL the events that carry no seq and were published while this node's Redis
 * subscription was down: pub/sub dropped them, and unlike {@code message:new} no cursor notices the
 * hole. After a reconnect every session gets a {@code dialog:update} (current state, read from
 * {@code dialogs}) for each dialog it follows, by assistant list or by dialog, that changed since the
 * subscription was last known to work, and every session that follows notifications resumes them
 * from its {@link io.switchboard.socket.core.NotificationCursor} (by seq, so each is shown once). State
 * events are idempotent. Typing indicators are ephemeral and are not rebuilt.
 */
@ApplicationScoped
public class MissedEventRepair {
    /** Covers clock differences between this node and PostgreSQL, whose now() stamps updated_at. */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(5);
    /** Enough for any dashboard; beyond it the dashboard's list refresh after a reconnect takes over. */
    static final int MAX_EVENTS = 5_000;

    @Inject
    SessionRegistry registry;

    @Inject
    SocketStore store;

    @Inject
    Channels channels;

    @Inject
    SocketMetrics metrics;

    /** Sends each live session what it missed since {@code since}. Blocks: worker thread only. */
    public void repair(Instant since) {
        Map<Long, Set<ClientSession>> byAssistant = new HashMap<>();
        Map<Long, Set<ClientSession>> byDialog = new HashMap<>();
        Map<Long, Set<ClientSession>> byUser = new HashMap<>();
        for (ClientSession s : registry.sessions()) {
            if (s.isClosed()) {
                continue;
            }
            for (String channel : s.channels()) {
                Optional<Channels.Parsed> parsed = channels.parse(channel);
                if (parsed.isEmpty()) {
                    continue;
                }
                switch (parsed.get().kind()) {
                    case ASSISTANT -> byAssistant.computeIfAbsent(parsed.get().id(), k -> new LinkedHashSet<>()).add(s);
                    case NOTIFICATIONS -> byUser.computeIfAbsent(parsed.get().id(), k -> new LinkedHashSet<>()).add(s);
                    default -> {
                    }
                }
            }
            for (Long dialogId : s.cursors().keySet()) {
                byDialog.computeIfAbsent(dialogId, k -> new LinkedHashSet<>()).add(s);
            }
        }
        if (byAssistant.isEmpty() && byDialog.isEmpty() && byUser.isEmpty()) {
            return;
        }
        Instant from = since.minus(CLOCK_MARGIN);
        int updates = 0;
        int notifications = 0;
        try {
            List<DialogPayload> changed = store.dialogsChangedSince(from, byAssistant.keySet(), byDialog.keySet(),
                    MAX_EVENTS);
            for (DialogPayload d : changed) {
                OutboundEvent event = OutboundEvent.of(Envelope.dialogUpdate(d));
                Set<ClientSession> targets = new LinkedHashSet<>(byAssistant.getOrDefault(d.assistantId(), Set.of()));
                targets.addAll(byDialog.getOrDefault(d.id(), Set.of()));
                targets.forEach(s -> s.deliver(event));
                updates++;
            }
            if (changed.size() == MAX_EVENTS) {
                Log.warnf("redis-reconnect: more than %d dialogs changed while the subscriber was away; dashboards"
                        + " should reload their list", MAX_EVENTS);
            }
            // Notifications resume by seq: each session reads whatever came after the last one it sent.
            for (Set<ClientSession> sessions : byUser.values()) {
                for (ClientSession s : sessions) {
                    if (s.notificationCursor() != null) {
                        s.notificationCursor().poke();
                        notifications++;
                    }
                }
            }
        } catch (Exception e) {
            Log.warnf("redis-reconnect: rebuilding dialog updates and notifications from PostgreSQL failed (%s);"
                    + " dashboards catch up on their next list refresh", e.toString());
            return;
        }
        metrics.repaired("redis-reconnect-state", updates + notifications);
        Log.infof("redis-reconnect: sent %d dialog updates changed since %s and resumed the notifications of %d"
                + " sessions from their cursors (missed while the subscriber was away)", updates, from, notifications);
    }
}
