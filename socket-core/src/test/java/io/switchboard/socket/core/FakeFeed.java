package io.switchboard.socket.core;

import io.switchboard.events.MessagePayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Stored messages of one dialog, standing in for PostgreSQL in pure-logic tests; counts its reads. */
final class FakeFeed implements MessageFeed {
    final TreeMap<Long, OutboundEvent> rows = new TreeMap<>();
    final AtomicInteger reads = new AtomicInteger();
    final long dialogId;

    FakeFeed(long dialogId) {
        this.dialogId = dialogId;
    }

    /** Stores seqs from..to and returns the event of the last one. */
    void store(long from, long to) {
        for (long s = from; s <= to; s++) {
            rows.put(s, event(dialogId, s));
        }
    }

    static OutboundEvent event(long dialogId, long seq) {
        return OutboundEvent.stored(7, new MessagePayload(1000 + seq, dialogId, seq, "user", "g", "m" + seq, null,
                Instant.now()));
    }

    static OutboundEvent typing(long dialogId, String id) {
        return OutboundEvent.raw("typing", dialogId, null, id, Instant.now(), "{\"type\":\"typing\",\"event_id\":\"" + id + "\"}");
    }

    @Override
    public List<OutboundEvent> after(long dialog, long afterSeq, int limit) {
        reads.incrementAndGet();
        List<OutboundEvent> out = new ArrayList<>();
        for (OutboundEvent e : rows.tailMap(afterSeq, false).values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(e);
        }
        return out;
    }
}
