package io.switchboard.socket.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cursor sink that remembers what it was given. */
class RecordingSink implements DeliveryCursor.Sink {
    final List<OutboundEvent> delivered = new CopyOnWriteArrayList<>();
    volatile boolean overflowed;

    @Override
    public void deliver(OutboundEvent event) {
        delivered.add(event);
    }

    @Override
    public boolean awaitCapacity() {
        return !overflowed;
    }

    @Override
    public void heldOverflow(long dialogId, long lastDelivered) {
        overflowed = true;
    }

    List<Long> seqs() {
        return delivered.stream().filter(OutboundEvent::sequenced).map(OutboundEvent::seq).toList();
    }
}
