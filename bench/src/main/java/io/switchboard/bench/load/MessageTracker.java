package io.switchboard.bench.load;

import io.switchboard.bench.LatencySummary;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Per message of a run: when it was sent, how many subscribers got it and when the last one did.
 * Gives the fan-out figure "time until the last subscriber has it".
 */
public final class MessageTracker {
    private final AtomicLongArray sentMicros;
    private final AtomicIntegerArray dialogIndex;
    private final AtomicIntegerArray deliveries;
    private final AtomicLongArray lastMicros;

    public MessageTracker(int capacity) {
        sentMicros = new AtomicLongArray(capacity);
        dialogIndex = new AtomicIntegerArray(capacity);
        deliveries = new AtomicIntegerArray(capacity);
        lastMicros = new AtomicLongArray(capacity);
    }

    public int capacity() {
        return sentMicros.length();
    }

    public void sent(int id, long micros, int dialog) {
        dialogIndex.set(id, dialog);
        sentMicros.set(id, micros);
    }

    public void delivered(int id, long micros) {
        if (id < 0 || id >= deliveries.length()) {
            return;
        }
        deliveries.incrementAndGet(id);
        lastMicros.accumulateAndGet(id, micros, Math::max);
    }

    /**
     * Latency to the last receiver, over the messages {@code [fromId, toId)} that reached every
     * expected receiver ({@code receiversOfDialog} gives how many subscribe to a dialog index).
     */
    public LatencySummary toLastReceiver(int fromId, int toId, IntUnaryOperator receiversOfDialog) {
        Histogram h = LatencySummary.newHistogram();
        for (int id = fromId; id < Math.min(toId, capacity()); id++) {
            long sent = sentMicros.get(id);
            if (sent == 0) {
                continue;
            }
            int expected = receiversOfDialog.applyAsInt(dialogIndex.get(id));
            if (expected > 0 && deliveries.get(id) >= expected) {
                h.recordValue(Math.max(0, lastMicros.get(id) - sent));
            }
        }
        return LatencySummary.ofMicros(h);
    }
}
