package io.switchboard.socket.redis;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.ChannelSubscriptions;
import io.switchboard.socket.metrics.SocketMetrics;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's one Redis pub/sub connection. A channel is SUBSCRIBEd while at least one local
 * session needs it and UNSUBSCRIBEd when the last one leaves. Redis pub/sub is at most once: when
 * the connection drops, every message published meanwhile is gone, so on reconnect the subscriber
 * resubscribes every channel and then tells the router to repair every dialog from PostgreSQL.
 */
@ApplicationScoped
public class RedisSubscriber implements ChannelSubscriptions {
    private static final int CHANNELS_PER_COMMAND = 200;

    @Inject
    Vertx vertx;

    @Inject
    SocketConfig config;

    @Inject
    EventRouter router;

    @Inject
    SocketMetrics metrics;

    @ConfigProperty(name = "quarkus.redis.hosts", defaultValue = "redis://localhost:6379")
    String hosts;

    private final Map<String, Integer> refs = new HashMap<>();
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> awaitingAck = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> confirmed = new HashMap<>();
    private Redis client;
    private RedisConnection connection;
    private boolean connected;
    private boolean everConnected;
    private boolean stopping;
    private long pingTimer = -1;
    private int failedAttempts;
    /** The last moment the subscription was known to be working (a reply or a message arrived). */
    private volatile Instant lastAlive = Instant.now();
    /** When the last event arrived: a connection that delivers events needs no PING. */
    private volatile Instant lastEvent = Instant.EPOCH;
    /** Since when events may have been missed: set when the connection is lost, cleared once repaired. */
    private Instant awaySince;

