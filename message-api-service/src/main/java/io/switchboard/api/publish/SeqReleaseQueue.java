package io.switchboard.api.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Releases the events of one dialog strictly in seq order although transactions commit in any order.
 * A seq is reserved right after {@code UPDATE ... RETURNING last_seq}; the events of a committed seq wait
 * until every lower reserved seq has committed (released) or rolled back (forgotten). A seq whose
 * transaction never completes stops holding others back after a timeout. Not thread-safe: one lock per dialog.
 *
 * @param <T> what is released, e.g. a ready-to-send event
 */
public final class SeqReleaseQueue<T> {
    private static final class Slot<T> {
        final long reservedAtNanos;
        List<T> events;

        Slot(long reservedAtNanos) {
            this.reservedAtNanos = reservedAtNanos;
        }
    }

    private final TreeMap<Long, Slot<T>> slots = new TreeMap<>();

    /** Holds back everything above {@code seq} until it completes or aborts. */
    public void reserve(long seq, long nowNanos) {
        slots.putIfAbsent(seq, new Slot<>(nowNanos));
    }

    /** The seq's transaction committed; its events go out once all lower seqs are done. */
    public void complete(long seq, List<T> events, long nowNanos) {
        Slot<T> slot = slots.computeIfAbsent(seq, s -> new Slot<>(nowNanos));
        slot.events = List.copyOf(events);
    }

    /** The seq's transaction rolled back: nothing of it is released and it no longer holds others back. */
    public void abort(long seq) {
        slots.remove(seq);
    }

    /**
     * Takes the events that may leave now, in seq order.
     *
     * @param stuckNanos a reserved seq older than this is given up (its transaction is presumed lost)
     * @param givenUp receives the seqs given up that way
     */
    public List<T> drain(long nowNanos, long stuckNanos, List<Long> givenUp) {
        List<T> out = new ArrayList<>();
        while (!slots.isEmpty()) {
            Map.Entry<Long, Slot<T>> head = slots.firstEntry();
            Slot<T> slot = head.getValue();
            if (slot.events != null) {
                out.addAll(slot.events);
                slots.pollFirstEntry();
            } else if (nowNanos - slot.reservedAtNanos > stuckNanos && slots.size() > 1) {
                givenUp.add(head.getKey());
                slots.pollFirstEntry();
            } else {
                break;
            }
        }
        return out;
    }

    /** True when nothing is reserved or waiting. */
    public boolean isEmpty() {
        return slots.isEmpty();
    }
}
