package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    private static BitSet seqs(int... s) {
        BitSet b = new BitSet();
        for (int i : s) {
            b.set(i);
        }
        return b;
    }

    @Test
    void inOrderArrivalsOfEveryStoredSeqLeaveNothingMissing() {
        DeliveryLedger l = new DeliveryLedger();
        for (int s = 1; s <= 5; s++) {
            assertThat(l.record(s)).isEqualTo(DeliveryLedger.Arrival.IN_ORDER);
        }
        assertThat(l.missingOf(seqs(1, 2, 3, 4, 5))).isZero();
        assertThat(l.hasAll(seqs(1, 2, 3, 4, 5))).isTrue();
        assertThat(l.duplicates()).isZero();
        assertThat(l.outOfOrder()).isZero();
        assertThat(l.contiguousSeq()).isEqualTo(5);
    }

    @Test
    void aRepeatIsCountedAsADuplicateAndNotAsASecondDelivery() {
        DeliveryLedger l = new DeliveryLedger();
        l.record(1);
        l.record(2);
        assertThat(l.record(2)).isEqualTo(DeliveryLedger.Arrival.DUPLICATE);
        assertThat(l.duplicates()).isEqualTo(1);
        assertThat(l.delivered()).isEqualTo(2);
    }

    @Test
    void aSeqArrivingBehindAHigherOneIsOutOfOrderButNotLost() {
        DeliveryLedger l = new DeliveryLedger();
        l.record(1);
        l.record(3);
        assertThat(l.contiguousSeq()).isEqualTo(1);
        assertThat(l.record(2)).isEqualTo(DeliveryLedger.Arrival.OUT_OF_ORDER);
        assertThat(l.outOfOrder()).isEqualTo(1);
        assertThat(l.missingOf(seqs(1, 2, 3))).isZero();
        assertThat(l.contiguousSeq()).isEqualTo(3);
    }

    @Test
    void storedSeqsThatNeverArrivedAreLost() {
        DeliveryLedger l = new DeliveryLedger();
        l.record(1);
        l.record(4);
        assertThat(l.missingOf(seqs(1, 2, 3, 4))).isEqualTo(2);
        assertThat(l.hasAll(seqs(1, 2, 3, 4))).isFalse();
    }

    @Test
    void arrivalsOfSeqsNobodyWasToldAboutAreNotLossAndNothingIsMissingWhenNothingWasExpected() {
        DeliveryLedger l = new DeliveryLedger();
        l.record(7);
        assertThat(l.missingOf(new BitSet())).isZero();
        assertThat(l.contiguousSeq()).isZero();
    }
}
