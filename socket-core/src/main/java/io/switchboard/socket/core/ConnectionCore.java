package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.ServerFrames;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.limits.ConnectionLimits;
import io.switchboard.socket.metrics.SocketMetrics;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection core both socket services share. A transport adapter (WebSocket or SSE) hands it
 * an admitted session; from there on subscriptions, catch-up, frames, expiry, limits, close codes,
 * logging and metrics are the same for every endpoint.
 *
 * <p>A {@code @Singleton}, so the transports inject the instance itself, not a client proxy: every session
 * calls its {@link ClientSession.Hooks} on every write, and a proxy's scope check per call was ~2 % of the
 * fan-out's CPU.
 */
@Singleton
public class ConnectionCore implements ClientSession.Hooks {
    @Inject
    OutboundBudget budget;

    @Inject
    SessionRegistry registry;

    @Inject
    DialogFanout dialogs;

    @Inject
    DialogSubscriptions subscriptions;

    @Inject
    Drain drain;

    @Inject
    ChannelFanout plainChannels;

    @Inject
    DeliveryStore store;

    @Inject
    SocketMetrics metrics;

    @Inject
    SocketConfig config;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    Vertx vertx;

    @Inject
    ChannelSubscriptions redis;

    @Inject
    ConnectionLimits limits;

    @Inject
    PresenceTracking presence;

    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** How often the node-wide expiry check runs: a token closes at most this long after its {@code exp}. */
    static final long EXPIRY_CHECK_MILLIS = 500;

    /**
     * Sessions whose credential expires, soonest first: one node-wide check closes them with 4401, instead
     * of one timer per connection (a scheduled task and a Vert.x timer handler each).
     */
    private final ConcurrentSkipListSet<ClientSession> expiring = new ConcurrentSkipListSet<>(
            Comparator.comparing((ClientSession s) -> s.admission().expiresAt()).thenComparing(ClientSession::id));

    void startTimers(@Observes StartupEvent event) {
        vertx.setPeriodic(Math.max(50, config.delivery().sweepInterval().toMillis()), id -> {
            if (sweeping.compareAndSet(false, true)) {
                scheduler.runBlocking(() -> {
                    try {
                        dialogs.repairAll("sweep");
                    } finally {
                        sweeping.set(false);
                    }
                });
            }
        });
        long pongTimeout = config.limits().pongTimeout().toMillis();
        if (!config.connections().pingInterval().isZero() && pongTimeout > 0) {
            vertx.setPeriodic(Math.max(1_000, Math.min(pongTimeout / 3, 10_000)), id -> closeSilentPeers(pongTimeout));
        }
        vertx.setPeriodic(EXPIRY_CHECK_MILLIS, id -> closeExpired(Instant.now()));
    }

    /** Seconds between server pings, as announced in the {@code connected} frame (0 = none). */
    public long heartbeatSeconds() {
        return config.connections().pingInterval().toSeconds();
    }

    /**
     * True when every connection's attempt, acceptance and normal close is logged: at INFO with
     * {@code switchboard.connections.log-each-connection}, else only when this class logs at DEBUG. A
     * reconnect storm of 10k sockets would otherwise write 30k lines, each masked.
     */
    private boolean logEachConnection() {
        return config.connections().logEachConnection() || Log.isDebugEnabled();
    }

    private void logConnection(String format, Object... args) {
        if (config.connections().logEachConnection()) {
            Log.infof(format, args);
        } else {
            Log.debugf(format, args);
        }
    }

    /** A connection attempt arrived: one log line (DEBUG unless configured), credentials masked. */
    public void logAttempt(String endpoint, RequestInfo request) {
        if (logEachConnection()) {
            logConnection("connection attempt transport=%s endpoint=%s dialog=%s target=%s remote=%s origin=%s",
                    request.transport(), endpoint, request.pathParam("id"), request.maskedTarget(),
                    request.remoteAddress(), request.origin());
        }
    }

    /**
     * Runs an endpoint's authenticator and the checks every endpoint shares (draining, connections
     * per guest). Worker thread only. A rejection is logged and counted here.
     */
    public Admission admit(String endpoint, RequestInfo request, Authenticator authenticator) {
        metrics.attempted(endpoint);
        Admission verdict;
        Admission.Rejected limited;
        if (registry.draining()) {
            verdict = new Admission.Rejected(CloseCodes.SERVICE_RESTART, drain.restartNotice());
        } else if ((limited = limits.upgrade(limits.clientOf(request))) != null) {
            // Before the credential check: a flood costs one Redis script per attempt, no JWT or database work.
            verdict = limited;
        } else {
            try {
                verdict = authenticator.admit(request);
            } catch (IllegalArgumentException e) {
                verdict = Admission.Rejected.badRequest(e.getMessage());
            } catch (Exception e) {
                Log.warnf(e, "connection check failed on %s", endpoint);
                verdict = Admission.Rejected.unavailable("temporary server problem; reconnect in a few seconds");
            }
        }
        if (verdict instanceof Admission.Admitted a && a.guestKey() != null
                && !registry.tryReserveGuest(a.guestKey(), config.limits().connectionsPerGuest())) {
            verdict = new Admission.Rejected(CloseCodes.RATE_LIMITED, "too many connections for this guest (limit "
                    + config.limits().connectionsPerGuest() + ")");
        }
        if (verdict instanceof Admission.Rejected r) {
            metrics.authFailure(endpoint, r.closeCode());
            Log.infof("connection rejected transport=%s endpoint=%s dialog=%s target=%s code=%d reason=\"%s\" live=%d",
                    request.transport(), endpoint, request.pathParam("id"), request.maskedTarget(), r.closeCode(),
                    r.reason(), registry.count());
        }
        return verdict;
    }

