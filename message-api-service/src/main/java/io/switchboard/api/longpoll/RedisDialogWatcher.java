package io.switchboard.api.longpoll;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.events.Channels;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.MalformedEventException;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One Redis connection that subscribes to {@code ws:dialog:{id}} only while a long-poll request waits on that
 * dialog, so messages written by other replicas wake local waiters at once. When the connection drops it
 * reconnects, resubscribes, and asks for a PostgreSQL re-check of what it may have missed.
 */
@ApplicationScoped
public class RedisDialogWatcher {
    @Inject
    Redis redis;
    @Inject
    Vertx vertx;
    @Inject
    SwitchboardConfig config;
    @Inject
    DialogWakeups wakeups;

    private final Set<Long> subscribed = new HashSet<>();
    private RedisConnection connection;
    private boolean connecting;
    private boolean reconnectScheduled;
    private boolean stopped;
    private Channels channels;

    private Channels channels() {
        if (channels == null) {
            channels = new Channels(config.channels().wsPrefix(), config.channels().notificationsPrefix());
        }
        return channels;
    }

    /** Brings the subscription of one dialog in line with whether anyone waits on it. */
    public synchronized void reconcile(long dialogId) {
        boolean wanted = wakeups.hasWaiters(dialogId);
        if (wanted == subscribed.contains(dialogId)) {
            return;
        }
        if (wanted) {
            subscribed.add(dialogId);
        } else {
            subscribed.remove(dialogId);
        }
        if (connection != null) {
            Command cmd = wanted ? Command.SUBSCRIBE : Command.UNSUBSCRIBE;
            connection.send(Request.cmd(cmd).arg(channels().dialog(dialogId)))
                    .onFailure(e -> Log.debugf("Redis %s for dialog %d failed: %s", cmd, dialogId, e.getMessage()));
        } else if (wanted) {
            connect();
        }
    }

    private synchronized void connect() {
        if (stopped || connecting || connection != null || subscribed.isEmpty()) {
            return;
        }
        connecting = true;
        redis.connect().onComplete(ar -> connected(ar.succeeded() ? ar.result() : null, ar.cause()));
    }

    private synchronized void connected(RedisConnection conn, Throwable failure) {
        connecting = false;
        if (conn == null) {
            Log.debugf("Long-poll Redis subscriber cannot connect (%s); PostgreSQL re-checks cover meanwhile",
                    failure == null ? "?" : failure.getMessage());
            scheduleReconnect();
            return;
        }
        if (stopped) {
            conn.close();
            return;
        }
        connection = conn;
        conn.handler(this::onPush);
        conn.exceptionHandler(e -> lost(conn, e));
        conn.endHandler(v -> lost(conn, null));
        if (!subscribed.isEmpty()) {
            Request sub = Request.cmd(Command.SUBSCRIBE);
            subscribed.forEach(id -> sub.arg(channels().dialog(id)));
            conn.send(sub).onFailure(e -> lost(conn, e));
        }
        // Messages published while we were not subscribed are found in PostgreSQL.
        wakeups.recheck();
    }

    private synchronized void lost(RedisConnection conn, Throwable cause) {
        if (connection != conn) {
            return;
        }
        connection = null;
        Log.debugf("Long-poll Redis subscriber lost its connection (%s)", cause == null ? "closed" : cause.getMessage());
        try {
            conn.close();
        } catch (RuntimeException ignored) {
            // already broken
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopped || reconnectScheduled || subscribed.isEmpty()) {
            return;
        }
        reconnectScheduled = true;
        vertx.setTimer(Math.max(1, config.longPoll().resubscribeDelay().toMillis()), id -> {
            synchronized (this) {
                reconnectScheduled = false;
            }
            connect();
        });
    }

    private void onPush(Response push) {
        if (push == null || (push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH)
                || push.size() < 3 || !"message".equals(String.valueOf(push.get(0)))) {
            return;
        }
        Optional<Channels.Parsed> channel = channels().parse(String.valueOf(push.get(1)));
        if (channel.isEmpty() || channel.get().kind() != Channels.Kind.DIALOG) {
            return;
        }
        try {
            Envelope e = EventCodec.decode(push.get(2).toString());
            if (EventType.MESSAGE_NEW.equals(e.type()) && e.seq() != null) {
                wakeups.wake(channel.get().id(), e.seq(), WakeReason.REDIS);
            }
        } catch (MalformedEventException e) {
            Log.debugf("Ignored a malformed event on %s: %s", push.get(1), e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        synchronized (this) {
            stopped = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}
