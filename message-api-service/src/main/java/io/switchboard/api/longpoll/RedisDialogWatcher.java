package io.switchboard.api.longpoll;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.RedisSubscription;
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
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    Channels channels;
    @Inject
    DialogWakeups wakeups;

    /** Dialogs subscribed to; a concurrent set, since the subscription asks whether it is empty under its own lock. */
    private final Set<Long> subscribed = ConcurrentHashMap.newKeySet();
    private RedisSubscription subscription;

    @PostConstruct
    void init() {
        subscription = new RedisSubscription(redis, vertx, config.longPoll().resubscribeDelay(),
                () -> !subscribed.isEmpty(), new RedisSubscription.Listener(this::subscribeAll, this::onPush,
                        cause -> Log.debugf("Long-poll Redis subscriber lost or could not open its connection (%s);"
                                + " PostgreSQL re-checks cover meanwhile",
                                cause == null ? "closed" : cause.getMessage())));
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
        RedisConnection connection = subscription.connection();
        if (connection != null) {
            Command cmd = wanted ? Command.SUBSCRIBE : Command.UNSUBSCRIBE;
            connection.send(Request.cmd(cmd).arg(channels.dialog(dialogId)))
                    .onFailure(e -> Log.debugf("Redis %s for dialog %d failed: %s", cmd, dialogId, e.getMessage()));
        } else if (wanted) {
            subscription.ensureConnected();
        }
    }

    private synchronized void subscribeAll(RedisConnection conn) {
        if (!subscribed.isEmpty()) {
            Request sub = Request.cmd(Command.SUBSCRIBE);
            subscribed.forEach(id -> sub.arg(channels.dialog(id)));
            conn.send(sub).onFailure(e -> subscription.lost(conn, e));
        }
        // Messages published while we were not subscribed are found in PostgreSQL.
        wakeups.recheck();
    }

    private void onPush(Response push) {
        if (push == null || (push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH)
                || push.size() < 3 || !"message".equals(String.valueOf(push.get(0)))) {
            return;
        }
        Optional<Channels.Parsed> channel = channels.parse(String.valueOf(push.get(1)));
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
        subscription.stop();
    }
}
