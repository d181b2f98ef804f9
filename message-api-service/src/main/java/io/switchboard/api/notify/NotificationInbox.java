package io.switchboard.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.OrderedPublisher;
import io.switchboard.api.publish.Outgoing;
import io.switchboard.api.publish.RedisSubscription;
import io.switchboard.api.repository.NotificationRepository;
import io.switchboard.api.repository.NotificationRow;
import io.switchboard.api.service.DaemonThreads;
import io.switchboard.events.Channels;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Makes a notification a worker published straight to {@code notifications:{user_id}} (seed 004) durable:
 * every replica listens on {@code PSUBSCRIBE notifications:*}; a {@code notification:new} without a
 * {@code seq} (not stored yet) is stored with the user's next seq, keyed by its {@code event_id} (or, when the
 * worker sent none, the SHA-256 of its text), so however many replicas heard it, one row is written, and the
 * replica that wrote it publishes the stored event (with {@code id} and {@code seq}) on the same channel. The
 * socket services show only stored notifications, so a client sees each one once, live or caught up from
 * PostgreSQL after a reconnect by its seq.
 */
@ApplicationScoped
public class NotificationInbox {
    @Inject
    Redis redis;
    @Inject
    Vertx vertx;
    @Inject
    SwitchboardConfig config;
    @Inject
    Channels channels;
    @Inject
    NotificationRepository notifications;
    @Inject
    OrderedPublisher publisher;

    /** One thread: notifications heard by this replica are stored in the order Redis delivered them. */
    private final ExecutorService storing = DaemonThreads.single("notification-inbox");
    private RedisSubscription subscription;
    private volatile boolean subscribed;

    void start(@Observes StartupEvent ev) {
        subscription = new RedisSubscription(redis, vertx,
                Duration.ofMillis(Math.max(100, config.longPoll().resubscribeDelay().toMillis())), () -> true,
                new RedisSubscription.Listener(
                        conn -> conn.send(Request.cmd(Command.PSUBSCRIBE)
                                        .arg(config.channels().notificationsPrefix() + "*"))
                                .onSuccess(r -> subscribed = true)
                                .onFailure(e -> subscription.lost(conn, e)),
                        this::onPush,
                        cause -> {
                            subscribed = false;
                            Log.warnf("notification inbox: no Redis connection (%s); retrying. Notifications"
                                    + " published straight to Redis until it is back are not stored",
                                    cause == null ? "closed" : cause.getMessage());
                        }));
        subscription.ensureConnected();
    }

    /** True while the pattern subscription is live (a published notification is being stored). */
    public boolean subscribed() {
        return subscribed;
    }

    private void onPush(Response push) {
        if (push == null || (push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH)
                || push.size() < 4 || !"pmessage".equals(String.valueOf(push.get(0)))) {
            return;
        }
        String channel = String.valueOf(push.get(2));
        String text = push.get(3).toString();
        storing.execute(() -> heard(channel, text));
    }

    /** One message heard on a notification channel; stores it if it is a notification not stored yet. */
    void heard(String channel, String text) {
        Optional<Channels.Parsed> parsed = channels.parse(channel);
        if (parsed.isEmpty() || parsed.get().kind() != Channels.Kind.NOTIFICATIONS) {
            return;
        }
        JsonNode event;
        try {
            event = EventCodec.mapper().readTree(text);
        } catch (Exception e) {
            Log.warnf("notification inbox: dropped a message on %s that is not JSON", channel);
            return;
        }
        if (event == null || !event.isObject() || !EventType.NOTIFICATION_NEW.equals(event.path("type").asText())
                || event.hasNonNull("seq") || event.path("notification").hasNonNull("seq")) {
            return; // another event type, or a notification already stored (ours or another replica's)
        }
        long userId = parsed.get().id();
        JsonNode n = event.path("notification");
        String kind = n.path("kind").asText("");
        if (kind.isBlank()) {
            kind = "notification";
        }
        kind = kind.length() > 60 ? kind.substring(0, 60) : kind;
        JsonNode payload = n.path("payload");
        if (payload.isMissingNode() || payload.isNull()) {
            payload = EventCodec.mapper().createObjectNode();
        }
        String source = event.path("event_id").asText("");
        source = source.isBlank() || source.length() > 200 ? "sha256:" + sha256(text) : source;
        String k = kind;
        JsonNode p = payload;
        String src = source;
        Optional<NotificationRow> stored;
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> notifications.insert(userId, k, p, src));
        } catch (RuntimeException e) {
            Log.warnf("notification inbox: could not store a notification for user %d (%s)", userId, e.getMessage());
            return;
        }
        if (stored.isEmpty()) {
            return; // a repeat, another replica stored it, or no such user
        }
        NotificationRow row = stored.get();
        Envelope e = Envelope.notificationNew(userId, row.toEvent());
        ObjectNode out = (ObjectNode) EventCodec.mapper().valueToTree(e);
        out.put("source_event_id", src);
        publisher.publish(channel, List.of(new Outgoing(channel, e.type(), null, out.toString())));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (subscription != null) {
            subscription.stop();
        }
        storing.shutdown();
    }
}
