package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.socket.config.SocketConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide bound on outbound bytes: every frame handed to a client's transport counts here
 * from that moment until it reached the network (or failed). The per-connection frame limit alone let
 * 10 000 slow subscribers queue 10 M frames and exhaust the heap; when this budget is exceeded the
 * connections with the largest queues are closed with 4408 until the node is back under it, so one
 * node never runs out of memory because its clients stopped reading.
 *
 * <p>A {@code @Singleton} (no client proxy): every queued frame calls it, and sessions get it from the
 * {@link ClientSession.Hooks} that created them.
 */
@Singleton
public class OutboundBudget {
    /**
     * Memory a queued frame costs besides its payload (Netty and Vert.x write objects, the per-connection
     * buffer view), so many small frames count for what they hold.
     */
    public static final int FRAME_OVERHEAD_BYTES = 400;
    /** Shedding stops once the live queues are back under this share of the budget, so it does not fire on every frame. */
    private static final double SHED_TO = 0.75;

    private final AtomicLong queued = new AtomicLong();
    /** Bytes still queued for connections already closed: they leave as soon as the transport drops them. */
    private final AtomicLong closing = new AtomicLong();
    private final AtomicBoolean shedding = new AtomicBoolean();
    private volatile long limit = Long.MAX_VALUE;

    @Inject
    SocketConfig config;

    @Inject
    SessionRegistry registry;

    @Inject
    DeliveryScheduler scheduler;

    void start(@Observes StartupEvent event) {
        long configured = config.limits().nodeOutboundBytes();
        limit = configured > 0 ? configured : Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 2);
        Log.debugf("outbound budget: %d bytes queued per node", limit);
    }

    /** The budget in bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes queued on this node now. */
    public long queuedBytes() {
        return queued.get();
    }

    /** Counts a frame handed to a transport; over the budget, sheds the slowest consumers (on a worker). */
    void reserve(long bytes) {
        if (queued.addAndGet(bytes) - closing.get() > limit && shedding.compareAndSet(false, true)) {
            scheduler.runBlocking(this::shed);
        }
    }

    /** A frame reached the network or failed. */
    void release(long bytes, boolean sessionClosed) {
        queued.addAndGet(-bytes);
        if (sessionClosed) {
            closing.addAndGet(-bytes);
        }
    }

    /** A session closed with {@code stillQueued} bytes on its way out; they no longer count as a live queue. */
    void closed(long stillQueued) {
        closing.addAndGet(stillQueued);
    }

    private void shed() {
        int closed = 0;
        try {
            long live = queued.get() - closing.get();
            if (live <= limit) {
                return;
            }
            long target = (long) (limit * SHED_TO);
            List<ClientSession> candidates = new ArrayList<>();
            for (ClientSession s : registry.sessions()) {
                if (!s.isClosed() && s.queuedBytes() > 0) {
                    candidates.add(s);
                }
            }
            candidates.sort(Comparator.comparingLong(ClientSession::queuedBytes).reversed());
            for (ClientSession s : candidates) {
                if (live <= target) {
                    break;
                }
                long held = s.queuedBytes();
                s.closeOverNodeBudget(limit);
                live -= held;
                closed++;
            }
            Log.warnf("outbound budget of %d bytes exceeded: closed the %d slowest consumers with 4408", limit,
                    closed);
        } finally {
            shedding.set(false);
            // Frames kept arriving while this ran; check again rather than wait for the next reserve.
            if (closed > 0 && queued.get() - closing.get() > limit && shedding.compareAndSet(false, true)) {
                scheduler.runBlocking(this::shed);
            }
        }
    }
}
