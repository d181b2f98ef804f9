package io.switchboard.api.publish;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sends one PUBLISH; a bean of its own so a test can observe or replace the wire. */
@ApplicationScoped
public class RedisPublisher {
    @Inject
    Redis redis;

    /** Publishes {@code json} on {@code channel}; the future fails when Redis is unreachable. */
    public Future<Void> publish(String channel, String json) {
        return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(json)).mapEmpty();
    }

    /**
     * Publishes the events in order, pipelined on one connection (one pool checkout, one write); the future
     * fails when any of them could not be sent.
     */
    public Future<Void> publishAll(List<Outgoing> events) {
        if (events.size() == 1) {
            return publish(events.get(0).channel(), events.get(0).json());
        }
        List<Request> requests = new ArrayList<>(events.size());
        for (Outgoing e : events) {
            requests.add(Request.cmd(Command.PUBLISH).arg(e.channel()).arg(e.json()));
        }
        return redis.batch(requests).mapEmpty();
    }
}
