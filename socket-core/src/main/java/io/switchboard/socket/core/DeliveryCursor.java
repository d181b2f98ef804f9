package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What one session has received of one dialog, kept on the {@link SeqOrder} rule: a {@code message:new}
 * goes out only if its seq is the last delivered + 1; a seq at or below it is a duplicate and dropped;
 * a jump is filled from PostgreSQL before anything newer goes out. Events that arrive while a catch-up
 * or repair runs are held and released through the same rule, so the seam between stored and live
 * events has no gap and no duplicate. Non-sequenced events pass through in arrival order.
 */
public final class DeliveryCursor implements SeqOrder {
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    /** The session side of a cursor. */
    public interface Sink {
        /** Writes one event to the client (non-blocking). */
        void deliver(OutboundEvent event);

        /** Blocks a worker until the transport has room for another page; false when the session is gone. */
        boolean awaitCapacity();

        /** More live events piled up during a catch-up than allowed: the session cannot keep up. */
        void heldOverflow(long dialogId, long lastDelivered);

        /**
         * The thread that owns the session's network connection (its event loop), where live events are
         * best handed over: writes from there need no cross-thread hand-off per frame. Null: any thread.
         */
        default Executor liveExecutor() {
            return null;
        }
    }

    /** Where this cursor's live events are offered (see {@link Sink#liveExecutor()}); null for the caller's thread. */
    Executor liveExecutor() {
        return sink.liveExecutor();
    }

    private final long dialogId;
    private final Sink sink;
    private final MessageFeed feed;
    private final DeliveryScheduler scheduler;
    private final int pageSize;
    private final int maxHeld;
    /**
     * Live events waiting for the seq rule, in arrival order; null while none are (the usual state: an idle cursor
     * keeps no queue, 112 bytes less per followed dialog). Guarded by this.
     */
    private ArrayDeque<OutboundEvent> held;
    private long lastDelivered = -1;
    private boolean holding = true;
    private boolean repairing;
    private boolean closed;

    public DeliveryCursor(long dialogId, Sink sink, MessageFeed feed, DeliveryScheduler scheduler, int pageSize,
                          int maxHeld) {
        this.dialogId = dialogId;
        this.sink = sink;
        this.feed = feed;
        this.scheduler = scheduler;
        this.pageSize = pageSize;
        this.maxHeld = maxHeld;
    }

    public long dialogId() {
        return dialogId;
    }

    /** A live event of this dialog, in the order the node's ordered stream emits them. Any thread. */
    public synchronized void offer(OutboundEvent event) {
        if (closed) {
            return;
        }
        if (holding) {
            hold(event);
            return;
        }
        if (!event.sequenced()) {
            sink.deliver(event);
            return;
        }
        long seq = event.seq();
        if (seq <= lastDelivered) {
            return;
        }
        if (seq == lastDelivered + 1) {
            deliver(event);
            return;
        }
        holding = true;
        hold(event);
        if (!repairing) {
            repairing = true;
            scheduler.runBlocking(() -> run(false));
        }
    }

    /**
     * Starts delivery once the cursor is registered for live events. With {@code afterSeq} every
     * stored message after it is sent first (in pages, from PostgreSQL); without it delivery starts
     * after {@code dialogLastSeq}. Blocks: call on a worker thread.
     */
    public void start(Long afterSeq, long dialogLastSeq) {
        long from = afterSeq == null ? dialogLastSeq : Math.min(afterSeq, dialogLastSeq);
        synchronized (this) {
            if (closed) {
                return;
            }
            lastDelivered = from;
            repairing = true;
        }
        run(afterSeq != null && afterSeq < dialogLastSeq);
    }

    /** Stops delivery; held events are dropped. */
    public synchronized void close() {
        closed = true;
        held = null;
    }

    private void run(boolean readToEnd) {
        boolean catchingUp = readToEnd;
        try {
            while (true) {
                long from;
                long upTo;
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (!catchingUp) {
                        drainHeld();
                        if (held == null) {
                            holding = false;
                            repairing = false;
                            return;
                        }
                        upTo = held.peek().seq() - 1;
                    } else {
                        upTo = Long.MAX_VALUE;
                    }
                    from = lastDelivered;
                }
                List<OutboundEvent> page = feed.after(dialogId, from, pageSize);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    boolean complete = SeqOrder.fillFrom(page, pageSize, upTo, this, "dialog " + dialogId);
                    if (catchingUp && complete) {
                        catchingUp = false;
                    }
                }
                if (!sink.awaitCapacity()) {
                    return;
                }
            }
        } catch (Exception e) {
            Log.warnf("dialog %d: reading missed messages failed (%s); retrying in %s", dialogId, e.toString(),
                    RETRY_AFTER_FAILURE);
            boolean mode = catchingUp;
            scheduler.later(RETRY_AFTER_FAILURE, () -> run(mode));
        }
    }

    private void drainHeld() {
        while (held != null) {
            OutboundEvent e = held.peek();
            if (!e.sequenced()) {
                held.poll();
                sink.deliver(e);
            } else if (e.seq() <= lastDelivered) {
                held.poll();
            } else if (e.seq() == lastDelivered + 1) {
                held.poll();
                deliver(e);
            } else {
                return;
            }
            if (held != null && held.isEmpty()) {
                held = null;
            }
        }
    }

    private void hold(OutboundEvent event) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(event);
        if (held.size() > maxHeld) {
            closed = true;
            held = null;
            sink.heldOverflow(dialogId, lastDelivered);
        }
    }

    private void deliver(OutboundEvent e) {
        lastDelivered = e.seq();
        sink.deliver(e);
    }

    @Override
    public long position() {
        return lastDelivered;
    }

    @Override
    public void advance(OutboundEvent event) {
        deliver(event);
    }

    @Override
    public void skipTo(long seq) {
        lastDelivered = seq;
    }
}
