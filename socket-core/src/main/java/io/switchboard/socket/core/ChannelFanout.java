package io.switchboard.socket.core;

import io.switchboard.socket.redis.RedisSubscriber;
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

    @Inject
    RedisSubscriber redis;

    /** Starts delivering {@code channel} to {@code session}; completes when Redis confirmed the subscription. */
    public CompletableFuture<Void> join(String channel, ClientSession session) {
        members.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
        session.channels().add(channel);
        return redis.subscribe(channel);
    }

    /** Stops delivering {@code channel} to {@code session}. */
    public void leave(String channel, ClientSession session) {
        if (!session.channels().remove(channel)) {
            return;
        }
        members.computeIfPresent(channel, (c, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        redis.unsubscribe(channel);
    }

    /** One event from a plain channel. */
    public void deliver(String channel, OutboundEvent event) {
        Set<ClientSession> sessions = members.get(channel);
        if (sessions != null) {
            for (ClientSession s : sessions) {
                s.deliver(event);
            }
        }
    }
}
