package io.switchboard.socket.redis;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.presence.PresenceKeys;
import io.switchboard.redis.DedicatedConnection;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.core.ClientSession;
import io.switchboard.socket.core.PresenceTracking;
import io.switchboard.socket.core.SessionIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes presence in the layout of {@link PresenceKeys}: every operator connection (roles {@code admin} and
 * {@code operator}) is a member {@code node_id:connection_id} of {@code presence:op:{user_id}}, every visitor
 * connection one of {@code presence:guest:{dialog_id}}, scored with the epoch millisecond at which it lapses.
 *
 * <p>Cheap by construction: nothing per delivered event. An open or close queues one or two commands, and whatever
 * is queued when the node's event loop gets to it leaves as one pipelined batch on the one connection this class
 * owns (so a close's ZREM always follows its open's ZADD). One node-wide timer confirms every connection each
 * {@code switchboard.presence.refresh-interval} in one batch: it pushes the scores to now + {@code lapse}, the keys'
 * TTLs with them, re-adds whatever Redis lost, and drops members that lapsed (a killed node's). Redis being down
 * never touches a socket: the failure is logged once per outage and the next refresh writes everything again.
 */
@Singleton
public class RedisPresence implements PresenceTracking {
    private static final int BATCH = 500;

    @Inject
    Vertx vertx;

    @Inject
    SocketConfig config;

    @ConfigProperty(name = "quarkus.redis.hosts", defaultValue = "redis://localhost:6379")
    String hosts;

    /** This process among all socket nodes: a random id per start, so a restarted node never revives a lapsed member. */
    private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
    /**
     * The connections counted as present. Their keys and member ({@link #trackedOf}) are not kept: they follow from the
     * session's identity, dialog and id, so they are built again when needed (at close and each refresh) instead of
     * each idle socket keeping two strings and a record, ~170 bytes (docs/performance.md, "Who holds an idle
     * socket's heap").
     */
    private final Set<ClientSession> tracked = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private Redis client;
    private DedicatedConnection connection;
    private long refreshTimer = -1;

    /** The keys of one tracked connection: its sorted set and member, and a visitor's last-seen key (else null). */
    record Tracked(String key, String member, String seenKey) {
    }

    void start(@Observes StartupEvent event) {
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(hosts.split(",")[0].trim())
                .setMaxPoolSize(2).setMaxPoolWaiting(64)
                // A refresh of many connections pipelines a few commands per presence key on the one connection.
                .setMaxWaitingHandlers(65536)
                .setMetricsName("switchboard-presence").setPoolName("switchboard-presence"));
        connection = new DedicatedConnection(client);
        refreshTimer = vertx.setPeriodic(Math.max(100, config.presence().refreshInterval().toMillis()),
                id -> refresh());
    }

    /** A graceful stop takes this node's members out at once instead of letting them lapse. */
    void stop(@Observes ShutdownEvent event) {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        List<Request> removals = new ArrayList<>();
        for (ClientSession s : tracked) {
            Tracked t = trackedOf(s);
            removals.add(Request.cmd(Command.ZREM).arg(t.key()).arg(t.member()));
        }
        tracked.clear();
        if (!removals.isEmpty()) {
            try {
                send(removals).toCompletionStage().toCompletableFuture()
                        .get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                Log.debugf("presence: removing this node's members at shutdown failed (they lapse): %s", e);
            }
        }
        if (client != null) {
            client.close();
        }
    }

    /** The node's id, the prefix of every member it writes. */
    public String nodeId() {
        return nodeId;
    }

    /** What a session counts for: an operator's or a visitor's presence, or nothing (assistant service tokens). */
    Tracked trackedOf(ClientSession s) {
        SessionIdentity who = s.identity();
        String member = nodeId + ":" + s.id();
        if (who.userId() != null && ("operator".equals(who.role()) || "admin".equals(who.role()))) {
            return new Tracked(PresenceKeys.operator(who.userId()), member, null);
        }
        Long dialogId = s.admission().dialogId();
        if ("guest".equals(who.role()) && dialogId != null) {
            return new Tracked(PresenceKeys.guest(dialogId), member, PresenceKeys.guestSeen(dialogId));
        }
        return null;
    }

    @Override
    public void opened(ClientSession s) {
        Tracked t = trackedOf(s);
        if (t == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long lapse = config.presence().lapse().toMillis();
        queue(Request.cmd(Command.ZADD).arg(t.key()).arg(now + lapse).arg(t.member()));
        queue(Request.cmd(Command.PEXPIRE).arg(t.key()).arg(lapse));
        if (t.seenKey() != null) {
            queue(seen(t.seenKey(), now));
        }
        // Queued before it is tracked, so its ZREM (from closed()) always queues after the ZADD.
        tracked.add(s);
        if (s.isClosed()) {
            // Closed while it was being added: closed() may have run before the put above.
            closed(s);
        }
        flushSoon();
    }

    @Override
    public void closed(ClientSession s) {
        if (!tracked.remove(s)) {
            return;
        }
        Tracked t = trackedOf(s);
        queue(Request.cmd(Command.ZREM).arg(t.key()).arg(t.member()));
        if (t.seenKey() != null) {
            queue(seen(t.seenKey(), System.currentTimeMillis()));
        }
        flushSoon();
    }

    /** Connections this node counts as present now. */
    public int trackedCount() {
        return tracked.size();
    }

    private Request seen(String key, long now) {
        return Request.cmd(Command.SET).arg(key).arg(now).arg("PX").arg(config.presence().guestSeenTtl().toMillis());
    }

    private void queue(Request r) {
        pending.add(r);
    }

    private void flushSoon() {
        if (flushScheduled.compareAndSet(false, true)) {
            vertx.runOnContext(v -> {
                flushScheduled.set(false);
                List<Request> batch = new ArrayList<>();
                Request r;
                while ((r = pending.poll()) != null) {
                    batch.add(r);
                }
                if (!batch.isEmpty()) {
                    send(batch);
                }
            });
        }
    }

    /** Confirms every tracked connection in one pipelined batch; then removes again what closed meanwhile. */
    void refresh() {
        if (tracked.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        long lapse = config.presence().lapse().toMillis();
        Map<String, List<String>> members = new HashMap<>();
        Set<String> seenKeys = new LinkedHashSet<>();
        Map<ClientSession, Tracked> snapshot = new HashMap<>();
        for (ClientSession s : tracked) {
            snapshot.put(s, trackedOf(s));
        }
        snapshot.forEach((s, t) -> {
            members.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t.member());
            if (t.seenKey() != null) {
                seenKeys.add(t.seenKey());
            }
        });
        List<Request> batch = new ArrayList<>();
        members.forEach((key, list) -> {
            Request add = Request.cmd(Command.ZADD).arg(key);
            for (String m : list) {
                add.arg(now + lapse).arg(m);
            }
            batch.add(add);
            batch.add(Request.cmd(Command.PEXPIRE).arg(key).arg(lapse));
            // Members of killed nodes: the reader skips them already; this keeps the set small.
            batch.add(Request.cmd(Command.ZREMRANGEBYSCORE).arg(key).arg("-inf").arg("(" + now));
        });
        seenKeys.forEach(k -> batch.add(seen(k, now)));
        send(batch).onComplete(done -> {
            List<Request> again = new ArrayList<>();
            snapshot.forEach((s, t) -> {
                if (!tracked.contains(s)) {
                    again.add(Request.cmd(Command.ZREM).arg(t.key()).arg(t.member()));
                }
            });
            if (!again.isEmpty()) {
                send(again);
            }
        });
    }

    /** Sends the requests in order on the presence connection, in pipelined chunks; never throws. */
    private Future<Void> send(List<Request> requests) {
        Future<Void> last = Future.succeededFuture();
        for (int from = 0; from < requests.size(); from += BATCH) {
            List<Request> chunk = requests.subList(from, Math.min(requests.size(), from + BATCH));
            last = connection.get().compose(c -> c.batch(chunk)).mapEmpty();
        }
        return last.onSuccess(v -> {
            if (failing.compareAndSet(true, false)) {
                Log.infof("presence: Redis answers again; node %s's connections are written again", nodeId);
            }
        }).onFailure(e -> {
            if (failing.compareAndSet(false, true)) {
                Log.warnf("presence: writing to Redis failed (%s); sockets carry on, the next refresh in %s writes"
                        + " presence again", e.toString(), config.presence().refreshInterval());
            }
            connection.reset();
        }).recover(e -> Future.succeededFuture());
    }
}
