package io.switchboard.bench.load;

import io.switchboard.bench.LatencySummary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * Delivery latencies of one run: every arrival of a run message at any subscriber, measured from
 * the send time in the message. Messages numbered below {@code warmupIds} count for correctness but
 * not for latency, so the JIT's first seconds do not decide the percentiles. Each event-loop thread
 * records into its own shard (a fan-out run records a quarter of a million arrivals a second, and
 * shared counters would make the bench, not the server, the bottleneck); shards merge on read.
 */
public final class DeliveryStats {
    private final MessageTracker tracker;
    private final int warmupIds;
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Shard> local = ThreadLocal.withInitial(this::newShard);
    private volatile int windowEpoch;
    private volatile boolean windowOpen;

    /** One thread's share of the figures; its lock is only contended while a reader merges. */
    private final class Shard {
        final Histogram latency = LatencySummary.newPlainHistogram();
        final Histogram window = LatencySummary.newPlainHistogram();
        final int[] deliveries = new int[tracker.capacity()];
        final long[] last = new long[tracker.capacity()];
        long count;
        /** Event frames (not connected, subscribed or pong) the subscribers of this thread received. */
        long frames;
        long lastMicros;
        int epoch;
        /** Latencies by the second their message was sent (for the run's latency-over-time chart). */
        final java.util.Map<Long, org.HdrHistogram.AbstractHistogram> bySecond = new java.util.HashMap<>();
        long second = -1;
        org.HdrHistogram.AbstractHistogram ofSecond;
    }

    public DeliveryStats(MessageTracker tracker, int warmupIds) {
        this.tracker = tracker;
        this.warmupIds = warmupIds;
        tracker.attach(this);
    }

    private Shard newShard() {
        Shard s = new Shard();
        shards.add(s);
        return s;
    }

    /** Called on the subscriber's event loop for every run message that arrives. */
    void delivered(Subscriber s, int id, long sentMicros, long nowMicros) {
        Shard sh = local.get();
        long lat = Math.max(0, nowMicros - sentMicros);
        synchronized (sh) {
            sh.count++;
            sh.lastMicros = Math.max(sh.lastMicros, nowMicros);
            if (id >= 0 && id < sh.deliveries.length) {
                sh.deliveries[id]++;
                sh.last[id] = Math.max(sh.last[id], nowMicros);
            }
            if (id >= warmupIds) {
                sh.latency.recordValue(lat);
            }
            long second = sentMicros / 1_000_000;
            if (second != sh.second) {
                sh.second = second;
                sh.ofSecond = sh.bySecond.computeIfAbsent(second, k -> new org.HdrHistogram.IntCountsHistogram(
                        3_600_000_000L, 2));
            }
            sh.ofSecond.recordValue(lat);
            if (windowOpen && s.isObserver()) {
                if (sh.epoch != windowEpoch) {
                    sh.window.reset();
                    sh.epoch = windowEpoch;
                }
                sh.window.recordValue(lat);
            }
        }
    }

    /** Starts recording the observers' latencies into a separate histogram (a storm window). */
    public void openWindow() {
        windowEpoch++;
        windowOpen = true;
    }

    /** Stops the window and summarises it. */
    public LatencySummary closeWindow() {
        windowOpen = false;
        Histogram h = LatencySummary.newPlainHistogram();
        for (Shard s : shards) {
            synchronized (s) {
                if (s.epoch == windowEpoch) {
                    h.add(s.window);
                }
            }
        }
        return LatencySummary.ofMicros(h);
    }

    public LatencySummary latency() {
        Histogram h = LatencySummary.newPlainHistogram();
        for (Shard s : shards) {
            synchronized (s) {
                h.add(s.latency);
            }
        }
        return LatencySummary.ofMicros(h);
    }

    /** Every delivery (warm-up included) by the second its message was sent, in time order. */
    public List<SecondLatency> bySecond() {
        java.util.TreeMap<Long, org.HdrHistogram.AbstractHistogram> merged = new java.util.TreeMap<>();
        for (Shard s : shards) {
            synchronized (s) {
                s.bySecond.forEach((second, h) -> merged.computeIfAbsent(second,
                        k -> new org.HdrHistogram.IntCountsHistogram(3_600_000_000L, 2)).add(h));
            }
        }
        List<SecondLatency> out = new java.util.ArrayList<>();
        merged.forEach((second, h) -> out.add(new SecondLatency(second, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0)));
        return out;
    }

    /** Called on the subscriber's event loop for every event frame that arrives, run message or not. */
    void frame() {
        Shard sh = local.get();
        synchronized (sh) {
            sh.frames++;
        }
    }

    /**
     * Every event frame the subscribers received: a delivered run message is one, and whatever else the server sends
     * per message (a {@code read} of an operator's post before issue 16/17's "one frame per operator post") adds more.
     */
    public long frames() {
        return sum(s -> s.frames);
    }

    public long deliveries() {
        return sum(s -> s.count);
    }

    private long sum(ToLongFunction<Shard> field) {
        long n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += field.applyAsLong(s);
            }
        }
        return n;
    }

    public long lastDeliveryMicros() {
        long m = 0;
        for (Shard s : shards) {
            synchronized (s) {
                m = Math.max(m, s.lastMicros);
            }
        }
        return m;
    }

    /** Deliveries of message {@code id} over all shards. */
    int deliveriesOf(int id) {
        int n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.deliveries[id];
            }
        }
        return n;
    }

    /** The latest arrival of message {@code id} over all shards. */
    long lastArrivalOf(int id) {
        long m = 0;
        for (Shard s : shards) {
            synchronized (s) {
                m = Math.max(m, s.last[id]);
            }
        }
        return m;
    }

    public MessageTracker tracker() {
        return tracker;
    }
}
