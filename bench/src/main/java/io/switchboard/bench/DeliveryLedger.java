package io.switchboard.bench;

import java.util.BitSet;

/**
 * What one subscriber received of one dialog, by seq: every first arrival, every repeat and every
 * arrival behind a higher seq already seen. Compared at the end with the seqs the writers were
 * told were stored, it yields lost messages. Each subscriber's frames arrive on one event-loop
 * thread; the methods are synchronized only so the final read sees them.
 */
public final class DeliveryLedger {
    /** How an arrival relates to what came before. */
    public enum Arrival { IN_ORDER, OUT_OF_ORDER, DUPLICATE }

    private final BitSet received = new BitSet();
    private long maxSeq;
    private long delivered;
    private long duplicates;
    private long outOfOrder;

    /** Records one arrival of {@code seq} (seqs start at 1). */
    public synchronized Arrival record(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        int s = (int) seq;
        if (received.get(s)) {
            duplicates++;
            return Arrival.DUPLICATE;
        }
        received.set(s);
        delivered++;
        if (seq < maxSeq) {
            outOfOrder++;
            return Arrival.OUT_OF_ORDER;
        }
        maxSeq = seq;
        return Arrival.IN_ORDER;
    }

    /** How many of the {@code expected} seqs never arrived. */
    public synchronized long missingOf(BitSet expected) {
        BitSet missing = (BitSet) expected.clone();
        missing.andNot(received);
        return missing.cardinality();
    }

    /** True when every {@code expected} seq arrived. */
    public synchronized boolean hasAll(BitSet expected) {
        return missingOf(expected) == 0;
    }

    /** The highest seq up to which nothing is missing (0 when seq 1 has not arrived): the resume cursor. */
    public synchronized long contiguousSeq() {
        int firstGap = received.nextClearBit(1);
        return firstGap - 1L;
    }

    /** The highest seq seen. */
    public synchronized long maxSeq() {
        return maxSeq;
    }

    /** Distinct seqs received. */
    public synchronized long delivered() {
        return delivered;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long outOfOrder() {
        return outOfOrder;
    }
}
