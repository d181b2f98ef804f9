package io.switchboard.bench.load;

import io.switchboard.bench.BenchPayload;
import io.switchboard.bench.LatencySummary;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Delivery latencies of one run: every arrival of a run message at any subscriber, measured from
 * the send time in the message. Messages numbered below {@code warmupIds} count for correctness but
 * not for latency, so the JIT's first seconds do not decide the percentiles.
 */
public final class DeliveryStats {
    private final Histogram latency = LatencySummary.newHistogram();
    private final MessageTracker tracker;
    private final int warmupIds;
    private final LongAdder deliveries = new LongAdder();
    private final AtomicLong lastDeliveryMicros = new AtomicLong();
    private volatile Histogram window;

    public DeliveryStats(MessageTracker tracker, int warmupIds) {
        this.tracker = tracker;
        this.warmupIds = warmupIds;
    }

    /** Called on the subscriber's event loop for every run message that arrives. */
    void delivered(Subscriber s, BenchPayload p, long nowMicros) {
        deliveries.increment();
        lastDeliveryMicros.accumulateAndGet(nowMicros, Math::max);
        tracker.delivered(p.id(), nowMicros);
        long lat = Math.max(0, nowMicros - p.sentMicros());
        if (p.id() >= warmupIds) {
            latency.recordValue(lat);
        }
        Histogram w = window;
        if (w != null && s.isObserver()) {
            w.recordValue(lat);
        }
    }

    /** Starts recording the observers' latencies into a separate histogram (a storm window). */
    public void openWindow() {
        window = LatencySummary.newHistogram();
    }

    /** Stops the window and summarises it. */
    public LatencySummary closeWindow() {
        Histogram w = window;
        window = null;
        return w == null ? LatencySummary.EMPTY : LatencySummary.ofMicros(w);
    }

    public LatencySummary latency() {
        return LatencySummary.ofMicros(latency);
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long lastDeliveryMicros() {
        return lastDeliveryMicros.get();
    }

    public MessageTracker tracker() {
        return tracker;
    }
}
