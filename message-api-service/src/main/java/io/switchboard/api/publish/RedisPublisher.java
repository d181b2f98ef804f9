package io.switchboard.api.publish;

import io.switchboard.redis.DedicatedConnection;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends PUBLISHes, all pipelined on one connection of its own; a bean of its own so a test can observe or
 * replace the wire. Checking a pooled connection out per PUBLISH capped the publishes in flight at the pool
 * size, so under load the lanes queued for connections and timed out (performance finding F8); one pipelined
 * connection has no such cap and Redis executes commands one at a time anyway. A connection that fails, ends
 * or stops answering is dropped, and the next publish opens a new one.
 */
@ApplicationScoped
public class RedisPublisher {
    /** When the current connection last answered (or opened): a busy Redis answers others, a dead one nobody. */
    private volatile long lastAnswerNanos = System.nanoTime();
    private final DedicatedConnection connection;

    @Inject
    RedisPublisher(Redis redis) {
        connection = new DedicatedConnection(redis, () -> lastAnswerNanos = System.nanoTime());
    }

    /** Publishes {@code json} on {@code channel}; the future fails when Redis is unreachable. */
    public Future<Void> publish(String channel, String json) {
        return connection.get().compose(c -> c.send(Request.cmd(Command.PUBLISH).arg(channel).arg(json))
                .onComplete(ar -> answered(c, ar.succeeded()))).mapEmpty();
    }

    /**
     * Publishes the events in order as one pipelined batch (one write); the future fails when any of them could
     * not be sent.
     */
    public Future<Void> publishAll(List<Outgoing> events) {
        if (events.size() == 1) {
            return publish(events.get(0).channel(), events.get(0).json());
        }
        List<Request> requests = new ArrayList<>(events.size());
        for (Outgoing e : events) {
            requests.add(Request.cmd(Command.PUBLISH).arg(e.channel()).arg(e.json()));
        }
        return connection.get().compose(c -> c.batch(requests).onComplete(ar -> answered(c, ar.succeeded())))
                .mapEmpty();
    }

    /**
     * An attempt got no answer in time. If the connection answered nothing else for that long either, it may be
     * dead without knowing it: it is closed (failing what waits on it, to be retried) and the next one is new.
     */
    public void resetIfSilentFor(long nanos) {
        if (System.nanoTime() - lastAnswerNanos >= nanos) {
            connection.reset();
        }
    }

    private void answered(RedisConnection c, boolean ok) {
        if (ok) {
            lastAnswerNanos = System.nanoTime();
        } else {
            connection.drop(c);
        }
    }
}