    void start(@Observes StartupEvent event) {
        synchronized (this) {
            // Until the first connection, nothing published can have reached this node.
            awaySince = Instant.now();
        }
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(firstHost()).setMaxPoolSize(2)
                .setMaxPoolWaiting(8)
                .setMetricsName("switchboard-subscriber").setPoolName("switchboard-subscriber"));
        metrics.watchRedis(this::connected);
        connect();
        pingTimer = vertx.setPeriodic(Math.max(1, config.delivery().redisPingInterval().toMillis()), id -> ping());
    }

    void stop(@Observes ShutdownEvent event) {
        RedisConnection c;
        synchronized (this) {
            stopping = true;
            c = connection;
            connection = null;
            connected = false;
        }
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        if (c != null) {
            c.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public synchronized boolean connected() {
        return connected;
    }

    /**
     * Adds a reference to {@code channel}, subscribing it if it is new. The future completes when Redis
     * confirmed the subscription (it stays pending while Redis is down).
     */
    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        synchronized (this) {
            int n = refs.merge(channel, 1, Integer::sum);
            if (n == 1) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                confirmed.put(channel, ack);
                if (connected) {
                    awaitingAck.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(ack);
                    connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                            .onFailure(e -> Log.warnf("SUBSCRIBE %s failed: %s", channel, e.toString()));
                }
                return ack;
            }
            return confirmed.getOrDefault(channel, CompletableFuture.completedFuture(null));
        }
    }

    /** Drops a reference; the last one UNSUBSCRIBEs the channel. */
    @Override
    public void unsubscribe(String channel) {
        synchronized (this) {
            Integer n = refs.get(channel);
            if (n == null) {
                return;
            }
            if (n > 1) {
                refs.put(channel, n - 1);
                return;
            }
            refs.remove(channel);
            confirmed.remove(channel);
            if (connected) {
                connection.send(Request.cmd(Command.UNSUBSCRIBE).arg(channel))
                        .onFailure(e -> Log.debugf("UNSUBSCRIBE %s failed: %s", channel, e.toString()));
            }
        }
    }

    /** Channels subscribed right now. */
    public synchronized int channelCount() {
        return refs.size();
    }

    private void connect() {
        synchronized (this) {
            if (stopping) {
                return;
            }
        }
        client.connect().onComplete(result -> {
            if (result.failed()) {
                int attempt;
                synchronized (this) {
                    attempt = ++failedAttempts;
                }
                if (attempt == 1 || attempt % 20 == 0) {
                    Log.warnf("Redis subscriber cannot connect (%s, attempt %d); retrying", result.cause().toString(),
                            attempt);
                }
                scheduleReconnect();
                return;
            }
            onConnected(result.result());
        });
    }

    private void onConnected(RedisConnection c) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        boolean reconnect;
        boolean wasConnectedBefore;
        Instant missedSince;
        synchronized (this) {
            if (stopping) {
                c.close();
                return;
            }
            connection = c;
            connected = true;
            failedAttempts = 0;
            wasConnectedBefore = everConnected;
            // Channels subscribed before this connection existed may have missed events too.
            reconnect = everConnected || !refs.isEmpty();
            everConnected = true;
            missedSince = awaySince == null ? lastAlive : awaySince;
            awaySince = null;
            lastAlive = Instant.now();
            c.handler(this::onPush);
            c.exceptionHandler(e -> lost(c, e.toString()));
            c.endHandler(v -> lost(c, "connection closed"));
            awaitingAck.clear();
            List<String> batch = new ArrayList<>();
            for (String channel : refs.keySet()) {
                CompletableFuture<Void> ack = confirmed.get(channel);
                if (ack == null || ack.isDone()) {
                    ack = new CompletableFuture<>();
                    confirmed.put(channel, ack);
                }
                awaitingAck.computeIfAbsent(channel, k -> new ArrayDeque<>()).add(ack);
                acks.add(ack);
                batch.add(channel);
                if (batch.size() == CHANNELS_PER_COMMAND) {
                    sendSubscribe(c, batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                sendSubscribe(c, batch);
            }
        }
        if (reconnect) {
            if (wasConnectedBefore) {
                metrics.redisReconnected();
            }
            Log.infof("Redis subscriber %s; subscribed %d channels, repairing followed dialogs from PostgreSQL",
                    wasConnectedBefore ? "reconnected" : "connected", acks.size());
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0]))
                    .thenRun(() -> router.onResubscribed(missedSince));
        } else {
            Log.infof("Redis subscriber connected to %s", maskedHost());
        }
    }

    private static void sendSubscribe(RedisConnection c, List<String> channels) {
        Request r = Request.cmd(Command.SUBSCRIBE);
        channels.forEach(r::arg);
        c.send(r).onFailure(e -> Log.warnf("SUBSCRIBE after reconnect failed: %s", e.toString()));
    }

    private void lost(RedisConnection c, String why) {
        synchronized (this) {
            if (connection != c) {
                return;
            }
            connection = null;
            connected = false;
            awaitingAck.clear();
            if (awaySince == null) {
                // A silent death is noticed only by the next failed PING: the loss may date from the last sign of life.
                awaySince = lastAlive;
            }
            if (stopping) {
                return;
            }
        }
        Log.warnf("Redis subscriber connection lost (%s); events published meanwhile are repaired from PostgreSQL after reconnect",
                why);
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // already closed
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long base = Math.max(10, config.delivery().redisReconnectDelay().toMillis());
        int attempts;
        synchronized (this) {
            attempts = failedAttempts;
        }
        long delay = Math.min(base * (1L << Math.min(attempts, 4)), Math.max(base, 5_000));
        vertx.setTimer(delay, id -> connect());
    }

    /**
     * Checks a quiet connection; events arriving prove a working one, so a busy connection is not pinged. The
     * answer alone cannot decide either: the Vert.x client (4.5) takes the oldest waiting command off its queue
     * for every reply, and hands a pub/sub push to the message handler without completing that command, so a
     * PING that an event overtakes never completes although the connection is fine (under load this cost a
     * reconnect and a repair of every dialog every few seconds). An event that arrived after the PING was sent
     * proves the connection as well as a PONG does.
     */
    private void ping() {
        RedisConnection c;
        synchronized (this) {
            c = connection;
        }
        Instant sent = Instant.now();
        if (c == null || lastEvent.isAfter(sent.minus(config.delivery().redisPingInterval()))) {
            return;
        }
        long timeoutMs = Math.max(1, config.delivery().redisPingTimeout().toMillis());
        long timeout = vertx.setTimer(timeoutMs, id -> {
            if (!lastAlive.isAfter(sent)) {
                lost(c, "no answer to PING and no event within " + timeoutMs + " ms");
            }
        });
        c.send(Request.cmd(Command.PING)).onComplete(r -> {
            vertx.cancelTimer(timeout);
            if (r.failed()) {
                lost(c, "PING failed: " + r.cause());
            } else {
                lastAlive = Instant.now();
            }
        });
    }

    private void onPush(Response reply) {
        // Only pub/sub pushes are arrays; anything else (a plain reply routed here) is not ours to
        // read, and calling size() on it throws, which used to leave the PING unanswered and cost
        // a needless reconnect and repair every few seconds under load.
        if (reply == null || (reply.type() != ResponseType.MULTI && reply.type() != ResponseType.PUSH)
                || reply.size() < 2) {
            return;
        }
        String kind = reply.get(0).toString();
        switch (kind) {
            case "message" -> {
                Instant now = Instant.now();
                lastAlive = now;
                lastEvent = now;
                if (reply.size() >= 3 && reply.get(2) != null) {
                    router.onMessage(reply.get(1).toString(), reply.get(2).toString());
                }
            }
            case "subscribe" -> {
                CompletableFuture<Void> ack = null;
                synchronized (this) {
                    ArrayDeque<CompletableFuture<Void>> q = awaitingAck.get(reply.get(1).toString());
                    if (q != null) {
                        ack = q.poll();
                    }
                }
                if (ack != null) {
                    ack.complete(null);
                }
            }
            default -> {
                // unsubscribe confirmations and pongs need no action
            }
        }
    }

    private String firstHost() {
        String h = hosts.split(",")[0].trim();
        return h.isEmpty() ? "redis://localhost:6379" : h;
    }

    private String maskedHost() {
        return firstHost().replaceAll("//[^@/]*@", "//***@");
    }
}
