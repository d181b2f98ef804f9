package io.switchboard.api.publish;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
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
}
