package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one ordered stream of a dialog on this node, kept on the {@link SeqOrder} rule. Redis delivers
 * after-commit publishes of concurrent writers out of order, so a seq that arrives early is held back
 * briefly; if the missing one does not arrive in time, the gap is read from PostgreSQL once for all
 * local sessions. Each seq is emitted once, in order; duplicates are dropped. Non-sequenced events go
 * straight through.
 */
public final class OrderedDialogStream implements SeqOrder {
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    /** Counts what the stream had to repair; the metrics bean implements it. */
    public interface RepairListener {
        void repaired(String why, int events);

        RepairListener NONE = (why, events) -> {
        };
    }

    private final long dialogId;
    private final MessageFeed feed;
    private final DeliveryScheduler scheduler;
    private final Duration holdBack;
    private final int pageSize;
    private final RepairListener repairs;
    private final List<DeliveryCursor> cursors = new CopyOnWriteArrayList<>();
    /**
     * The cursors again, grouped by the event loop that owns their connection: an event is handed to
     * each loop once and that loop offers it to its own sessions, so a dialog with thousands of
     * subscribers fans out on every loop instead of only the one that read Redis, and each write
     * starts on the thread that owns its socket. Every event goes through the loops' task queues in
     * emit order, so each cursor still sees the stream's order.
     */
    private final Map<Executor, CopyOnWriteArrayList<DeliveryCursor>> byLoop = new LinkedHashMap<>();
    private List<Map.Entry<Executor, CopyOnWriteArrayList<DeliveryCursor>>> loops = List.of();
    /** Cursors whose sessions name no event loop (SSE, tests): offered on the emitting thread. */
    private final List<DeliveryCursor> inline = new CopyOnWriteArrayList<>();
    private final TreeMap<Long, OutboundEvent> pending = new TreeMap<>();
    private long emitted = -1;
    private boolean filling;
    /** Events the running {@link #fill} emitted from the store (one fill at a time). */
    private int filled;
    private boolean lastFillFailed;
    private DeliveryScheduler.Cancellable holdTimer;
    private boolean closed;
    /** The last_seq the previous sweep saw while this stream was behind it, or -1. */
    private long sweepSawBehind = -1;
    /** What had been emitted at the previous sweep. */
    private long emittedAtLastSweep = -1;

    public OrderedDialogStream(long dialogId, MessageFeed feed, DeliveryScheduler scheduler, Duration holdBack,
                               int pageSize, RepairListener repairs) {
        this.dialogId = dialogId;
        this.feed = feed;
        this.scheduler = scheduler;
        this.holdBack = holdBack;
        this.pageSize = pageSize;
        this.repairs = repairs;
    }

    public long dialogId() {
        return dialogId;
    }

    public synchronized void add(DeliveryCursor cursor) {
        cursors.add(cursor);
        Executor loop = cursor.liveExecutor();
        if (loop != null) {
            CopyOnWriteArrayList<DeliveryCursor> group = byLoop.get(loop);
            if (group == null) {
                group = new CopyOnWriteArrayList<>();
                byLoop.put(loop, group);
                loops = List.copyOf(byLoop.entrySet());
            }
            group.add(cursor);
        } else {
            inline.add(cursor);
        }
    }

    /** Removes a cursor; true when no cursor is left. */
    public synchronized boolean remove(DeliveryCursor cursor) {
        cursors.remove(cursor);
        Executor loop = cursor.liveExecutor();
        if (loop != null) {
            CopyOnWriteArrayList<DeliveryCursor> group = byLoop.get(loop);
            if (group != null) {
                group.remove(cursor);
            }
        } else {
            inline.remove(cursor);
        }
        return cursors.isEmpty();
    }

    public int cursorCount() {
        return cursors.size();
    }

    /** The highest seq emitted in order, or -1 before {@link #initialize}. */
    public synchronized long emitted() {
        return emitted;
    }

    public synchronized boolean initialized() {
        return emitted >= 0;
    }

    /**
     * Called by each sweep with the dialog's current last_seq: true when the stream has still not
     * emitted what the previous sweep already saw committed and has not moved since, i.e. Redis
     * stopped delivering this dialog and PostgreSQL must fill it. A stream that moved is being fed
     * by Redis (late on a loaded node); a seq lost among later ones is filled by the hold-back, and
     * one lost at the end is filled by the next sweep, once the stream stands still.
     */
    public synchronized boolean behindSinceLastSweep(long dbLastSeq) {
        boolean overdue = sweepSawBehind > emitted && emitted == emittedAtLastSweep;
        sweepSawBehind = dbLastSeq > emitted ? dbLastSeq : -1;
        emittedAtLastSweep = emitted;
        return overdue;
    }

    /** An event from the dialog's Redis channel. Any thread; never blocks. */
    public synchronized void onLive(OutboundEvent event) {
        if (closed) {
            return;
        }
        if (!event.sequenced()) {
            emit(event);
            return;
        }
        long seq = event.seq();
        if (emitted < 0) {
            pending.putIfAbsent(seq, event);
            return;
        }
        if (seq <= emitted) {
            return;
        }
        if (seq == emitted + 1) {
            emitInOrder(event);
            drainPending();
            return;
        }
        pending.putIfAbsent(seq, event);
        armHoldBack();
    }

