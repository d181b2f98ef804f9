package io.switchboard.api.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * lane or was just recorded delivered (by the lane or by this replica's claim: a dialog whose backlog the claim
 * has sent comes back to the direct path). A row whose earlier row's hand-over has not arrived yet (two commits of a
 * dialog handed over in the other order) waits up to a second for it. Otherwise its lease is given up at once
 * ({@code locked_until = NULL}) and the claim takes it in order; the reason is the {@code reason} tag of
 * {@code switchboard.webhooks.handed.on} ({@link Reason}). A direct attempt that fails is recorded as any other
 * (retried by the claim with the backoff) and gives up its lane's later rows the same way. A row that waits in memory
 * longer than {@code timeout} for a slot (a slow endpoint, a replica catching up after an overload) has its lease
 * renewed, many rows in one update, and keeps its place: the claim would only queue it for the same slots at more
 * cost. Only a row whose lease could not be renewed within {@code 2 × timeout} goes to the claim, so a direct row is
 * always answered or recorded within its lease ({@link #directLeaseMillis}). <b>Claimed</b>: several replicas share
 * the rest by claiming rows with {@code FOR UPDATE SKIP LOCKED}; the claim runs when woken (a retry's outcome, rows
 * given up by the direct path, a redeliver) and otherwise every {@code poll-interval}.
 * <p>
 * Persistence goes through Hibernate ORM: the bookkeeping (delivered, failed, lease given up, the backlog gauge) is
 * Panache HQL, each batch in a transaction of its own on the dispatcher's threads. The claim alone is a native
 * statement, run through Hibernate's session: see {@link #CLAIM} for why.
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
     * <p>
     * Native SQL (through Hibernate's session): one autocommit statement finds the heads, locks them
     * {@code SKIP LOCKED}, sets their lease and answers each row with its endpoint's URL and secret — one round trip.
     * HQL has no {@code UPDATE ... FROM ... RETURNING}: the same in HQL is a {@code select ... for update skip locked}
     * (the heads' window function, {@code rn <= cap}, moved into Java), an {@code update ... where id in} and a read
     * of the endpoints, inside an explicit transaction: 5 round trips (begin, 3 statements, commit) instead of 1,
     * with the row locks held across them. Measured in {@code WebhookClaimCostTest} (a claim of 20 rows, 300 times
     * after 100 for warm-up, same database, two runs on the shared 2-core machine): native 0.29-0.41 ms of
     * message-api CPU and 1.0-2.3 ms wall per claim, HQL 2.3-3.5 ms CPU and 3.8-19 ms wall — 8 times the CPU.
     */
    static final String CLAIM = "WITH heads AS (SELECT d.id, d.endpoint_id FROM webhook_deliveries d"
            + " WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
            + " AND (d.locked_until IS NULL OR d.locked_until < now()) AND d.endpoint_id NOT IN (?1)"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id"
            + " AND p.dialog_id = d.dialog_id AND p.status = 'pending' AND p.id < d.id) ORDER BY d.id LIMIT ?2),"
            + " ready AS (SELECT id, row_number() OVER (PARTITION BY endpoint_id ORDER BY id) AS rn FROM heads),"
            + " picked AS (SELECT w.id FROM webhook_deliveries w WHERE w.id IN (SELECT id FROM ready WHERE rn <= ?3"
            + " ORDER BY id LIMIT ?4) AND w.status = 'pending' AND (w.locked_until IS NULL OR w.locked_until < now())"
            + " FOR UPDATE OF w SKIP LOCKED)"
            + " UPDATE webhook_deliveries w SET locked_until = now() + ?5 * interval '1 millisecond'"
            + " FROM picked, webhook_endpoints e WHERE w.id = picked.id AND e.id = w.endpoint_id"
            + " RETURNING w.id, w.endpoint_id, w.event_id, w.kind, w.body, w.attempts, e.url, e.secret, w.dialog_id";
    /**
     * Every 2xx answer recorded since the last flush, one statement per HTTP status (nearly always one). Native SQL
     * through Hibernate's session, because HQL's {@code where id in :ids} is translated to SQL again on every
     * execution (a list parameter's size is part of the SQL): in a profile of bench S1 --webhook that translation
     * was 30 % of the bookkeeping's CPU and the PostgreSQL driver 16 %. The array parameter keeps one statement
     * shape. Measured in {@code WebhookClaimCostTest} (a batch of 16 rows, 300 times after 100 for warm-up, two
     * runs on the shared 2-core machine): native 0.14-0.26 ms of message-api CPU per batch, HQL 0.42-0.67 ms
     * (2.5-3 times).
     */
    static final String DELIVERED = "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,"
            + " delivered_at = now(), locked_until = NULL, last_status = ?1, last_error = NULL"
            + " WHERE id = ANY (CAST(?2 AS bigint[])) AND status = 'pending'";
    /** {@link #DELIVERED} in HQL, for the comparison in {@code WebhookClaimCostTest}. */
    static final String DELIVERED_HQL = "update WebhookDelivery set status = 'delivered', attempts = attempts + 1,"
            + " deliveredAt = current_timestamp, lockedUntil = null, lastStatus = ?1, lastError = null"
            + " where id in ?2 and status = 'pending'";
    /** A failed attempt whose next one would fall after the row's retry window: the row is given up. */
    private static final String GAVE_UP = "status = ?1, attempts = attempts + 1, lastStatus = ?2, lastError = ?3,"
            + " lockedUntil = null, nextAttemptAt = ?4 where id = ?5 and status = ?6 and giveUpAt < ?4";
    /** A failed attempt: the row waits for its next one. */
    private static final String RETRY = "attempts = attempts + 1, lastStatus = ?1, lastError = ?2, lockedUntil = null,"
            + " nextAttemptAt = ?3 where id = ?4 and status = ?5";
    private static final String RELEASE = "lockedUntil = null where id in ?1 and status = ?2";
    /** A waiting direct row's lease, renewed while it still holds it (nobody else can have claimed it). */
    private static final String RENEW = "lockedUntil = ?1 where id in ?2 and status = ?3 and lockedUntil in ?4";
    /** Which rows of a renewal carry its new lease (read only when it renewed fewer rows than asked). */
    private static final String RENEWED = "id in ?1 and lockedUntil = ?2";
    private static final String BACKLOG = "select count(d), min(d.createdAt) from WebhookDelivery d"
            + " where d.status = ?1";
    private static final int MAX_ERROR = 500;
    /** Most ids in one {@code in} list (PostgreSQL takes at most 32 767 parameters). */
    private static final int MAX_IN = 1024;
    /**
     * A row with more earlier pending rows of its endpoint and dialog than this goes to the claim. It bounds what the
     * outbox {@code INSERT}'s probe reads per row: under normal load a dialog has no or one earlier pending row. At 32,
     * a cold start at 1 000 msg/s (bench S1 --webhook) left dialogs 16 s behind, and every row after that went to
     * the claim (docs/performance.md, "Webhooks through an overload").
     */
    public static final int EARLIER_LIMIT = 128;
    /**
     * Recorded rows a lane remembers: an {@code INSERT} reads as pending only the rows recorded after its snapshot was
     * taken, a few per lane (a lane has one request in flight, and outcomes are recorded every 20 ms).
     */
    private static final int RECORDED_KEPT = 64;
    /** Rows this replica knows are on the claim's way (handed on, claimed, retrying) it remembers. */
    private static final int ON_CLAIM_KEPT = 50_000;
    private static final long IDLE_LANE_NANOS = 60_000_000_000L;
    /** How long a row waits for the hand-over of an earlier row of its dialog before it goes to the claim. */
    private static final long PARK_NANOS = 1_000_000_000L;
    /**
     * Outcomes are recorded at most this often: the answers of the last few milliseconds share one statement. The
     * rows stay leased meanwhile and the lanes count them as theirs, so nothing waits for it but the claim's next
     * row of a dialog it serves.
     */
    private static final long FLUSH_LINGER_MILLIS = 20;

    /**
     * Why the direct path left a row to the claim: the {@code reason} tag of {@code switchboard.webhooks.handed.on}.
     * Each costs the row an extra {@code UPDATE} (its lease given up) and a claim.
     */
    enum Reason {
        /** An earlier pending row of its dialog did not reach this replica's lanes within a second (not known). */
        EARLIER_PENDING("earlier-pending"),
        /** An earlier pending row of its dialog is on the claim's way (handed on, claimed or retrying): order. */
        BEHIND_CLAIM("behind-claim"),
        /** More than {@link #EARLIER_LIMIT} earlier rows of its dialog still pending. */
        TOO_MANY_PENDING("too-many-pending"),
        /** The endpoint's last {@code concurrency-per-endpoint} direct attempts failed. */
        ENDPOINT_FAILING("endpoint-failing"),
        /** More than {@code direct-queue} rows of the endpoint wait in memory. */
        QUEUE_FULL("queue-full"),
        /** It waited for one of the endpoint's slots and its lease could not be renewed within {@code 2 × timeout}. */
        SLOT_WAIT("slot-wait"),
        /** An earlier row of its lane failed its direct attempt (it is retried by the claim, the lane behind it). */
        ATTEMPT_FAILED("attempt-failed"),
        /** The replica is shutting down. */
        STOPPING("stopping");

        final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    @Inject
    Vertx vertx;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry registry;

    /**
     * The dispatcher's database work (claims, outcomes, the backlog gauge) runs on its own named threads, off the
     * request workers and the event loops; the HTTP requests themselves are non-blocking on the Vert.x client.
     */
    private final ScheduledExecutorService database = Executors.newScheduledThreadPool(2, r -> {
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
    /** Parsed endpoint URLs (their number is the endpoints'), so an attempt does not parse its URL again. */
    private final Map<String, URI> uris = new ConcurrentHashMap<>();
    /** One signer per secret and sending thread: the MAC is looked up and keyed once, not per request. */
    private final ThreadLocal<Map<String, WebhookSignature.Signer>> signers = ThreadLocal.withInitial(HashMap::new);
    private volatile HttpClient http;
    private volatile boolean stopped;
    private Counter delivered;
    private Counter failedAttempts;
    private Counter gaveUp;
    private Counter directSent;
    private final Map<Reason, Counter> handedOn = new EnumMap<>(Reason.class);
    private Counter claimedRows;
    private Counter leasesRenewed;
    private DistributionSummary recordedBatch;
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
                        String secret, long[] earlier, long insertedNanos, Instant lease) {
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
         * The last rows of the dialog recorded delivered by this replica (direct or claimed): a later row's
         * {@code INSERT} may have read one of them as still pending (its snapshot predates the recording), which must
         * not send that row to the claim.
         */
        final Set<Long> recorded = new LinkedHashSet<>();
        /** Its head is in flight or the lane waits for a slot in {@link Endpoint#ready}. */
        boolean busy;
        /** When a row last joined or was recorded ({@link System#nanoTime}); idle lanes are forgotten. */
        long touched = System.nanoTime();

        Lane(LaneKey key) {
            this.key = key;
        }

        void recorded(long id, long now) {
            recorded.add(id);
            if (recorded.size() > RECORDED_KEPT) {
                Iterator<Long> oldest = recorded.iterator();
                oldest.next();
                oldest.remove();
            }
            touched = now;
        }
    }

    /** A direct row waiting in its lane for a slot. */
    private static final class Waiting {
        final Claimed row;
        /** When its lease was set by the {@code INSERT} or last renewed ({@link System#nanoTime}). */
        long since;
        /**
         * Its {@code locked_until} as this replica last wrote it (the {@code INSERT}, a renewal): a renewal only renews
         * a row that still carries it, so it never extends a lease another replica's claim took after this one lapsed.
         */
        Instant lease;
        /** A renewal of its lease is on its way to the database. */
        boolean renewing;

        Waiting(Claimed row, long since, Instant lease) {
            this.row = row;
            this.since = since;
            this.lease = lease;
        }
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

    /** Rows handed on to the claim, with why. */
    private static final class HandOn {
        final List<Long> ids = new ArrayList<>();
        final int[] counts = new int[Reason.values().length];

        void add(Reason why, long id) {
            ids.add(id);
            counts[why.ordinal()]++;
        }

        void addAll(Reason why, Collection<Long> more) {
            ids.addAll(more);
            counts[why.ordinal()] += more.size();
        }

        boolean isEmpty() {
            return ids.isEmpty();
        }
    }

    /** Guards {@link #lanes}, {@link #endpoints}, {@link #parked} and {@link #onClaim}: map operations, never I/O. */
    private final Object directLock = new Object();
    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private final Map<Long, Endpoint> endpoints = new HashMap<>();
    /**
     * Pending rows this replica knows the claim is to send (it handed them on, claimed them, or their attempt failed
     * and waits for a retry), oldest first, bounded: a later row of their dialog goes behind them at once instead of
     * waiting a second for a hand-over that will not come.
     */
    private final Set<Long> onClaim = new LinkedHashSet<>();
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
        for (Reason why : Reason.values()) {
            handedOn.put(why, Counter.builder("switchboard.webhooks.handed.on").tag("reason", why.tag)
                    .description("Webhook rows the direct path left to the claim, by reason").register(registry));
        }
        claimedRows = Counter.builder("switchboard.webhooks.claimed")
                .description("Webhook rows taken by the claim (retries, other replicas' rows, handed on)")
                .register(registry);
        leasesRenewed = Counter.builder("switchboard.webhooks.leases.renewed")
                .description("Leases of direct webhook rows renewed while they waited for a slot").register(registry);
        recordedBatch = DistributionSummary.builder("switchboard.webhooks.recorded.batch")
                .description("Webhook outcomes recorded by one bookkeeping transaction").register(registry);
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
        parkTimer = vertx.setPeriodic(200, id -> {
            handOnParked();
            renewWaiting();
        });
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
        HandOn handOn = new HandOn();
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
                    Reason refused = admit(f, key, now);
                    if (refused == null) {
                        touched.add(f.endpointId());
                        unpark(key, now, touched, handOn);
                    } else if (refused == Reason.EARLIER_PENDING) {
                        parked.computeIfAbsent(key, k -> new TreeMap<>()).put(f.id(), new Parked(f, now));
                    } else {
                        handOn.add(refused, f.id());
                        // What was parked behind it waits for it: the claim sends them all in order.
                        TreeMap<Long, Parked> behind = parked.remove(key);
                        if (behind != null) {
                            handOn.addAll(Reason.BEHIND_CLAIM, behind.keySet());
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

    /**
     * Under {@link #directLock}: puts the row into its lane if the lane may take it ({@code null}), or says why not
     * ({@link Reason#EARLIER_PENDING}: not yet, the row is parked).
     */
    private Reason admit(Fresh f, LaneKey key, long now) {
        Lane lane = lanes.get(key);
        Endpoint endpoint = endpoints.computeIfAbsent(f.endpointId(), k -> new Endpoint());
        Reason refused = refusal(f, lane, endpoint);
        if (refused != null) {
            return refused;
        }
        if (lane == null) {
            lane = new Lane(key);
            lanes.put(key, lane);
        }
        // The lease started at the INSERT: the time in memory counts from there.
        lane.queue.add(new Waiting(f.row(), Math.min(now, f.insertedNanos()), f.lease()));
        lane.owned.add(f.id());
        lane.touched = now;
        endpoint.held++;
        if (!lane.busy) {
            lane.busy = true;
            endpoint.ready.add(lane);
        }
        return null;
    }

    /** Under {@link #directLock}: why the row may not join its lane now, {@code null} when it may. */
    private Reason refusal(Fresh f, Lane lane, Endpoint endpoint) {
        if (stopped) {
            return Reason.STOPPING;
        }
        if (endpoint.failures >= config.webhooks().concurrencyPerEndpoint()) {
            return Reason.ENDPOINT_FAILING;
        }
        if (endpoint.held >= config.webhooks().directQueue()) {
            return Reason.QUEUE_FULL;
        }
        if (f.earlier().length > EARLIER_LIMIT) {
            return Reason.TOO_MANY_PENDING;
        }
        Reason missing = null;
        for (long id : f.earlier()) {
            if (lane != null && (lane.owned.contains(id) || lane.recorded.contains(id))) {
                continue;
            }
            if (onClaim.contains(id)) {
                return Reason.BEHIND_CLAIM;
            }
            missing = Reason.EARLIER_PENDING;
        }
        return missing;
    }

    /**
     * Under {@link #directLock}: a row joined the lane, so the rows parked behind it (their {@code INSERT} saw it
     * pending before its own hand-over arrived: two commits of one dialog handed over in the other order) may
     * follow. A parked row the lane refuses goes to the claim with everything parked behind it.
     */
    private void unpark(LaneKey key, long now, Set<Long> touched, HandOn handOn) {
        TreeMap<Long, Parked> waiting = parked.get(key);
        while (waiting != null && !waiting.isEmpty()) {
            Reason refused = admit(waiting.firstEntry().getValue().fresh(), key, now);
            if (refused == Reason.EARLIER_PENDING) {
                return;
            }
            if (refused != null) {
                handOn.add(refused, waiting.firstKey());
                waiting.pollFirstEntry();
                handOn.addAll(Reason.BEHIND_CLAIM, waiting.keySet());
                waiting.clear();
                break;
            }
            touched.add(key.endpointId());
            waiting.pollFirstEntry();
        }
        parked.remove(key);
    }

    /**
     * Re-checks the parked rows: a row whose earlier rows are now all known delivered (the claim caught up) joins
     * its lane; rows parked longer than {@link #PARK_NANOS} wait for a row this replica does not hold (retrying,
     * another replica's), and rows parked behind a row that meanwhile went to the claim wait for the claim: both go
     * to the claim, which sends them behind it.
     */
    private void handOnParked() {
        List<Claimed> start = new ArrayList<>();
        HandOn handOn = new HandOn();
        long now = System.nanoTime();
        synchronized (directLock) {
            Set<Long> touched = new HashSet<>();
            for (LaneKey key : new ArrayList<>(parked.keySet())) {
                TreeMap<Long, Parked> waiting = parked.get(key);
                Parked first = waiting.firstEntry().getValue();
                Endpoint endpoint = endpoints.computeIfAbsent(key.endpointId(), k -> new Endpoint());
                Reason why = refusal(first.fresh(), lanes.get(key), endpoint);
                if (why == null) {
                    unpark(key, now, touched, handOn);
                    continue;
                }
                if (why == Reason.EARLIER_PENDING && now - first.since() < PARK_NANOS) {
                    continue;
                }
                handOn.add(why, waiting.firstKey());
                waiting.pollFirstEntry();
                handOn.addAll(Reason.BEHIND_CLAIM, waiting.keySet());
                parked.remove(key);
            }
            for (long endpointId : touched) {
                pump(endpointId, start, handOn);
            }
        }
        startAndHandOn(start, handOn);
    }

    /**
     * Renews the leases of the direct rows that have waited longer than {@code timeout} for a slot, in one update on
     * the database thread, so they keep their place in their lanes. A row whose lease ran out before its renewal (the
     * database was slow or away for {@code 2 × timeout + 5 s}) may be the claim's now: it leaves its lane, which
     * goes to the claim behind it.
     */
    private void renewWaiting() {
        long now = System.nanoTime();
        long due = config.webhooks().timeout().toNanos();
        List<Waiting> stale = new ArrayList<>();
        synchronized (directLock) {
            for (Lane lane : lanes.values()) {
                for (Waiting w : lane.queue) {
                    if (!w.renewing && now - w.since > due) {
                        w.renewing = true;
                        stale.add(w);
                    }
                }
            }
        }
        if (!stale.isEmpty()) {
            onDatabaseThread(() -> renew(stale));
        }
    }

    private void renew(List<Waiting> stale) {
        long started = System.nanoTime();
        Instant until = Instant.now().truncatedTo(ChronoUnit.MICROS).plusMillis(directLeaseMillis());
        List<Long> ids = new ArrayList<>(stale.size());
        List<Instant> leases = new ArrayList<>(stale.size());
        synchronized (directLock) {
            for (Waiting w : stale) {
                ids.add(w.row.id());
                leases.add(w.lease);
            }
        }
        Set<Long> renewed;
        try {
            renewed = renewLeases(ids, leases, until);
        } catch (RuntimeException e) {
            // Tried again on the next tick; a row the pump finds 2 x timeout old goes to the claim meanwhile.
            Log.warnf("Could not renew the leases of %d webhook deliveries: %s", stale.size(), e.getMessage());
            renewed = null;
        }
        leasesRenewed.increment(renewed == null ? 0 : renewed.size());
        HandOn handOn = new HandOn();
        synchronized (directLock) {
            for (Waiting w : stale) {
                w.renewing = false;
                if (renewed == null) {
                    continue;
                }
                if (renewed.contains(w.row.id())) {
                    w.since = started;
                    w.lease = until;
                    continue;
                }
                Lane lane = lanes.get(new LaneKey(w.row.endpointId(), w.row.dialogId()));
                if (lane != null && lane.queue.remove(w)) {
                    // Its lease is not the one this replica wrote (a claim took it after it ran out), or the row is
                    // no longer pending: it is neither sent here nor released.
                    Endpoint endpoint = endpoints.get(w.row.endpointId());
                    endpoint.held--;
                    lane.owned.remove(w.row.id());
                    rememberOnClaim(w.row.id());
                    giveUpLane(lane, endpoint, handOn, Reason.SLOT_WAIT);
                }
            }
        }
        startAndHandOn(List.of(), handOn);
    }

    /**
     * Renews these still pending rows' leases to {@code until}, each only while it still carries the lease this replica
     * wrote ({@code leases}, in the order of {@code ids}): a row whose lease ran out and that another replica's claim
     * took carries that claim's lease and is left alone, so a renewal that reaches the database late (after an
     * outage) cannot make two replicas send it. The ids renewed. HQL, one statement per chunk; which rows were renewed
     * is read only when fewer were.
     * <p>
     * Clocks: the INSERT writes a direct row's first lease with PostgreSQL's clock ({@link WebhookOutbox}:
     * {@code clock_timestamp() + lease}, read back by the INSERT), a renewal with the application's ({@code until}),
     * and the claim takes a row once {@code locked_until < now()}, PostgreSQL's. With T = {@code timeout}, the lease is
     * 3T + 5 s, renewed after T in memory, and a row is sent only until it has waited 2T, so its request ends 5 s
     * before its lease does. If the application's clock is k behind PostgreSQL's, a renewed lease ends k earlier for
     * the claim: the 5 s left for recording the answer become 5 s - k. If it is k ahead, a renewed lease outlives a
     * dead replica by k more.
     */
    private static Set<Long> renewLeases(List<Long> ids, List<Instant> leases, Instant until) {
        List<List<Long>> idChunks = padded(ids);
        List<List<Instant>> leaseChunks = padded(leases);
        return QuarkusTransaction.requiringNew().call(() -> {
            Set<Long> renewed = new HashSet<>();
            for (int i = 0; i < idChunks.size(); i++) {
                List<Long> chunk = idChunks.get(i);
                Set<Long> asked = new HashSet<>(chunk);
                if (WebhookDelivery.update(RENEW, until, chunk, WebhookDelivery.PENDING, leaseChunks.get(i))
                        == asked.size()) {
                    renewed.addAll(asked);
                } else {
                    WebhookDelivery.<WebhookDelivery>list(RENEWED, chunk, until).forEach(d -> renewed.add(d.id));
                }
            }
            return renewed;
        });
    }

    /** Under {@link #directLock}: gives the endpoint's waiting lanes the slots its cap leaves free. */
    private void pump(long endpointId, List<Claimed> start, HandOn handOn) {
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
            if (now - head.since > 2 * maxWait) {
                // Its lease was not renewed (renewWaiting) and must still cover the request: the claim takes the lane.
                endpoint.ready.poll();
                giveUpLane(lane, endpoint, handOn, Reason.SLOT_WAIT);
                continue;
            }
            if (n.incrementAndGet() > cap) {
                n.decrementAndGet();
                return;
            }
            endpoint.ready.poll();
            lane.queue.poll();
            endpoint.held--;
            start.add(head.row);
        }
    }

    /** Under {@link #directLock}: the lane's unsent rows go to the claim, which keeps their order. */
    private void giveUpLane(Lane lane, Endpoint endpoint, HandOn handOn, Reason why) {
        for (Waiting w : lane.queue) {
            handOn.add(why, w.row.id());
        }
        endpoint.held -= lane.queue.size();
        lane.queue.clear();
        lane.busy = false;
        lanes.remove(lane.key, lane);
    }

    /** Under {@link #directLock}: the claim is to send this row (handed on, claimed, or retrying). */
    private void rememberOnClaim(long id) {
        onClaim.add(id);
        if (onClaim.size() > ON_CLAIM_KEPT) {
            Iterator<Long> oldest = onClaim.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void startAndHandOn(List<Claimed> start, HandOn handOn) {
        if (!start.isEmpty()) {
            directSent.increment(start.size());
            try {
                sender.execute(() -> start.forEach(this::send));
            } catch (RejectedExecutionException stopping) {
                Log.debug("Webhook dispatcher stopping; direct rows left to their lease");
            }
        }
        if (!handOn.isEmpty()) {
            for (Reason why : Reason.values()) {
                if (handOn.counts[why.ordinal()] > 0) {
                    handedOn.get(why).increment(handOn.counts[why.ordinal()]);
                }
            }
            synchronized (directLock) {
                handOn.ids.forEach(this::rememberOnClaim);
            }
            onDatabaseThread(() -> handOn(handOn.ids));
        }
    }

    private void handOn(List<Long> ids) {
        // Direct rows handed on to the claim give up their insert's lease.
        try {
            releaseLeases(ids);
        } catch (RuntimeException e) {
            Log.warnf("Could not hand %d webhook deliveries to the claim (their lease runs out instead): %s",
                    ids.size(), e.getMessage());
        }
        handedOnAt = System.nanoTime();
        wake();
    }

    /** Gives up the leases of these rows (still pending), so the next claim takes them; one HQL statement. */
    private static void releaseLeases(List<Long> ids) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (List<Long> chunk : padded(ids)) {
                WebhookDelivery.update(RELEASE, chunk, WebhookDelivery.PENDING);
            }
        });
    }

    /**
     * The values (ids, leases) in chunks of at most {@link #MAX_IN}, each padded to a power of two with its last value
     * (a repeat in an {@code in} list changes nothing; two lists of one size are cut at the same places): Hibernate
     * writes one parameter per element, and PostgreSQL then parses a handful of statement shapes instead of one per
     * batch size.
     */
    static <T> List<List<T>> padded(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += MAX_IN) {
            List<T> chunk = new ArrayList<>(values.subList(from, Math.min(values.size(), from + MAX_IN)));
            int size = Integer.highestOneBit(chunk.size());
            size = size == chunk.size() ? size : size * 2;
            T last = chunk.get(chunk.size() - 1);
            while (chunk.size() < size) {
                chunk.add(last);
            }
            chunks.add(chunk);
        }
        return chunks;
    }

    /** A direct attempt ended: frees its slot and moves its lane on (2xx) or hands the lane to the claim. */
    private void directDone(Claimed row, boolean ok) {
        List<Claimed> start = new ArrayList<>();
        HandOn handOn = new HandOn();
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
                // The failed row is retried by the claim: its dialog's later rows go behind it.
                rememberOnClaim(row.id());
                if (lane != null) {
                    giveUpLane(lane, endpoint, handOn, Reason.ATTEMPT_FAILED);
                }
            }
            pump(row.endpointId(), start, handOn);
        }
        startAndHandOn(start, handOn);
    }

    /**
     * The flush recorded these rows' outcomes ({@code stored}) or could not. A direct row no longer holds its lane;
     * a row recorded delivered (direct or claimed) is remembered as delivered (not pending) for its dialog's next
     * rows, so a dialog the claim caught up with goes direct again; a failed attempt's row stays on the claim's way.
     */
    private void recorded(List<Outcome> batch, boolean stored) {
        long now = System.nanoTime();
        synchronized (directLock) {
            for (Outcome o : batch) {
                Claimed row = o.row();
                LaneKey key = new LaneKey(row.endpointId(), row.dialogId());
                if (!o.ok()) {
                    if (!row.direct()) {
                        rememberOnClaim(row.id());
                    }
                    continue;
                }
                Lane lane = lanes.get(key);
                if (lane != null) {
                    lane.owned.remove(row.id());
                }
                if (stored) {
                    onClaim.remove(row.id());
                    if (lane == null) {
                        lane = new Lane(key);
                        lanes.put(key, lane);
                    }
                    lane.recorded(row.id(), now);
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
        } catch (RejectedExecutionException stopping) {
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
        } catch (RuntimeException e) {
            Log.warnf("Could not claim webhook deliveries (retrying on the next poll): %s", e.getMessage());
        } finally {
            draining.set(false);
            if (again.get()) {
                wake();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Claimed> claim() {
        int cap = config.webhooks().concurrencyPerEndpoint();
        List<Long> saturated = new ArrayList<>();
        inFlight.forEach((endpoint, n) -> {
            if (n.get() >= cap) {
                saturated.add(endpoint);
            }
        });
        if (saturated.isEmpty()) {
            saturated.add(-1L); // NOT IN () is not SQL; no endpoint has a negative id
        }
        // The lease outlives the request's timeout and the bookkeeping after it, so only a replica that died
        // (kill -9, lost host) leaves a row to another: twice the timeout plus 5 s.
        long lease = 2 * config.webhooks().timeout().toMillis() + 5_000;
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> WebhookDelivery.getEntityManager()
                .createNativeQuery(CLAIM)
                .setParameter(1, saturated)
                .setParameter(2, Math.min(config.webhooks().batchSize(), 4 * cap))
                .setParameter(3, cap)
                .setParameter(4, config.webhooks().batchSize())
                .setParameter(5, lease)
                .getResultList());
        List<Claimed> claimed = new ArrayList<>();
        List<Long> overCap = new ArrayList<>();
        for (Object[] r : rows) {
            Claimed row = new Claimed(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                    ((Number) r[8]).longValue(), (String) r[2], (String) r[3], (String) r[4],
                    ((Number) r[5]).intValue(), (String) r[6], (String) r[7], false);
            AtomicInteger n = inFlight.computeIfAbsent(row.endpointId(), k -> new AtomicInteger());
            if (n.incrementAndGet() > cap) {
                n.decrementAndGet();
                overCap.add(row.id());
            } else {
                claimed.add(row);
            }
        }
        if (!overCap.isEmpty()) {
            releaseLeases(overCap);
        }
        claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
        if (!claimed.isEmpty()) {
            synchronized (directLock) {
                claimed.forEach(c -> rememberOnClaim(c.id()));
            }
        }
        claimedRows.increment(claimed.size());
        return claimed;
    }

    private void send(Claimed row) {
        Duration timeout = config.webhooks().timeout();
        URI uri;
        InetAddress address;
        try {
            // Checked again before every attempt: the name may point elsewhere now than when the endpoint was saved.
            uri = uri(row.url());
            address = WebhookTargets.vet(uri, config.webhooks().allowPrivateTargets(), InetAddress::getAllByName);
        } catch (WebhookTargets.Refused refused) {
            done(row, null, refused.getMessage());
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        // The body's UTF-8 bytes once: signed and sent as they are.
        byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(port)
                .setSsl(tls).setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                .setFollowRedirects(false).setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", "Switchboard-Webhooks/1")
                .putHeader(WebhookSignature.HEADER, signer(row.secret()).header(now, body))
                .putHeader(WebhookSignature.EVENT_ID_HEADER, row.eventId())
                .putHeader(WebhookSignature.KIND_HEADER, row.kind())
                .putHeader(WebhookSignature.DELIVERY_HEADER, Long.toString(row.id()));
        if (address != null) {
            // Connect to the address that was vetted, not to whatever a second lookup returns (DNS rebinding); the
            // Host header and TLS name stay the URL's.
            options.setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        }
        http.request(options)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(ar -> done(row, ar.succeeded() ? ar.result() : null,
                        ar.succeeded() ? null : describe(ar.cause())));
    }

    private URI uri(String url) throws WebhookTargets.Refused {
        URI known = uris.get(url);
        if (known != null) {
            return known;
        }
        URI parsed = WebhookTargets.parse(url);
        if (uris.size() > 10_000) {
            uris.clear();
        }
        uris.put(url, parsed);
        return parsed;
    }

    private WebhookSignature.Signer signer(String secret) {
        Map<String, WebhookSignature.Signer> mine = signers.get();
        WebhookSignature.Signer s = mine.get(secret);
        if (s == null) {
            if (mine.size() > 10_000) {
                mine.clear(); // rotated secrets
            }
            s = new WebhookSignature.Signer(secret);
            mine.put(secret, s);
        }
        return s;
    }

    /**
     * Queues the attempt's outcome for the bookkeeping, which records every outcome queued meanwhile at once (at
     * 1 000 deliveries a second one commit per answer would be the dispatcher's bottleneck; it runs at most every
     * {@link #FLUSH_LINGER_MILLIS}), then frees the slots of the endpoints' caps and looks for more work.
     */
    private void done(Claimed row, Answer answer, String error) {
        if (row.direct()) {
            directDone(row, answer != null && answer.ok());
        }
        outcomes.add(new Outcome(row, answer, error));
        if (flushing.compareAndSet(false, true)) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        try {
            database.schedule(this::flush, FLUSH_LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            flushing.set(false);
            Log.debug("Webhook dispatcher stopping; outcomes left to the lease");
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
                recorded(batch, stored);
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
                scheduleFlush();
            }
        }
    }

    private record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Records the batch's outcomes in one transaction; whether it committed (else the leases run out: resent). */
    private boolean record(List<Outcome> batch) {
        Map<Integer, List<Long>> ok = new LinkedHashMap<>();
        List<Outcome> failed = new ArrayList<>();
        for (Outcome o : batch) {
            if (o.ok()) {
                ok.computeIfAbsent(o.answer().status(), s -> new ArrayList<>()).add(o.row().id());
            } else {
                failed.add(o);
            }
        }
        List<Claimed> given = new ArrayList<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                given.clear();
                ok.forEach((status, ids) -> delivered(status, ids));
                for (Outcome o : failed) {
                    if (failed(o)) {
                        given.add(o.row());
                    }
                }
            });
        } catch (RuntimeException e) {
            // The lease runs out and the rows are sent again: at least once, never lost.
            Log.warnf("Could not record the outcome of %d webhook deliveries: %s", batch.size(), e.getMessage());
            return false;
        }
        recordedBatch.record(batch.size());
        int okCount = batch.size() - failed.size();
        if (okCount > 0) {
            delivered.increment(okCount);
            clearFailing(batch);
        }
        failedAttempts.increment(failed.size());
        for (Claimed row : given) {
            gaveUp.increment();
            Log.warnf("Webhook delivery %d (event %s) to %s given up after %d attempts", row.id(), row.eventId(),
                    withoutUserInfo(row.url()), row.attempts() + 1);
        }
        return true;
    }

    /** Records these rows delivered with the HTTP status their endpoint answered, in the current transaction. */
    static int delivered(int status, List<Long> ids) {
        return WebhookDelivery.getEntityManager().createNativeQuery(DELIVERED).setParameter(1, status)
                .setParameter(2, array(ids)).executeUpdate();
    }

    /** A PostgreSQL array literal of the ids ({@code {1,2,3}}), cast to {@code bigint[]} by the statement. */
    static String array(List<Long> ids) {
        StringBuilder b = new StringBuilder(ids.size() * 8).append('{');
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ids.get(i).longValue());
        }
        return b.append('}').toString();
    }

    /** A 2xx from the claim's attempts shows the endpoint is back: the direct path takes its new rows again. */
    private void clearFailing(List<Outcome> batch) {
        synchronized (directLock) {
            for (Outcome o : batch) {
                if (o.ok() && !o.row().direct()) {
                    Endpoint endpoint = endpoints.get(o.row().endpointId());
                    if (endpoint != null) {
                        endpoint.failures = 0;
                    }
                }
            }
        }
    }

    /**
     * Records a failed attempt (inside the flush's transaction): the row waits for its next attempt after the
     * backoff, or, when that would fall after its retry window, is given up ({@code true}).
     */
    private boolean failed(Outcome o) {
        Claimed row = o.row();
        Answer answer = o.answer();
        String why = answer != null ? "HTTP " + answer.status() + ": " + answer.body() : o.error();
        if (why.length() > MAX_ERROR) {
            why = why.substring(0, MAX_ERROR);
        }
        Integer status = answer != null ? answer.status() : null;
        Instant next = Instant.now().plus(WebhookBackoff.after(row.attempts() + 1, config.webhooks().backoffInitial(),
                config.webhooks().backoffMax()));
        if (WebhookDelivery.update(GAVE_UP, WebhookDelivery.FAILED, status, why, next, row.id(),
                WebhookDelivery.PENDING) > 0) {
            return true;
        }
        WebhookDelivery.update(RETRY, status, why, next, row.id(), WebhookDelivery.PENDING);
        return false;
    }

    /** An endpoint URL may carry basic-auth credentials ({@code https://user:pass@host/}); logs never do. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^(\\w+://)[^/@]*@", "$1");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (t instanceof java.util.concurrent.TimeoutException
                || (m != null && m.toLowerCase(Locale.ROOT).contains("timeout"))) {
            return "No answer within the timeout (" + (m == null ? t.getClass().getSimpleName() : m) + ")";
        }
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void refreshBacklog() {
        try {
            Object[] r = QuarkusTransaction.requiringNew().call(() -> WebhookDelivery.getEntityManager()
                    .createQuery(BACKLOG, Object[].class).setParameter(1, WebhookDelivery.PENDING).getSingleResult());
            backlog.set(((Number) r[0]).longValue());
            Instant oldest = (Instant) r[1];
            oldestSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toSeconds()));
        } catch (RuntimeException e) {
            Log.debugf("Could not read the webhook backlog: %s", e.getMessage());
        }
    }
}
