package io.switchboard.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;

/**
 * A Redis connection of one's own, for commands pipelined in order (message-api's PUBLISHes, a socket node's presence
 * writes), opened on first use. A connection that fails or ends is dropped and closed; the next use opens a new one.
 */
public final class DedicatedConnection {
    private final Redis client;
    private final Runnable opened;
    private Future<RedisConnection> connection;

    public DedicatedConnection(Redis client) {
        this(client, () -> {
        });
    }

    /** {@code opened} runs each time a new connection is open. */
    public DedicatedConnection(Redis client, Runnable opened) {
        this.client = client;
        this.opened = opened;
    }

    /** The current connection, open or opening; opens one when there is none. */
    public synchronized Future<RedisConnection> get() {
        if (connection == null) {
            Future<RedisConnection> opening = client.connect();
            connection = opening;
            opening.onSuccess(c -> {
                opened.run();
                c.exceptionHandler(e -> drop(c));
                c.endHandler(v -> drop(c));
            }).onFailure(e -> forget(opening));
        }
        return connection;
    }

    /** Drops {@code c} and closes it, if it is still the current connection. */
    public void drop(RedisConnection c) {
        boolean current;
        synchronized (this) {
            current = connection != null && connection.succeeded() && connection.result() == c;
            if (current) {
                connection = null;
            }
        }
        if (current) {
            c.close();
        }
    }

    /** Drops the current connection, open or still opening, and closes it once it is open. */
    public void reset() {
        Future<RedisConnection> current;
        synchronized (this) {
            current = connection;
            connection = null;
        }
        if (current != null) {
            current.onSuccess(RedisConnection::close);
        }
    }

    private synchronized void forget(Future<RedisConnection> failed) {
        if (connection == failed) {
            connection = null;
        }
    }
}
