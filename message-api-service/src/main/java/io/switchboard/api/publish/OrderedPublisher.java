package io.switchboard.api.publish;

import io.quarkus.logging.Log;
import io.switchboard.api.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends committed events to Redis without ever blocking or failing the request that produced them.
 * Events travel in lanes (one per dialog, one per other channel): within a lane a publish starts only
 * after the previous one completed, so a pooled client cannot reorder them; what queued meanwhile leaves
 * together as one pipelined batch (a message's {@code message:new} and {@code dialog:update} share one
 * connection checkout and one write). A dialog's lane releases
 * seq-bearing events strictly in seq order ({@link SeqReleaseQueue}). A failed publish is retried in
 * place for a bounded time, then dropped and counted: PostgreSQL holds the row and subscribers repair
 * from seq.
 */
@ApplicationScoped
public class OrderedPublisher {
    private static final class Queued {
        final Outgoing event;
        final long deadlineNanos;

        Queued(Outgoing event, long deadlineNanos) {
            this.event = event;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private static final class Lane {
        final String key;
        final SeqReleaseQueue<Outgoing> seqs = new SeqReleaseQueue<>();
        final ArrayDeque<Queued> queue = new ArrayDeque<>();
        boolean sending;
        boolean retired;

        Lane(String key) {
            this.key = key;
        }
    }

    /** Most events one pipelined attempt carries. */
    static final int MAX_BATCH = 32;

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicBoolean redisFailing = new AtomicBoolean();

    @Inject
    RedisPublisher redis;
    @Inject
    Vertx vertx;
    @Inject
    SwitchboardConfig config;
    @Inject
    PublishMetrics metrics;

    static String dialogLane(long dialogId) {
        return "dialog:" + dialogId;
    }

    /** Holds back the dialog's later events until this seq's transaction completes. */
    public void reserve(long dialogId, long seq) {
        update(dialogLane(dialogId), lane -> lane.seqs.reserve(seq, System.nanoTime()));
    }

    /**
     * A transaction that touched the dialog ended.
     *
     * @param bySeq the events of each seq it reserved, in the order they must leave
     * @param unsequenced events without a seq (sent as soon as the lane is free)
     */
    public void finish(long dialogId, List<Long> reserved, Map<Long, List<Outgoing>> bySeq,
                       List<Outgoing> unsequenced, boolean committed) {
        finishAll(List.of(new Finished(dialogId, reserved, bySeq, unsequenced)), committed);
    }

    /** One dialog's part of an ended transaction (see {@link #finish}). */
    public record Finished(long dialogId, List<Long> reserved, Map<Long, List<Outgoing>> bySeq,
                           List<Outgoing> unsequenced) {
    }

    /**
     * A transaction that touched several dialogs ended (a group-commit batch of posts): every dialog's lane is
     * updated, and what they may send now leaves in one pipelined write to Redis instead of one write per lane.
     * Each lane still waits for its own previous attempt and retries on its own, so order per dialog is unchanged.
     */
    public void finishAll(List<Finished> parts, boolean committed) {
        List<Started> started = new ArrayList<>(parts.size());
        for (Finished f : parts) {
            Started s;
            try {
                s = apply(dialogLane(f.dialogId()), lane -> {
                    long now = System.nanoTime();
                    for (long seq : f.reserved()) {
                        if (committed) {
                            lane.seqs.complete(seq, f.bySeq().getOrDefault(seq, List.of()), now);
                        } else {
                            lane.seqs.abort(seq);
                        }
                    }
                    if (committed) {
                        enqueue(lane, f.unsequenced(), now);
                    }
                });
            } catch (RuntimeException e) {
                // One dialog's trouble must not keep the others' events (and reserved seqs) waiting.
                Log.errorf(e, "Could not hand the events of dialog %d to the publisher", f.dialogId());
                continue;
            }
            if (s != null) {
                started.add(s);
            }
        }
        sendTogether(started);
    }

    /** Events on a channel no seq orders (notifications); they keep their order among themselves. */
    public void publish(String laneKey, List<Outgoing> events) {
        update(laneKey, lane -> enqueue(lane, events, System.nanoTime()));
    }

    /** Events accepted but not yet confirmed by Redis, over all lanes. */
    public int backlog() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                n += lane.queue.size();
            }
        }
        return n;
    }

    private void update(String key, Consumer<Lane> change) {
        Started s = apply(key, change);
        if (s != null) {
            send(s.lane, s.batch);
        }
    }

    /** A lane's attempt that may start now. */
    private record Started(Lane lane, List<Queued> batch) {
    }

    /** Changes the lane under its lock; returns the attempt it may start now (the caller sends it), or null. */
    private Started apply(String key, Consumer<Lane> change) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            List<Queued> next;
            synchronized (lane) {
                if (lane.retired) {
                    continue;
                }
                change.accept(lane);
                release(lane);
                next = startIfIdle(lane);
                retireIfIdle(lane);
            }
            return next == null ? null : new Started(lane, next);
        }
    }

    private void release(Lane lane) {
        List<Long> givenUp = new ArrayList<>();
        long now = System.nanoTime();
        List<Outgoing> ready = lane.seqs.drain(now, config.publish().stuckSeqTimeout().toNanos(), givenUp);
        if (!givenUp.isEmpty()) {
            Log.warnf("Seqs %s of %s never completed their transaction; later events are no longer held back",
                    givenUp, lane.key);
        }
        enqueue(lane, ready, now);
    }

    private void enqueue(Lane lane, List<Outgoing> events, long now) {
        long deadline = now + config.publish().retryFor().toNanos();
        for (Outgoing e : events) {
            if (lane.queue.size() >= config.publish().maxQueuedPerDialog()) {
                metrics.dropped();
                Log.warnf("Dropped %s for %s: %d events already wait for Redis", e.type(), e.channel(),
                        lane.queue.size());
                continue;
            }
            lane.queue.add(new Queued(e, deadline));
        }
    }

    /** The head of the queue (up to {@link #MAX_BATCH} events) if no attempt is running; they stay queued until sent. */
    private static List<Queued> startIfIdle(Lane lane) {
        if (lane.sending || lane.queue.isEmpty()) {
            return null;
        }
        lane.sending = true;
        List<Queued> batch = new ArrayList<>(Math.min(lane.queue.size(), MAX_BATCH));
        for (Queued q : lane.queue) {
            batch.add(q);
            if (batch.size() == MAX_BATCH) {
                break;
            }
        }
        return batch;
    }

    private void retireIfIdle(Lane lane) {
        if (!lane.sending && lane.queue.isEmpty() && lane.seqs.isEmpty()) {
            lane.retired = true;
            lanes.remove(lane.key, lane);
        }
    }

    private void send(Lane lane, List<Queued> batch) {
        sendTogether(List.of(new Started(lane, batch)));
    }

    /**
     * One or several lanes' attempts as one pipelined write; on failure or timeout each lane retries its own part
     * alone (a part that did arrive is dropped by subscribers as a duplicate by its seq). A connection that hangs
     * instead of failing would stall the lanes: an attempt has a deadline too.
     */
    private void sendTogether(List<Started> started) {
        if (started.isEmpty()) {
            return;
        }
        AtomicBoolean settled = new AtomicBoolean();
        long timer = vertx.setTimer(Math.max(1, config.publish().attemptTimeout().toMillis()), id -> {
            if (settled.compareAndSet(false, true)) {
                redis.resetIfSilentFor(config.publish().attemptTimeout().toNanos());
                IllegalStateException late = new IllegalStateException("no answer from Redis within "
                        + config.publish().attemptTimeout());
                started.forEach(s -> failed(s.lane, s.batch, late));
            }
        });
        List<Outgoing> events = new ArrayList<>();
        for (Started s : started) {
            for (Queued q : s.batch) {
                events.add(q.event);
            }
        }
        try {
            redis.publishAll(events).onComplete(ar -> {
                if (!settled.compareAndSet(false, true)) {
                    return;
                }
                vertx.cancelTimer(timer);
                for (Started s : started) {
                    if (ar.succeeded()) {
                        sent(s.lane, s.batch.size());
                    } else {
                        failed(s.lane, s.batch, ar.cause());
                    }
                }
            });
        } catch (RuntimeException e) {
            // A client that is closing may refuse synchronously; it is one more failed attempt.
            if (settled.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                started.forEach(s -> failed(s.lane, s.batch, e));
            }
        }
    }

    private void sent(Lane lane, int events) {
        metrics.sent(events);
        if (redisFailing.compareAndSet(true, false)) {
            Log.info("Publishing to Redis works again");
        }
        advance(lane, events);
    }

    private void failed(Lane lane, List<Queued> batch, Throwable cause) {
        metrics.failed();
        if (redisFailing.compareAndSet(false, true)) {
            Log.warnf("Publishing to Redis failed (%s); events are retried for %s, then subscribers repair from seq",
                    cause.getMessage(), config.publish().retryFor());
        }
        // The batch is retried whole (a part that did arrive is dropped by subscribers as a duplicate), as long
        // as its newest event is within its retry window.
        if (System.nanoTime() < batch.get(batch.size() - 1).deadlineNanos) {
            vertx.setTimer(Math.max(1, config.publish().retryDelay().toMillis()), id -> send(lane, batch));
            return;
        }
        metrics.dropped(batch.size());
        Queued head = batch.get(0);
        Log.debugf("Gave up publishing %d events from %s seq=%s on %s", batch.size(), head.event.type(),
                head.event.seq(), head.event.channel());
        advance(lane, batch.size());
    }

    /** The head batch left (or was given up): start the next one. */
    private void advance(Lane lane, int events) {
        List<Queued> next;
        synchronized (lane) {
            for (int i = 0; i < events; i++) {
                lane.queue.poll();
            }
            lane.sending = false;
            next = startIfIdle(lane);
            retireIfIdle(lane);
        }
        if (next != null) {
            send(lane, next);
        }
    }
}