    /** The client's address key of a connection attempt, for per-address limits. */
    public String clientOf(RequestInfo request) {
        return limits.clientOf(request);
    }

    /** Starts an admitted session: {@code connected} first, then its channels and dialog (with catch-up). */
    public void start(ClientSession s) {
        registry.register(s);
        metrics.connections(s.endpoint()).incrementAndGet();
        Admission.Admitted a = s.admission();
        if (a.expiresAt() != null) {
            expiring.add(s);
            if (s.isClosed()) {
                expiring.remove(s);
            }
        }
        if (logEachConnection()) {
            logConnection("connection accepted transport=%s endpoint=%s connection=%s identity=%s dialog=%s after_seq=%s"
                    + " channels=%d live=%d endpoint_live=%d", s.transport(), s.endpoint(), s.id(), s.identity().label(),
                    a.dialogId(), a.afterSeq(), a.channels().size(), registry.count(),
                    metrics.connections(s.endpoint()).get());
        }
        presence.opened(s);
        NotificationCursor notifications = a.notifications() == null ? null
                : new NotificationCursor(a.notifications().userId(), a.notifications().afterSeq(), s, store, scheduler);
        s.notificationCursor(notifications);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (String channel : a.channels()) {
            acks.add(plainChannels.join(channel, s));
        }
        CompletableFuture<Void> ready = acks.isEmpty() || !redis.connected() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(acks.toArray(new CompletableFuture[0]))
                        .orTimeout(config.delivery().subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // connected goes out once the channels are live, so a client that saw it misses nothing after it.
        ready.whenComplete((ok, timeout) -> {
            s.sendControl(ServerFrames.connected(s.identity().label(), s.id(), heartbeatSeconds()));
            s.openGate();
            if (notifications != null) {
                scheduler.runBlocking(notifications::start);
            }
            if (a.dialogId() != null) {
                long dialogId = a.dialogId();
                scheduler.runBlocking(() -> subscriptions.subscribe(s, dialogId, a.afterSeq()));
            }
        });
    }

    @Override
    public OutboundBudget budget() {
        return budget;
    }

    @Override
    public void written(ClientSession session, OutboundEvent event) {
        registry.eventSent(session.endpoint());
        metrics.delivered(session.endpoint(), event.ts());
    }

    @Override
    public void closing(ClientSession s, int code, String reason, boolean byServer) {
        if (registry.unregister(s)) {
            metrics.connections(s.endpoint()).decrementAndGet();
        }
        if (s.admission().guestKey() != null) {
            registry.releaseGuest(s.admission().guestKey());
        }
        presence.closed(s);
        metrics.closed(s.endpoint(), code);
        if (code == CloseCodes.SLOW_CONSUMER) {
            metrics.slowConsumerClosed(s.endpoint());
        }
        if (s.admission().expiresAt() != null) {
            expiring.remove(s);
        }
        boolean abnormal = abnormalClose(code, byServer);
        if (abnormal || logEachConnection()) {
            String format = "connection closed transport=%s endpoint=%s connection=%s identity=%s dialog=%s code=%d"
                    + " reason=\"%s\" by=%s sent=%d duration=%ds live=%d endpoint_live=%d";
            Object[] args = {s.transport(), s.endpoint(), s.id(), s.identity().label(), s.admission().dialogId(), code,
                    reason == null ? "" : reason, byServer ? "server" : "client", s.eventsSent(),
                    Duration.between(s.openedAt(), Instant.now()).toSeconds(), registry.count(),
                    metrics.connections(s.endpoint()).get()};
            if (abnormal) {
                Log.infof(format, args);
            } else {
                logConnection(format, args);
            }
        }
        // Detaching takes stream locks; a close can be triggered while a cursor lock is held (slow
        // consumer during delivery), so it runs on another thread to keep lock order one-way.
        scheduler.runBlocking(() -> detach(s));
    }

    private void detach(ClientSession s) {
        subscriptions.leaveAll(s);
        for (String channel : s.channels()) {
            plainChannels.leave(channel, s);
        }
        s.detachActions().run();
    }

    /**
     * A close worth a line at INFO even when connections are not logged one by one: the server cut the
     * connection for a reason (slow consumer, expired token, flood, silent peer, error), or the network
     * dropped it without a close frame. Normal closes by the client and the drain's 1012s are not.
     */
    static boolean abnormalClose(int code, boolean byServer) {
        if (byServer) {
            return code != CloseCodes.NORMAL && code != CloseCodes.SERVICE_RESTART;
        }
        return code == CloseCodes.NO_CLOSE_FRAME || code == CloseCodes.SERVER_ERROR;
    }

    /** Closes every session whose credential expired by {@code now} with 4401. */
    void closeExpired(Instant now) {
        while (true) {
            ClientSession first;
            try {
                first = expiring.first();
            } catch (java.util.NoSuchElementException empty) {
                return;
            }
            if (now.isBefore(first.admission().expiresAt())) {
                return;
            }
            expiring.remove(first);
            first.close(CloseCodes.UNAUTHORIZED, "token expired; reconnect with a fresh token");
        }
    }

    private void closeSilentPeers(long pongTimeoutMillis) {
        long now = System.nanoTime();
        for (ClientSession s : registry.sessions()) {
            if ("ws".equals(s.transport()) && (now - s.lastSeenNanos()) / 1_000_000 > pongTimeoutMillis) {
                s.close(CloseCodes.GOING_AWAY, "no answer to pings for " + pongTimeoutMillis / 1000 + " s");
            }
        }
    }

}
