package io.switchboard.api.publish;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One dedicated Redis connection for a subscriber (pub/sub needs a connection of its own): connects while
 * {@code wanted} says so, hands every push to the listener, and after a failed connect or a lost connection closes
 * it and tries again after {@code retryDelay}, as long as it is still wanted. The listener is called outside this
 * object's lock, so it may take its own.
 */
public final class RedisSubscription {
    /**
     * What the owner does with the connection.
     *
     * @param connected a fresh connection: subscribe on it to everything wanted now
     * @param push      a message or a subscription answer pushed by Redis
     * @param lost      connecting failed, or the connection was lost (its argument null when it just closed)
     */
    public record Listener(Consumer<RedisConnection> connected, Consumer<Response> push, Consumer<Throwable> lost) {
    }

    private final Redis redis;
    private final Vertx vertx;
    private final Duration retryDelay;
    private final BooleanSupplier wanted;
    private final Listener listener;
    private RedisConnection connection;
    private boolean connecting;
    private boolean retryScheduled;
    private boolean stopped;

    /** {@code wanted} is asked under this object's lock: it must not take a lock of its own. */
    public RedisSubscription(Redis redis, Vertx vertx, Duration retryDelay, BooleanSupplier wanted, Listener listener) {
        this.redis = redis;
        this.vertx = vertx;
        this.retryDelay = retryDelay;
        this.wanted = wanted;
        this.listener = listener;
    }

    /** The live connection, or null. */
    public synchronized RedisConnection connection() {
        return connection;
    }

    /** Connects unless connected, connecting, stopped or not wanted. */
    public void ensureConnected() {
        synchronized (this) {
            if (stopped || connecting || connection != null || !wanted.getAsBoolean()) {
                return;
            }
            connecting = true;
        }
        redis.connect().onComplete(ar -> connected(ar.succeeded() ? ar.result() : null, ar.cause()));
    }

    private void connected(RedisConnection conn, Throwable failure) {
        synchronized (this) {
            connecting = false;
            if (conn != null && stopped) {
                conn.close();
                return;
            }
            if (conn != null) {
                connection = conn;
            }
        }
        if (conn == null) {
            listener.lost().accept(failure);
            scheduleRetry();
            return;
        }
        conn.handler(listener.push()::accept);
        conn.exceptionHandler(e -> lost(conn, e));
        conn.endHandler(v -> lost(conn, null));
        listener.connected().accept(conn);
    }

    /** {@code conn} failed (also when a command sent on it failed): drop it and connect again later. */
    public void lost(RedisConnection conn, Throwable cause) {
        synchronized (this) {
            if (connection != conn) {
                return;
            }
            connection = null;
        }
        listener.lost().accept(cause);
        try {
            conn.close();
        } catch (RuntimeException ignored) {
            // already broken
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        synchronized (this) {
            if (stopped || retryScheduled || !wanted.getAsBoolean()) {
                return;
            }
            retryScheduled = true;
        }
        vertx.setTimer(Math.max(1, retryDelay.toMillis()), id -> {
            synchronized (this) {
                retryScheduled = false;
            }
            ensureConnected();
        });
    }

    /** Closes the connection for good. */
    public void stop() {
        RedisConnection conn;
        synchronized (this) {
            stopped = true;
            conn = connection;
            connection = null;
        }
        if (conn != null) {
            conn.close();
        }
    }
}
