package io.switchboard.api.webhook;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.events.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the outbox's pending deliveries. Promises: every row is POSTed until an endpoint answers 2xx or its retry
 * window ({@code switchboard.webhooks.retry-for}) passes (then it is {@code failed}, visible and redeliverable);
 * rows of one endpoint and dialog leave one at a time in id order (the claim skips a row while an earlier pending
 * row of the same endpoint and dialog exists, in flight or waiting for its retry); at most
 * {@code concurrency-per-endpoint} requests per endpoint are in flight from this replica, and each has
 * {@code timeout} (connecting included) to be answered, or it is a failed attempt, retried with the backoff, so a
 * slow or hanging endpoint holds a bounded share of the replica and never the others' deliveries. Before every
 * attempt the URL's host is vetted again ({@link WebhookTargets}, unless private targets are allowed) and the
 * request goes to the vetted address. Delivery is at least
 * once: a replica killed between the POST and its bookkeeping leaves the row pending, and once its lease
 * ({@code locked_until}) runs out any replica sends it again with the same {@code event_id}.
 * <p>
 * Two ways out. <b>Direct</b> (the normal case): the replica that commits an event already holds its rows, leased to it
 * by their {@code INSERT} ({@link WebhookOutbox}); after the commit they are handed over here in one batch per
 * transaction ({@link #offer}) and sent from memory, with no claim, and their 2xx answers are recorded by the same
 * batched update as the claim's. In memory a dialog's rows of one endpoint form a lane: one request at a time, the
 * next after a 2xx. A row goes the direct way only if every earlier pending row of its endpoint and dialog is in its
 * lane (or was just recorded delivered by it; a row whose earlier row's hand-over has not arrived yet, two commits of
 * a dialog handed over in the other order, waits up to a second for it); otherwise (an earlier event retrying, another replica's, a dialog with
 * more than {@link #EARLIER_LIMIT} pending), or when the endpoint's last {@code concurrency-per-endpoint} direct
 * attempts failed, or too many rows wait in memory, its lease is given up at once ({@code locked_until = NULL}) and
 * the claim takes it in order. A direct attempt that fails is recorded
 * as any other (retried by the claim with the backoff) and gives up its lane's later rows the same way; a row that
 * waited in memory longer than {@code timeout} for a slot goes to the claim too, so a direct row is always answered
 * or recorded within its lease ({@link #directLeaseMillis}). <b>Claimed</b>: several replicas share the rest by
 * claiming rows with {@code FOR UPDATE SKIP LOCKED}; the claim runs when woken (a retry's outcome, rows given up by
 * the direct path, a redeliver) and otherwise every {@code poll-interval}.
 * <p>
 * Giving up a direct row's lease (the hand-on) is one Panache HQL update; HQL can say it. The other statements are
 * native SQL on plain JDBC: it runs on its own threads outside any request or JTA transaction,
 * and each claim and each bookkeeping update is one autocommit statement ({@code FOR UPDATE SKIP LOCKED}, a batched
 * {@code UPDATE ... FROM unnest}) that HQL cannot express; the claim's measured cost is beside {@link #CLAIM}. Whether
 * a Hibernate session per statement would cost more has not been measured.
 */
@ApplicationScoped
public class WebhookDispatcher {
    /**
     * The claim walks the pending rows in id order and stops after {@code 4 × concurrency-per-endpoint} heads (rows
     * with no earlier pending row of their endpoint and dialog). Measured with bench S1 --webhook at 1 000 msg/s:
     * numbering every pending row of the backlog on each claim cost PostgreSQL 3.9 ms of CPU per message, and the
     * backlog grew without end (commit → receiver p99 48 s). Bounded, a claim reads a few dozen entries of
     * {@code webhook_deliveries_pending_id_idx} (V11). The oldest rows still go first, and an endpoint at its cap is
     * left out, so the next endpoint's rows come up in the next claim.
     */
    private static final String CLAIM = "WITH heads AS (SELECT d.id, d.endpoint_id FROM webhook_deliveries d"
            + " WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
            + " AND (d.locked_until IS NULL OR d.locked_until < now()) AND d.endpoint_id <> ALL (?)"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id"
            + " AND p.dialog_id = d.dialog_id AND p.status = 'pending' AND p.id < d.id) ORDER BY d.id LIMIT ?),"
            + " ready AS (SELECT id, row_number() OVER (PARTITION BY endpoint_id ORDER BY id) AS rn FROM heads),"
            + " picked AS (SELECT w.id FROM webhook_deliveries w WHERE w.id IN (SELECT id FROM ready WHERE rn <= ?"
            + " ORDER BY id LIMIT ?) AND w.status = 'pending' AND (w.locked_until IS NULL OR w.locked_until < now())"
            + " FOR UPDATE OF w SKIP LOCKED)"
            + " UPDATE webhook_deliveries w SET locked_until = now() + ? * interval '1 millisecond'"
            + " FROM picked, webhook_endpoints e WHERE w.id = picked.id AND e.id = w.endpoint_id"
            + " RETURNING w.id, w.endpoint_id, w.event_id, w.kind, w.body, w.attempts, e.url, e.secret, w.dialog_id";
    /** Every 2xx answer recorded since the last flush, in one statement (one commit) however many there are. */
    private static final String DELIVERED = "UPDATE webhook_deliveries w SET status = 'delivered',"
            + " attempts = w.attempts + 1, delivered_at = now(), locked_until = NULL, last_status = u.st,"
            + " last_error = NULL FROM unnest(?::bigint[], ?::int[]) AS u(id, st) WHERE w.id = u.id"
            + " AND w.status = 'pending'";
    private static final String FAILED = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?,"
            + " last_error = ?, locked_until = NULL, next_attempt_at = now() + ? * interval '1 millisecond',"
            + " status = CASE WHEN now() + ? * interval '1 millisecond' > give_up_at THEN 'failed' ELSE 'pending' END"
            + " WHERE id = ? AND status = 'pending' RETURNING status";
    private static final String RELEASE = "UPDATE webhook_deliveries SET locked_until = NULL WHERE id = ?";
    private static final String BACKLOG = "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)"
            + " FROM webhook_deliveries WHERE status = 'pending'";
    private static final int MAX_ERROR = 500;
    /** A row with more earlier pending rows of its endpoint and dialog than this goes to the claim. */
    public static final int EARLIER_LIMIT = 32;
    /** Recorded rows a lane remembers: more than a row's INSERT can name ({@link #EARLIER_LIMIT}). */
    private static final int RECORDED_KEPT = 2 * EARLIER_LIMIT;
    private static final long IDLE_LANE_NANOS = 60_000_000_000L;
    /** How long a row waits for the hand-over of an earlier row of its dialog before it goes to the claim. */
    private static final long PARK_NANOS = 1_000_000_000L;

    @Inject
    Vertx vertx;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry registry;

    /**
     * The dispatcher's JDBC work (claims, outcomes, the backlog gauge) runs on its own named threads, off the
     * request workers and the event loops; the HTTP requests themselves are non-blocking on the Vert.x client.
     */
    private final ExecutorService database = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "switchboard-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private volatile HttpClient http;
    private volatile boolean stopped;
    private Counter delivered;
    private Counter failedAttempts;
    private Counter gaveUp;
    private Counter directSent;
    private Counter handedOn;
    private Counter claimedRows;
    private long pollTimer = -1;
    private long backlogTimer = -1;
    private long parkTimer = -1;

    /** A row leased to this replica: claimed ({@code direct} false) or written by it and handed over. */
    record Claimed(long id, long endpointId, long dialogId, String eventId, String kind, String body, int attempts,
                   String url, String secret, boolean direct) {
    }

    /**
     * A row this replica's transaction wrote, leased to it by the {@code INSERT}: {@code earlier} are the ids of the
     * endpoint's rows of the same dialog that were pending before it.
     */
    public record Fresh(long id, long endpointId, long dialogId, String eventId, String kind, String body, String url,
                        String secret, long[] earlier, long insertedNanos) {
        Claimed row() {
            return new Claimed(id, endpointId, dialogId, eventId, kind, body, 0, url, secret, true);
        }
    }

    /** One endpoint's rows of one dialog on the direct path. */
    private record LaneKey(long endpointId, long dialogId) {
    }

    private static final class Lane {
        final LaneKey key;
        /** Not yet sent, in id order; the head is sent when the lane gets a slot. */
        final ArrayDeque<Waiting> queue = new ArrayDeque<>();
        /** Every row of the lane not yet recorded: queued, in flight, or answered 2xx and waiting for the flush. */
        final Set<Long> owned = new HashSet<>();
        /**
         * The last rows of the lane recorded delivered: a later row's {@code INSERT} may have read one of them as
         * still pending (its snapshot predates the recording), which must not send that row to the claim.
         */
        final Set<Long> recorded = new LinkedHashSet<>();
        /** Its head is in flight or the lane waits for a slot in {@link Endpoint#ready}. */
        boolean busy;
        /** When a row last joined or was recorded ({@link System#nanoTime}); idle lanes are forgotten. */
        long touched = System.nanoTime();

        Lane(LaneKey key) {
            this.key = key;
        }
    }

    private record Waiting(Claimed row, long since) {
    }

    /** A handed-over row whose earlier pending row is not (yet) in its lane. */
    private record Parked(Fresh fresh, long since) {
    }

    /** Rows waiting for an earlier row's hand-over, per lane, in id order. */
    private final Map<LaneKey, TreeMap<Long, Parked>> parked = new HashMap<>();

    /** The direct path's state of one endpoint. */
    private static final class Endpoint {
        final ArrayDeque<Lane> ready = new ArrayDeque<>();
        int held;
        /**
         * Direct attempts failed in a row. From {@code concurrency-per-endpoint} on the endpoint counts as failing:
         * new rows go to the claim (which retries with the backoff) until an attempt succeeds. One failure only
         * holds back its own dialog (its later rows wait behind it in the claim).
         */
        int failures;
    }

    /** Guards {@link #lanes} and {@link #endpoints}: a few map operations per row, never I/O. */
    private final Object directLock = new Object();
    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private final Map<Long, Endpoint> endpoints = new HashMap<>();
    /** Direct sends leave the committing thread and the event loop: {@link #send} may look a host name up. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "switchboard-webhooks-send");
        t.setDaemon(true);
        return t;
    });
    /** When rows were last handed on to the claim: until the claim has seen them, outcomes wake it. */
    private volatile long handedOnAt = System.nanoTime() - 60_000_000_000L;

    void start(@Observes StartupEvent ev) {
        Gauge.builder("switchboard.webhooks.backlog", backlog, AtomicLong::get)
                .description("Webhook deliveries not yet delivered nor given up (all replicas)").register(registry);
        Gauge.builder("switchboard.webhooks.oldest.pending", oldestSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest pending webhook delivery").register(registry);
        delivered = Counter.builder("switchboard.webhooks.delivered").description("Webhook deliveries answered 2xx")
                .register(registry);
        failedAttempts = Counter.builder("switchboard.webhooks.failed.attempts")
                .description("Webhook attempts that failed (each retry counts)").register(registry);
        gaveUp = Counter.builder("switchboard.webhooks.gave.up")
                .description("Webhook deliveries marked failed after the retry window").register(registry);
        directSent = Counter.builder("switchboard.webhooks.direct")
                .description("Webhook attempts sent straight after the commit, without a claim").register(registry);
        handedOn = Counter.builder("switchboard.webhooks.handed.on")
                .description("Webhook rows the direct path left to the claim (order, failing endpoint, queue full)")
                .register(registry);
        claimedRows = Counter.builder("switchboard.webhooks.claimed")
                .description("Webhook rows taken by the claim (retries, other replicas' rows, handed on)")
                .register(registry);
        backlogTimer = vertx.setPeriodic(5_000, id -> {
            onDatabaseThread(this::refreshBacklog);
            forgetIdleLanes();
        });
        if (!config.webhooks().deliver()) {
            return;
        }
        http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.webhooks().timeout().toMillis())
                .setMaxPoolSize(Math.max(8, config.webhooks().concurrencyPerEndpoint()))
                .setKeepAlive(true));
        pollTimer = vertx.setPeriodic(config.webhooks().pollInterval().toMillis(), id -> wake());
        parkTimer = vertx.setPeriodic(200, id -> handOnParked());
        wake();
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(backlogTimer);
        vertx.cancelTimer(parkTimer);
        database.shutdown();
        sender.shutdown();
    }

    /**
     * How long the rows this replica writes are leased to it by their {@code INSERT} (0: not at all, the claim
     * sends them): a row waits at most {@code timeout} in memory for a slot, its request takes at most
     * {@code timeout}, and the lease covers the bookkeeping after it with the claim's margin (as a claim's lease,
     * plus the wait). Only a replica that died leaves its rows to another, once this has passed.
     */
    public long directLeaseMillis() {
        if (!config.webhooks().direct() || http == null || stopped) {
            return 0;
        }
        return 3 * config.webhooks().timeout().toMillis() + 5_000;
    }

    /**
     * Takes the rows one committed transaction wrote (called after the commit, on the committing thread): each goes
     * the direct way if its lane allows (see the class comment), else its lease is given up for the claim.
     */
    public void offer(List<Fresh> rows) {
        List<Claimed> start = new ArrayList<>();
        List<Long> handOn = new ArrayList<>();
        try {
            List<Fresh> sorted = new ArrayList<>(rows);
            sorted.sort((a, b) -> Long.compare(a.id(), b.id()));
            long now = System.nanoTime();
            synchronized (directLock) {
                Set<Long> touched = new HashSet<>();
                for (Fresh f : sorted) {
                    LaneKey key = new LaneKey(f.endpointId(), f.dialogId());
                    TreeMap<Long, Parked> waiting = parked.get(key);
                    if (waiting != null && f.id() > waiting.firstKey()) {
                        // Behind a row that waits for its predecessor: keeps its place.
                        waiting.put(f.id(), new Parked(f, now));
                        continue;
                    }
                    switch (admit(f, key, now)) {
                        case TAKEN -> {
                            touched.add(f.endpointId());
                            unpark(key, now, touched, handOn);
                        }
                        case UNKNOWN_EARLIER -> parked.computeIfAbsent(key, k -> new TreeMap<>())
                                .put(f.id(), new Parked(f, now));
                        case REFUSED -> {
                            handOn.add(f.id());
                            // What was parked behind it waits for it: the claim sends them all in order.
                            TreeMap<Long, Parked> behind = parked.remove(key);
                            if (behind != null) {
                                handOn.addAll(behind.keySet());
                            }
                        }
                    }
                }
                for (long endpoint : touched) {
                    pump(endpoint, start, handOn);
                }
            }
        } catch (RuntimeException e) {
            // Whatever was not taken keeps its lease until it runs out; then the claim sends it.
            Log.warnf("Could not take %d webhook deliveries directly: %s", rows.size(), e.getMessage());
        } finally {
            startAndHandOn(start, handOn);
        }
    }

    private enum Admission { TAKEN, UNKNOWN_EARLIER, REFUSED }

    /** Under {@link #directLock}: puts the row into its lane if the lane may take it. */
    private Admission admit(Fresh f, LaneKey key, long now) {
        Lane lane = lanes.get(key);
        Endpoint endpoint = endpoints.computeIfAbsent(f.endpointId(), k -> new Endpoint());
        if (stopped || endpoint.failures >= config.webhooks().concurrencyPerEndpoint()
                || endpoint.held >= config.webhooks().directQueue() || f.earlier().length > EARLIER_LIMIT) {
            return Admission.REFUSED;
        }
        if (!inLane(f.earlier(), lane)) {
            return Admission.UNKNOWN_EARLIER;
        }
        if (lane == null) {
            lane = new Lane(key);
            lanes.put(key, lane);
        }
        // The lease started at the INSERT: the time in memory counts from there.
        lane.queue.add(new Waiting(f.row(), Math.min(now, f.insertedNanos())));
        lane.owned.add(f.id());
        lane.touched = now;
        endpoint.held++;
        if (!lane.busy) {
            lane.busy = true;
            endpoint.ready.add(lane);
        }
        return Admission.TAKEN;
    }

    /**
     * Under {@link #directLock}: a row joined the lane, so the rows parked behind it (their {@code INSERT} saw it
     * pending before its own hand-over arrived: two commits of one dialog handed over in the other order) may
     * follow. A parked row the lane refuses goes to the claim with everything parked behind it.
     */
    private void unpark(LaneKey key, long now, Set<Long> touched, List<Long> handOn) {
        TreeMap<Long, Parked> waiting = parked.get(key);
        while (waiting != null && !waiting.isEmpty()) {
            Admission a = admit(waiting.firstEntry().getValue().fresh(), key, now);
            if (a == Admission.UNKNOWN_EARLIER) {
                return;
            }
            if (a == Admission.REFUSED) {
                handOn.addAll(waiting.keySet());
                waiting.clear();
                break;
            }
            touched.add(key.endpointId());
            waiting.pollFirstEntry();
        }
        parked.remove(key);
    }

    /**
     * Rows parked longer than {@link #PARK_NANOS} wait for a row this replica does not hold (retrying, another
     * replica's): they go to the claim, which sends them behind it.
     */
    private void handOnParked() {
        List<Long> handOn = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (directLock) {
            parked.values().removeIf(waiting -> {
                if (now - waiting.firstEntry().getValue().since() < PARK_NANOS) {
                    return false;
                }
                handOn.addAll(waiting.keySet());
                return true;
            });
        }
        startAndHandOn(List.of(), handOn);
    }

    private static boolean inLane(long[] earlier, Lane lane) {
        for (long id : earlier) {
            if (lane == null || !lane.owned.contains(id) && !lane.recorded.contains(id)) {
                return false;
            }
        }
        return true;
    }

    /** Under {@link #directLock}: gives the endpoint's waiting lanes the slots its cap leaves free. */
    private void pump(long endpointId, List<Claimed> start, List<Long> handOn) {
        Endpoint endpoint = endpoints.get(endpointId);
        if (endpoint == null) {
            return;
        }
        int cap = config.webhooks().concurrencyPerEndpoint();
        long maxWait = config.webhooks().timeout().toNanos();
        AtomicInteger n = inFlight.computeIfAbsent(endpointId, k -> new AtomicInteger());
        long now = System.nanoTime();
        while (!endpoint.ready.isEmpty()) {
            Lane lane = endpoint.ready.peek();
            Waiting head = lane.queue.peek();
            if (head == null) {
                endpoint.ready.poll();
                lane.busy = false;
                continue;
            }
            if (now - head.since() > maxWait) {
                // Waited too long for a slot: its lease must still cover the request, so the claim takes the lane.
                endpoint.ready.poll();
                giveUpLane(lane, endpoint, handOn);
                continue;
            }
            if (n.incrementAndGet() > cap) {
                n.decrementAndGet();
                return;
            }
            endpoint.ready.poll();
            lane.queue.poll();
            endpoint.held--;
            start.add(head.row());
        }
    }

    /** Under {@link #directLock}: the lane's unsent rows go to the claim, which keeps their order. */
    private void giveUpLane(Lane lane, Endpoint endpoint, List<Long> handOn) {
        for (Waiting w : lane.queue) {
            handOn.add(w.row().id());
        }
        endpoint.held -= lane.queue.size();
        lane.queue.clear();
        lane.busy = false;
        lanes.remove(lane.key, lane);
    }

    private void startAndHandOn(List<Claimed> start, List<Long> handOn) {
        if (!start.isEmpty()) {
            directSent.increment(start.size());
            try {
                sender.execute(() -> start.forEach(this::send));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                Log.debug("Webhook dispatcher stopping; direct rows left to their lease");
            }
        }
        if (!handOn.isEmpty()) {
            handedOn.increment(handOn.size());
            onDatabaseThread(() -> handOn(handOn));
        }
    }

    private void handOn(List<Long> ids) {
        // Direct rows handed on to the claim give up their insert's lease in one HQL statement.
        try {
            QuarkusTransaction.requiringNew().run(() -> WebhookDelivery.update(
                    "lockedUntil = null where id in ?1 and status = ?2", ids, WebhookDelivery.PENDING));
        } catch (RuntimeException e) {
            Log.warnf("Could not hand %d webhook deliveries to the claim (their lease runs out instead): %s",
                    ids.size(), e.getMessage());
        }
        handedOnAt = System.nanoTime();
        wake();
    }

    /** A direct attempt ended: frees its slot and moves its lane on (2xx) or hands the lane to the claim. */
    private void directDone(Claimed row, boolean ok) {
        List<Claimed> start = new ArrayList<>();
        List<Long> handOn = new ArrayList<>();
        synchronized (directLock) {
            inFlight.get(row.endpointId()).decrementAndGet();
            Endpoint endpoint = endpoints.computeIfAbsent(row.endpointId(), k -> new Endpoint());
            Lane lane = lanes.get(new LaneKey(row.endpointId(), row.dialogId()));
            if (ok) {
                endpoint.failures = 0;
                if (lane != null) {
                    if (lane.queue.isEmpty()) {
                        lane.busy = false;
                    } else {
                        endpoint.ready.add(lane);
                    }
                }
            } else {
                endpoint.failures++;
                if (lane != null) {
                    giveUpLane(lane, endpoint, handOn);
                }
            }
            pump(row.endpointId(), start, handOn);
        }
        startAndHandOn(start, handOn);
    }

    /**
     * The flush recorded these direct rows' 2xx ({@code stored}) or could not: they no longer hold their lanes; a
     * recorded one is remembered as delivered (not pending) for the lane's next rows.
     */
    private void directRecorded(List<Outcome> batch, boolean stored) {
        long now = System.nanoTime();
        synchronized (directLock) {
            for (Outcome o : batch) {
                if (!o.row().direct() || !o.ok()) {
                    continue;
                }
                Lane lane = lanes.get(new LaneKey(o.row().endpointId(), o.row().dialogId()));
                if (lane != null && lane.owned.remove(o.row().id()) && stored) {
                    lane.recorded.add(o.row().id());
                    if (lane.recorded.size() > RECORDED_KEPT) {
                        Iterator<Long> oldest = lane.recorded.iterator();
                        oldest.next();
                        oldest.remove();
                    }
                    lane.touched = now;
                }
            }
        }
    }

    /** Forgets lanes with nothing in memory that no row joined for a minute (their dialogs went quiet). */
    private void forgetIdleLanes() {
        long now = System.nanoTime();
        synchronized (directLock) {
            lanes.values().removeIf(l -> l.owned.isEmpty() && !l.busy && now - l.touched > IDLE_LANE_NANOS);
        }
    }

    /** Looks for due rows now (after a commit that wrote some, or after a delivery freed its dialog's next row). */
    public void wake() {
        if (stopped || http == null) {
            return;
        }
        again.set(true);
        if (draining.compareAndSet(false, true)) {
            onDatabaseThread(this::drain);
        }
    }

    /** After shutdown the row stays claimed until its lease runs out; another replica (or the next start) sends it. */
    private void onDatabaseThread(Runnable work) {
        try {
            database.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            Log.debug("Webhook dispatcher stopping; work left to the lease");
        }
    }

    private void drain() {
        try {
            while (again.getAndSet(false) && !stopped) {
                List<Claimed> rows = claim();
                for (Claimed row : rows) {
                    send(row);
                }
                if (rows.size() >= config.webhooks().batchSize()) {
                    again.set(true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            Log.warnf("Could not claim webhook deliveries (retrying on the next poll): %s", e.getMessage());
        } finally {
            draining.set(false);
            if (again.get()) {
                wake();
            }
        }
    }

    private List<Claimed> claim() throws SQLException {
        int cap = config.webhooks().concurrencyPerEndpoint();
        List<Long> saturated = new ArrayList<>();
        inFlight.forEach((endpoint, n) -> {
            if (n.get() >= cap) {
                saturated.add(endpoint);
            }
        });
        List<Claimed> claimed = new ArrayList<>();
        List<Long> overCap = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                Array excluded = c.createArrayOf("bigint", saturated.toArray());
                ps.setArray(1, excluded);
                ps.setInt(2, Math.min(config.webhooks().batchSize(), 4 * cap));
                ps.setInt(3, cap);
                ps.setInt(4, config.webhooks().batchSize());
                // The lease outlives the request's timeout and the bookkeeping after it, so only a replica that died
                // (kill -9, lost host) leaves a row to another: twice the timeout plus 5 s.
                ps.setLong(5, 2 * config.webhooks().timeout().toMillis() + 5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Claimed row = new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(9), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                                false);
                        AtomicInteger n = inFlight.computeIfAbsent(row.endpointId(), k -> new AtomicInteger());
                        if (n.incrementAndGet() > cap) {
                            n.decrementAndGet();
                            overCap.add(row.id());
                        } else {
                            claimed.add(row);
                        }
                    }
                }
            }
            for (long id : overCap) {
                try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
        }
        claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
        claimedRows.increment(claimed.size());
        return claimed;
    }

    private void send(Claimed row) {
        Duration timeout = config.webhooks().timeout();
        URI uri;
        InetAddress address;
        try {
            // Checked again before every attempt: the name may point elsewhere now than when the endpoint was saved.
            uri = WebhookTargets.parse(row.url());
            address = WebhookTargets.vet(uri, config.webhooks().allowPrivateTargets(), InetAddress::getAllByName);
        } catch (WebhookTargets.Refused refused) {
            done(row, null, refused.getMessage());
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(row.url())
                .setFollowRedirects(false).setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", "Switchboard-Webhooks/1")
                .putHeader(WebhookSignature.HEADER, WebhookSignature.header(row.secret(), now, row.body()))
                .putHeader(WebhookSignature.EVENT_ID_HEADER, row.eventId())
                .putHeader(WebhookSignature.KIND_HEADER, row.kind())
                .putHeader(WebhookSignature.DELIVERY_HEADER, Long.toString(row.id()));
        if (address != null) {
            // Connect to the address that was vetted, not to whatever a second lookup returns (DNS rebinding); the
            // Host header and TLS name stay the URL's.
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            options.setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        }
        http.request(options)
                .compose(req -> req.send(Buffer.buffer(row.body())))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))
                .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .onComplete(ar -> done(row, ar.succeeded() ? ar.result() : null,
                        ar.succeeded() ? null : describe(ar.cause())));
    }

    /**
     * Queues the attempt's outcome for the bookkeeping, which records every outcome queued meanwhile at once (at
     * 1 000 deliveries a second one commit per answer would be the dispatcher's bottleneck), then frees the slots
     * of the endpoints' caps and looks for more work.
     */
    private void done(Claimed row, Answer answer, String error) {
        if (row.direct()) {
            directDone(row, answer != null && answer.ok());
        }
        outcomes.add(new Outcome(row, answer, error));
        if (flushing.compareAndSet(false, true)) {
            onDatabaseThread(this::flush);
        }
    }

    private record Outcome(Claimed row, Answer answer, String error) {
        boolean ok() {
            return answer != null && answer.ok();
        }
    }

    private void flush() {
        try {
            List<Outcome> batch = new ArrayList<>();
            for (Outcome o = outcomes.poll(); o != null; o = outcomes.poll()) {
                batch.add(o);
            }
            if (batch.isEmpty()) {
                return;
            }
            boolean claimed = false;
            boolean stored = false;
            try {
                stored = record(batch);
            } finally {
                for (Outcome o : batch) {
                    if (!o.row().direct()) {
                        claimed = true;
                        inFlight.get(o.row().endpointId()).decrementAndGet();
                    }
                }
                directRecorded(batch, stored);
                // The claim is needed after its own rows' outcomes (a dialog's next row, a freed slot) and after a
                // direct failure (the retry) or a hand-on (the handed rows may wait behind a row just recorded);
                // direct successes alone leave it to its poll.
                if (claimed || batch.stream().anyMatch(o -> !o.ok())
                        || System.nanoTime() - handedOnAt < 10_000_000_000L) {
                    wake();
                }
            }
        } finally {
            flushing.set(false);
            if (!outcomes.isEmpty() && flushing.compareAndSet(false, true)) {
                onDatabaseThread(this::flush);
            }
        }
    }

    private record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Whether the 2xx answers were stored. */
    private boolean record(List<Outcome> batch) {
        boolean stored = false;
        try (Connection c = dataSource.getConnection()) {
            List<Outcome> ok = batch.stream().filter(Outcome::ok).toList();
            if (!ok.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(DELIVERED)) {
                    ps.setArray(1, c.createArrayOf("bigint", ok.stream().map(o -> o.row().id()).toArray()));
                    ps.setArray(2, c.createArrayOf("integer", ok.stream().map(o -> o.answer().status()).toArray()));
                    ps.executeUpdate();
                }
                delivered.increment(ok.size());
                clearFailing(ok);
            }
            stored = true;
            for (Outcome o : batch) {
                if (!o.ok()) {
                    failed(c, o.row(), o.answer(), o.error());
                }
            }
        } catch (SQLException e) {
            // The lease runs out and the rows are sent again: at least once, never lost.
            Log.warnf("Could not record the outcome of %d webhook deliveries: %s", batch.size(), e.getMessage());
        }
        return stored;
    }

    /** A 2xx from the claim's attempts shows the endpoint is back: the direct path takes its new rows again. */
    private void clearFailing(List<Outcome> ok) {
        synchronized (directLock) {
            for (Outcome o : ok) {
                if (!o.row().direct()) {
                    Endpoint endpoint = endpoints.get(o.row().endpointId());
                    if (endpoint != null) {
                        endpoint.failures = 0;
                    }
                }
            }
        }
    }

    private void failed(Connection c, Claimed row, Answer answer, String error) throws SQLException {
        failedAttempts.increment();
        String why = answer != null ? "HTTP " + answer.status() + ": " + answer.body() : error;
        long wait = WebhookBackoff.after(row.attempts() + 1, config.webhooks().backoffInitial(),
                config.webhooks().backoffMax()).toMillis();
        try (PreparedStatement ps = c.prepareStatement(FAILED)) {
            if (answer != null) {
                ps.setInt(1, answer.status());
            } else {
                ps.setNull(1, java.sql.Types.INTEGER);
            }
            ps.setString(2, why.length() > MAX_ERROR ? why.substring(0, MAX_ERROR) : why);
            ps.setLong(3, wait);
            ps.setLong(4, wait);
            ps.setLong(5, row.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && WebhookDelivery.FAILED.equals(rs.getString(1))) {
                    gaveUp.increment();
                    Log.warnf("Webhook delivery %d (event %s) to %s given up after %d attempts: %s", row.id(),
                            row.eventId(), withoutUserInfo(row.url()), row.attempts() + 1, why);
                }
            }
        }
    }

    /** An endpoint URL may carry basic-auth credentials ({@code https://user:pass@host/}); logs never do. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^(\\w+://)[^/@]*@", "$1");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (t instanceof java.util.concurrent.TimeoutException || (m != null && m.contains("timeout"))) {
            return "No answer within the timeout (" + (m == null ? t.getClass().getSimpleName() : m) + ")";
        }
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void refreshBacklog() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BACKLOG);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                backlog.set(rs.getLong(1));
                oldestSeconds.set(rs.getLong(2));
            }
        } catch (SQLException e) {
            Log.debugf("Could not read the webhook backlog: %s", e.getMessage());
        }
    }
}
