package io.switchboard.bench.load;

import io.switchboard.bench.LatencySummary;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Per message of a run: when it was sent and to which dialog; with the arrivals counted by
 * {@link DeliveryStats} it gives the fan-out figure "time until the last subscriber has it".
 */
public final class MessageTracker {
    private final AtomicLongArray sentMicros;
    private final AtomicIntegerArray dialogIndex;
    private DeliveryStats stats;

    public MessageTracker(int capacity) {
        sentMicros = new AtomicLongArray(capacity);
        dialogIndex = new AtomicIntegerArray(capacity);
    }

    void attach(DeliveryStats stats) {
        this.stats = stats;
    }

    public int capacity() {
        return sentMicros.length();
    }

    public void sent(int id, long micros, int dialog) {
        dialogIndex.set(id, dialog);
        sentMicros.set(id, micros);
    }

    /**
     * Latency to the last receiver, over the messages {@code [fromId, toId)} that reached every
     * expected receiver ({@code receiversOfDialog} gives how many subscribe to a dialog index).
     */
    public LatencySummary toLastReceiver(int fromId, int toId, IntUnaryOperator receiversOfDialog) {
        Histogram h = LatencySummary.newPlainHistogram();
        for (int id = fromId; id < Math.min(toId, capacity()); id++) {
            long sent = sentMicros.get(id);
            if (sent == 0) {
                continue;
            }
            int expected = receiversOfDialog.applyAsInt(dialogIndex.get(id));
            if (expected > 0 && stats.deliveriesOf(id) >= expected) {
                h.recordValue(Math.max(0, stats.lastArrivalOf(id) - sent));
            }
        }
        return LatencySummary.ofMicros(h);
    }

    /**
     * The slowest time to the latest arrival (ms) among the messages sent in each second since the first send,
     * warm-up included: a high percentile from steady queueing shows in every second, a stall in a few.
     */
    public long[] slowestBySecond() {
        long first = Long.MAX_VALUE;
        long lastSent = 0;
        for (int id = 0; id < capacity(); id++) {
            long sent = sentMicros.get(id);
            if (sent != 0) {
                first = Math.min(first, sent);
                lastSent = Math.max(lastSent, sent);
            }
        }
        if (lastSent == 0) {
            return new long[0];
        }
        long[] slowest = new long[(int) ((lastSent - first) / 1_000_000) + 1];
        for (int id = 0; id < capacity(); id++) {
            long sent = sentMicros.get(id);
            long arrived = sent == 0 ? 0 : stats.lastArrivalOf(id);
            if (arrived > 0) {
                int second = (int) ((sent - first) / 1_000_000);
                slowest[second] = Math.max(slowest[second], Math.round((arrived - sent) / 1000.0));
            }
        }
        return slowest;
    }
}
