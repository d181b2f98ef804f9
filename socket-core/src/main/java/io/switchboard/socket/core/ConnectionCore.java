package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.Channels;
import io.switchboard.events.ClientFrame;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.Envelope;
import io.switchboard.events.MalformedEventException;
import io.switchboard.events.ServerFrames;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.limits.ConnectionLimits;
import io.switchboard.socket.metrics.SocketMetrics;
import io.switchboard.socket.redis.EventPublisher;
import io.switchboard.socket.redis.RedisSubscriber;
import io.switchboard.socket.store.SocketStore;
import io.switchboard.store.DialogRecord;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
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
    ChannelFanout plainChannels;

    @Inject
    SocketStore store;

    @Inject
    EventPublisher publisher;

    @Inject
    SocketMetrics metrics;

    @Inject
    SocketConfig config;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    Channels channels;

    @Inject
    Vertx vertx;

    @Inject
    RedisSubscriber redis;

    @Inject
    ConnectionLimits limits;

    /** RFC 6455 close code for a message larger than the endpoint accepts. */
    static final int MESSAGE_TOO_BIG = CloseCodes.MESSAGE_TOO_BIG;

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
            verdict = new Admission.Rejected(CloseCodes.SERVICE_RESTART, restartReason(spreadMillis()));
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
                scheduler.runBlocking(() -> subscribe(s, dialogId, a.afterSeq()));
            }
        });
    }

    /**
     * Follows a dialog: registers for live events first, then (on this worker thread) reads what the
     * client missed from PostgreSQL, then releases the held live events through the seq rule.
     */
    void subscribe(ClientSession s, long dialogId, Long afterSeq) {
        if (s.isClosed()) {
            return;
        }
        DeliveryCursor cursor = new DeliveryCursor(dialogId, s, store, scheduler, config.delivery().pageSize(),
                config.limits().heldDuringCatchUp());
        DeliveryCursor previous = s.cursors().put(dialogId, cursor);
        if (previous != null) {
            dialogs.leave(dialogId, previous);
        }
        dialogs.join(dialogId, cursor);
        long joinedNanos = System.nanoTime();
        if (s.isClosed()) {
            s.cursors().remove(dialogId, cursor);
            dialogs.leave(dialogId, cursor);
            return;
        }
        Optional<DialogRecord> dialog;
        try {
            dialog = dialogReadAfter(dialogId, joinedNanos);
        } catch (Exception e) {
            Log.warnf("dialog %d: cannot read it for a subscription (%s)", dialogId, e.toString());
            s.close(Admission.TRY_AGAIN_LATER, "database unavailable; reconnect with after_seq in a few seconds");
            return;
        }
        if (dialog.isEmpty()) {
            Admission.Rejected missing = s.admission().access().missing(dialogId);
            s.sendControl(ServerFrames.error(missing.errorCode(), missing.reason()));
            unsubscribe(s, dialogId, false);
            return;
        }
        long lastSeq = dialog.get().lastSeq();
        String overLimit = afterSeq == null ? null : limits.replay(s.clientAddress(), lastSeq - afterSeq);
        if (overLimit != null) {
            s.close(CloseCodes.RATE_LIMITED, overLimit);
            return;
        }
        s.sendControl(ServerFrames.subscribed(dialogId, lastSeq));
        cursor.start(afterSeq, lastSeq);
    }

    /** A read of a dialog's row that is running, and when it started. */
    record RowRead(long startedNanos, CompletableFuture<Optional<DialogRecord>> row) {
    }

    final Map<Long, RowRead> rowReads = new ConcurrentHashMap<>();

    /**
     * The dialog's row as read from PostgreSQL by a query that started after {@code joinedNanos}, the moment
     * the caller's cursor was registered for live events: its {@code last_seq} then covers everything
     * published before the cursor could see it. Sockets of one dialog subscribing at the same time (a
     * reconnect storm) share such a read instead of each running it. Worker thread only.
     */
    Optional<DialogRecord> dialogReadAfter(long dialogId, long joinedNanos) throws Exception {
        while (true) {
            RowRead running = rowReads.get(dialogId);
            if (running != null && running.startedNanos() - joinedNanos > 0) {
                try {
                    return running.row().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            RowRead mine = new RowRead(System.nanoTime(), new CompletableFuture<>());
            boolean won = running == null ? rowReads.putIfAbsent(dialogId, mine) == null
                    : rowReads.replace(dialogId, running, mine);
            if (!won) {
                continue;
            }
            try {
                Optional<DialogRecord> row = store.dialog(dialogId);
                mine.row().complete(row);
                return row;
            } catch (Exception | Error e) {
                mine.row().completeExceptionally(e);
                throw e;
            } finally {
                rowReads.remove(dialogId, mine);
            }
        }
    }

    private void unsubscribe(ClientSession s, long dialogId, boolean confirm) {
        DeliveryCursor cursor = s.cursors().remove(dialogId);
        if (cursor != null) {
            dialogs.leave(dialogId, cursor);
        }
        if (confirm) {
            s.sendControl(ServerFrames.unsubscribed(dialogId));
        }
    }

    /** One inbound text frame of a WebSocket session. Worker thread. */
    public void onFrame(ClientSession s, String text) {
        if (s.isClosed()) {
            return;
        }
        s.seen();
        if (!s.allowInboundFrame()) {
            s.close(CloseCodes.RATE_LIMITED, "too many frames: limit " + config.limits().framesPerSecond()
                    + " per second");
            return;
        }
        int limit = config.limits().maxFrameBytes();
        if (text.length() > limit || (text.length() > limit / 3 && Utf8.length(text) > limit)) {
            String why = "frame too large: limit " + limit + " bytes";
            s.sendControl(ServerFrames.error("frame_too_large", why));
            s.close(MESSAGE_TOO_BIG, why);
            return;
        }
        if (text.indexOf('\uFFFD') >= 0) {
            // Vert.x decodes a text frame that is not valid UTF-8 with replacement characters; client frames
            // carry no free text, so one means the bytes were not UTF-8 (RFC 6455 requires failing the connection).
            String why = "text frames must be valid UTF-8";
            s.sendControl(ServerFrames.error("bad_frame", why));
            s.close(CloseCodes.BAD_FRAME, "malformed frame: " + why);
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrame.decode(text);
        } catch (MalformedEventException e) {
            s.sendControl(ServerFrames.error("bad_frame", e.getMessage()));
            s.close(CloseCodes.BAD_FRAME, "malformed frame: " + e.getMessage());
            return;
        }
        try {
            switch (frame.type()) {
                case ClientFrame.PING -> s.sendControl(ServerFrames.pong());
                case ClientFrame.SUBSCRIBE -> onSubscribeFrame(s, frame);
                case ClientFrame.UNSUBSCRIBE -> unsubscribe(s, frame.dialogId(), true);
                case ClientFrame.TYPING -> onTypingFrame(s, frame);
                case ClientFrame.READ -> onReadFrame(s, frame);
                default -> s.sendControl(ServerFrames.error("bad_frame", "unsupported frame " + frame.type()));
            }
        } catch (Exception e) {
            Log.warnf("frame %s on connection %s failed: %s", frame.type(), s.id(), e.toString());
            s.sendControl(ServerFrames.error("unavailable", "temporary server problem; try again"));
        }
    }


    /** One inbound binary frame: the protocol is JSON text, so it is malformed (error frame, then 4400). */
    public void onBinaryFrame(ClientSession s) {
        if (s.isClosed()) {
            return;
        }
        s.seen();
        String why = "frames must be JSON text; binary frames are not accepted";
        s.sendControl(ServerFrames.error("bad_frame", why));
        s.close(CloseCodes.BAD_FRAME, "malformed frame: " + why);
    }

    private void onSubscribeFrame(ClientSession s, ClientFrame frame) throws Exception {
        long dialogId = frame.dialogId();
        Optional<DialogRecord> dialog = store.dialog(dialogId);
        if (dialog.isEmpty()) {
            Admission.Rejected missing = s.admission().access().missing(dialogId);
            s.sendControl(ServerFrames.error(missing.errorCode(), missing.reason()));
            return;
        }
        Optional<Admission.Rejected> denied = s.access().check(dialog.get());
        if (denied.isPresent()) {
            s.sendControl(ServerFrames.error(denied.get().errorCode(), denied.get().reason()));
            return;
        }
        scheduler.runBlocking(() -> subscribe(s, dialogId, frame.afterSeq()));
    }

    private void onTypingFrame(ClientSession s, ClientFrame frame) {
        long dialogId = frame.dialogId();
        if (!s.cursors().containsKey(dialogId)) {
            s.sendControl(ServerFrames.error("not_subscribed", "subscribe to dialog " + dialogId + " before typing"));
            return;
        }
        SessionIdentity who = s.identity();
        publisher.publish(Envelope.typing(dialogId, who.typingWho(), who.displayName(), frame.state()),
                channels.dialog(dialogId));
    }

    private void onReadFrame(ClientSession s, ClientFrame frame) throws Exception {
        long dialogId = frame.dialogId();
        if (!s.cursors().containsKey(dialogId)) {
            s.sendControl(ServerFrames.error("not_subscribed", "subscribe to dialog " + dialogId + " before read"));
            return;
        }
        String reader = s.identity().reader();
        if (reader == null) {
            s.sendControl(ServerFrames.error("forbidden", "this identity has no read state"));
            return;
        }
        OptionalLong moved = store.advanceReadWatermark(dialogId, reader, frame.seq());
        if (moved.isEmpty()) {
            return;
        }
        Optional<DialogRecord> dialog = store.dialog(dialogId);
        if (dialog.isPresent()) {
            long assistantId = dialog.get().assistantId();
            publisher.publish(Envelope.read(dialogId, assistantId, reader, moved.getAsLong()),
                    channels.dialog(dialogId), channels.assistant(assistantId));
        }
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
        for (Long dialogId : List.copyOf(s.cursors().keySet())) {
            DeliveryCursor c = s.cursors().remove(dialogId);
            if (c != null) {
                dialogs.leave(dialogId, c);
            }
        }
        for (String channel : List.copyOf(s.channels())) {
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

    /**
     * The first step of a shutdown (pre-shutdown, enabled by {@code quarkus.shutdown.delay-enabled}): the HTTP
     * server still runs here. By the time {@link ShutdownEvent} fires Quarkus has already closed it, and every
     * client would get a bare 1000 without a reason or a reconnect hint.
     */
    void drainWhenShutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Fallback for a shutdown that skipped the pre-shutdown step; a no-op after a drain. */
    void drainOnShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain();
    }

    /**
     * Graceful drain, in this order: readiness goes DOWN and new connections are turned away with 1012;
     * after {@code switchboard.shutdown.close-delay} every open connection is closed with 1012 and a
     * reconnect hint spread over {@code switchboard.shutdown.reconnect-spread}; then the drain waits, up
     * to {@code switchboard.shutdown.drain-timeout} in all, until every close reached the network, so no
     * client sees a bare 1006 when the process exits. Blocks the caller (the shutdown thread).
     */
    public void drain() {
        if (!registry.startDraining()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + config.shutdown().drainTimeout().toNanos();
        Log.infof("shutdown: readiness is DOWN, new connections are refused with 1012; the %d open connections"
                + " are closed with 1012 and a reconnect hint in %d ms", registry.count(),
                config.shutdown().closeDelay().toMillis());
        pauseUntil(Math.min(deadline, started + config.shutdown().closeDelay().toNanos()));
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        int told = 0;
        // Sessions admitted while the loop ran are caught by the next pass.
        for (int pass = 0; pass < 3 && registry.count() > 0; pass++) {
            for (ClientSession s : registry.sessions()) {
                long delay = spreadMillis();
                s.reconnectHintMillis(delay);
                s.close(CloseCodes.SERVICE_RESTART, restartReason(delay));
                ends.add(s.ended());
                told++;
            }
        }
        try {
            CompletableFuture.allOf(ends.toArray(new CompletableFuture[0]))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Log.infof("shutdown: %d clients told to reconnect within %d ms; drained in %d ms", told,
                    config.shutdown().reconnectSpread().toMillis() + 500, (System.nanoTime() - started) / 1_000_000);
        } catch (java.util.concurrent.TimeoutException e) {
            long open = ends.stream().filter(f -> !f.isDone()).count();
            Log.warnf("shutdown: %d of %d connections had not finished closing after the drain timeout %s", open,
                    told, config.shutdown().drainTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            Log.debugf("shutdown: a close failed: %s", e.toString());
        }
    }

    private static void pauseUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long spreadMillis() {
        long max = Math.max(1, config.shutdown().reconnectSpread().toMillis());
        return 500 + ThreadLocalRandom.current().nextLong(max);
    }

    private static String restartReason(long delayMillis) {
        return String.format(java.util.Locale.ROOT, "server restarting; reconnect in %.1f s with after_seq",
                delayMillis / 1000.0);
    }
}
