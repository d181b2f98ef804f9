package io.switchboard.socket.redis;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.socket.core.EventPublishing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Publishes the events a socket service itself originates: {@code typing} (never stored) and
 * {@code read} after a watermark moved. Fire and forget: if Redis is down a typing indicator is
 * lost and a read watermark is still in PostgreSQL.
 */
@ApplicationScoped
public class EventPublisher implements EventPublishing {
    @Inject
    ReactiveRedisDataSource redis;

    @Override
    public void publish(Envelope envelope, String... channels) {
        String json = EventCodec.encode(envelope);
        for (String channel : channels) {
            redis.pubsub(String.class).publish(channel, json).subscribe().with(
                    ok -> {
                    },
                    e -> Log.warnf("publishing %s on %s failed: %s", envelope.type(), channel, e.toString()));
        }
    }
}
