package io.switchboard.api;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Subscribes to Redis channels like a socket service would, and keeps every envelope it receives, in order. */
public final class RedisChannelRecorder implements AutoCloseable {
    private final List<Envelope> received = new CopyOnWriteArrayList<>();
    private final PubSubCommands.RedisSubscriber subscriber;

    public RedisChannelRecorder(RedisDataSource redis, String... channels) {
        subscriber = redis.pubsub(String.class).subscribe(List.of(channels), json -> received.add(EventCodec.decode(json)));
    }

    /** Everything received so far, in arrival order. */
    public List<Envelope> received() {
        return List.copyOf(received);
    }

    /** Received envelopes of one type, in arrival order. */
    public List<Envelope> ofType(String type) {
        return received.stream().filter(e -> type.equals(e.type())).toList();
    }

    @Override
    public void close() {
        try {
            subscriber.unsubscribe();
        } catch (RuntimeException ignored) {
            // Redis may have been restarted under this subscriber.
        }
    }
}
