package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.switchboard.events.EventType;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain channels (an assistant's dialog list, an operator's notifications) → the local sessions
 * following them. Events pass through untouched, in arrival order; they carry no seq to repair.
 */
@ApplicationScoped
public class ChannelFanout {
    private final Map<String, Set<ClientSession>> members = new ConcurrentHashMap<>();

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    ChannelSubscriptions redis;

    @Inject
    Instance<FollowRefresh> refresh;

    @Inject
    DeliveryScheduler scheduler;

    /** Starts delivering {@code channel} to {@code session}; completes when Redis confirmed the subscription. */
    public CompletableFuture<Void> join(String channel, ClientSession session) {
        members.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
        session.addChannel(channel);
        return redis.subscribe(channel);
    }

    /** Stops delivering {@code channel} to {@code session}. */
    public void leave(String channel, ClientSession session) {
        if (!session.removeChannel(channel)) {
            return;
        }
        members.computeIfPresent(channel, (c, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        redis.unsubscribe(channel);
    }

    /**
     * One event from a plain channel. A {@code notification:new} goes through the session's notification
     * cursor (seq order, once); a {@code membership:update} first makes the session follow the user's new set of
     * assistants and reaches the client once those channels are live.
     */
    public void deliver(String channel, OutboundEvent event) {
        Set<ClientSession> sessions = members.get(channel);
        if (sessions != null) {
            for (ClientSession s : sessions) {
                NotificationCursor notifications = s.notificationCursor();
                if (notifications != null && EventType.NOTIFICATION_NEW.equals(event.type())) {
                    notifications.onLive(event);
                } else if (EventType.MEMBERSHIP_UPDATE.equals(event.type()) && refresh.isResolvable()) {
                    scheduler.runBlocking(() -> refollow(s, event));
                } else {
                    s.deliver(event);
                }
            }
        }
    }

    /** Brings a session's channels in line with what its user may follow now. Worker thread. */
    void refollow(ClientSession s, OutboundEvent event) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        synchronized (s) {
            if (s.isClosed()) {
                return;
            }
            try {
                FollowRefresh.Following now = refresh.get().now(s);
                Set<String> wanted = new HashSet<>(now.channels());
                for (String c : wanted) {
                    if (!s.channels().contains(c)) {
                        acks.add(join(c, s));
                    }
                }
                for (String c : s.channels()) {
                    if (!wanted.contains(c)) {
                        leave(c, s);
                    }
                }
                s.access(now.access());
            } catch (Exception e) {
                Log.warnf("session %s: cannot refresh its assistants after a membership change (%s); it keeps"
                        + " what it followed", s.id(), e.toString());
            }
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0]))
                .orTimeout(SUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, timeout) -> s.deliver(event));
    }
}