    /**
     * Sets the starting point: the dialog's last_seq read after the Redis subscription was confirmed.
     * Events held until now that are newer are released in order.
     */
    public synchronized void initialize(long lastSeq) {
        if (emitted >= 0 || closed) {
            return;
        }
        emitted = lastSeq;
        pending.headMap(lastSeq, true).clear();
        drainPending();
        if (!pending.isEmpty()) {
            armHoldBack();
        }
    }

    /**
     * Reads every stored seq after what was emitted, up to {@code upTo}, from PostgreSQL and emits
     * them in order (with whatever was held back). Blocks: worker thread only.
     *
     * @param why names the cause in metrics: {@code hold-back}, {@code sweep}, {@code redis-reconnect}
     */
    public void fill(long upTo, String why) {
        synchronized (this) {
            if (closed || emitted < 0 || filling || upTo <= emitted) {
                return;
            }
            filling = true;
            filled = 0;
            if (holdTimer != null) {
                holdTimer.cancel();
                holdTimer = null;
            }
        }
        boolean failed = false;
        int n;
        try {
            while (true) {
                long from;
                synchronized (this) {
                    if (closed || emitted >= upTo) {
                        break;
                    }
                    from = emitted;
                }
                List<OutboundEvent> page = feed.after(dialogId, from, pageSize);
                synchronized (this) {
                    boolean complete = SeqOrder.fillFrom(page, pageSize, upTo, this, "dialog " + dialogId);
                    drainPending();
                    if (complete) {
                        break;
                    }
                }
            }
        } catch (Exception e) {
            failed = true;
            Log.warnf("dialog %d: gap repair from PostgreSQL failed (%s); retrying", dialogId, e.toString());
        } finally {
            synchronized (this) {
                n = filled;
                filling = false;
                lastFillFailed = failed;
                if (!pending.isEmpty()) {
                    armHoldBack();
                }
            }
        }
        if (n > 0) {
            repairs.repaired(why, n);
        }
    }

    /** Stops the stream; timers are cancelled and nothing more is emitted. */
    public synchronized void close() {
        closed = true;
        pending.clear();
        if (holdTimer != null) {
            holdTimer.cancel();
            holdTimer = null;
        }
    }

    private void onHoldBackExpired() {
        long upTo;
        synchronized (this) {
            holdTimer = null;
            if (closed || pending.isEmpty()) {
                return;
            }
            upTo = pending.firstKey() - 1;
            if (upTo <= emitted) {
                drainPending();
                return;
            }
        }
        fill(upTo, "hold-back");
    }

    private void armHoldBack() {
        if (holdTimer == null && !filling && !closed) {
            holdTimer = scheduler.later(lastFillFailed ? RETRY_AFTER_FAILURE : holdBack, this::onHoldBackExpired);
        }
    }

    private void drainPending() {
        pending.headMap(emitted, true).clear();
        while (!pending.isEmpty() && pending.firstKey() == emitted + 1) {
            emitInOrder(pending.pollFirstEntry().getValue());
        }
        if (pending.isEmpty() && holdTimer != null) {
            holdTimer.cancel();
            holdTimer = null;
        }
    }

    @Override
    public long position() {
        return emitted;
    }

    @Override
    public void advance(OutboundEvent event) {
        pending.remove(event.seq());
        emitInOrder(event);
        filled++;
    }

    @Override
    public void skipTo(long seq) {
        emitted = seq;
        pending.headMap(emitted, true).clear();
    }

    private void emitInOrder(OutboundEvent e) {
        emitted = e.seq();
        emit(e);
    }

    private void emit(OutboundEvent e) {
        for (Map.Entry<Executor, CopyOnWriteArrayList<DeliveryCursor>> loop : loops) {
            CopyOnWriteArrayList<DeliveryCursor> group = loop.getValue();
            if (group.isEmpty()) {
                continue;
            }
            // The iterator is a snapshot of who follows the dialog now, taken under the stream's lock.
            Iterator<DeliveryCursor> members = group.iterator();
            try {
                loop.getKey().execute(() -> offerAll(members, e));
            } catch (RejectedExecutionException stopped) {
                // The event loop is shutting down with the process; its connections are closing too.
                Log.debugf("dialog %d: an event loop refused %s (shutting down)", dialogId, e);
            }
        }
        for (DeliveryCursor c : inline) {
            c.offer(e);
        }
    }

    private void offerAll(Iterator<DeliveryCursor> members, OutboundEvent e) {
        while (members.hasNext()) {
            DeliveryCursor c = members.next();
            try {
                c.offer(e);
            } catch (RuntimeException failure) {
                // One broken session must not keep the event from the others on this loop.
                Log.warnf(failure, "dialog %d: delivering %s to one session failed", dialogId, e);
            }
        }
    }
}
