package io.switchboard.socket.core;

import java.util.concurrent.CompletableFuture;

/**
 * The core's view of the node's pub/sub connection (Redis, in {@code io.switchboard.socket.redis}): channels are
 * followed by reference count, and events come back through {@link DialogFanout#onLive} and
 * {@link ChannelFanout#deliver}. Pub/sub is at most once: what it drops, the {@link SeqOrder} rule repairs from
 * the store.
 */
public interface ChannelSubscriptions {
    /** Adds a reference to {@code channel}; completes once the broker confirmed the subscription (pending while down). */
    CompletableFuture<Void> subscribe(String channel);

    /** Drops a reference; the last one unsubscribes the channel. */
    void unsubscribe(String channel);

    /** True while the subscriber connection is up. */
    boolean connected();
}
