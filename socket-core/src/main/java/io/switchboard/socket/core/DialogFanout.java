package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.switchboard.events.Channels;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.metrics.SocketMetrics;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dialog id → the local sessions following it, through one {@link OrderedDialogStream} per dialog.
 * The dialog's Redis channel is subscribed while the stream has a session. A periodic sweep (and a
 * Redis reconnect) compares {@code dialogs.last_seq} with what each stream emitted, so a publish
 * lost while Redis was down still reaches everyone.
 */
@ApplicationScoped
public class DialogFanout {
    /** The cause the periodic sweep passes to {@link #repairAll}. */
    public static final String SWEEP = "sweep";
    private final Map<Long, Entry> streams = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean repairFailing = new java.util.concurrent.atomic.AtomicBoolean();

    @Inject
    ChannelSubscriptions redis;

    @Inject
    Channels channels;

    @Inject
    DeliveryStore store;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    SocketConfig config;

    @Inject
    SocketMetrics metrics;

    private record Entry(OrderedDialogStream stream, CompletableFuture<Void> ready) {
    }

    /**
     * Registers {@code cursor} for the dialog's live events; the first cursor of a dialog subscribes
     * its channel and waits for Redis to confirm (bounded) before the stream's start is read from
     * PostgreSQL. Returns once live events are flowing into the cursor. Worker thread only.
     */
    public void join(long dialogId, DeliveryCursor cursor) {
        Entry entry;
        boolean created = false;
        synchronized (this) {
            entry = streams.get(dialogId);
            if (entry == null) {
                entry = new Entry(new OrderedDialogStream(dialogId, store, scheduler, config.delivery().holdBack(),
                        config.delivery().pageSize(), metrics), new CompletableFuture<>());
                streams.put(dialogId, entry);
                created = true;
            }
            entry.stream().add(cursor);
        }
        long timeoutMs = config.delivery().subscribeTimeout().toMillis();
        if (created) {
            CompletableFuture<Void> ack = redis.subscribe(channels.dialog(dialogId));
            try {
                if (redis.connected()) {
                    ack.get(timeoutMs, TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException e) {
                Log.warnf("dialog %d: Redis did not confirm SUBSCRIBE within %d ms; the sweep covers the gap",
                        dialogId, timeoutMs);
            } catch (Exception e) {
                Log.warnf("dialog %d: SUBSCRIBE failed (%s); the sweep covers the gap", dialogId, e.toString());
            }
            try {
                Optional<DialogRecord> d = store.dialog(dialogId);
                entry.stream().initialize(d.map(DialogRecord::lastSeq).orElse(0L));
            } catch (Exception e) {
                Log.warnf("dialog %d: reading last_seq failed (%s); the sweep retries", dialogId, e.toString());
            } finally {
                entry.ready().complete(null);
            }
        } else {
            try {
                entry.ready().get(timeoutMs + 2_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                Log.debugf("dialog %d: stream not ready yet (%s)", dialogId, e.toString());
            }
        }
    }

    /** Unregisters a cursor; the last one closes the stream and unsubscribes the channel. */
    public void leave(long dialogId, DeliveryCursor cursor) {
        cursor.close();
        synchronized (this) {
            Entry entry = streams.get(dialogId);
            if (entry == null || !entry.stream().remove(cursor)) {
                return;
            }
            streams.remove(dialogId);
            entry.stream().close();
        }
        redis.unsubscribe(channels.dialog(dialogId));
    }

    /** An event from {@code ws:dialog:{id}}. */
    public void onLive(long dialogId, OutboundEvent event) {
        Entry entry = streams.get(dialogId);
        if (entry != null) {
            entry.stream().onLive(event);
        }
    }

    /** Dialogs followed on this node. */
    public int dialogCount() {
        return streams.size();
    }

    /** The stream of a dialog, if followed here (for stats and tests). */
    public Optional<OrderedDialogStream> stream(long dialogId) {
        return Optional.ofNullable(streams.get(dialogId)).map(Entry::stream);
    }

    /**
     * Compares dialogs.last_seq with what each stream emitted and reads whatever is missing from
     * PostgreSQL. Blocks: worker thread only.
     *
     * <p>For the periodic {@code sweep}, a dialog is read only if it is still short of the last_seq
     * the previous sweep saw: under load nearly every dialog has a message committed and not yet
     * published, and reading those from PostgreSQL raced the Redis doorbell for nothing. A publish
     * that was really lost is still repaired, one sweep interval later. Any other cause (a Redis
     * reconnect) repairs at once.
     */
    public void repairAll(String why) {
        boolean confirmFirst = SWEEP.equals(why);
        List<OrderedDialogStream> snapshot = new ArrayList<>();
        streams.values().forEach(e -> snapshot.add(e.stream()));
        if (snapshot.isEmpty()) {
            return;
        }
        Map<Long, Long> lastSeqs;
        try {
            lastSeqs = store.lastSeqs(snapshot.stream().map(OrderedDialogStream::dialogId).toList());
        } catch (Exception e) {
            // One line per outage, not one per sweep: during a database outage the sweep fails every interval.
            if (repairFailing.compareAndSet(false, true)) {
                Log.warnf("%s: reading dialogs.last_seq failed (%s); open connections stay up and are repaired"
                        + " once PostgreSQL answers again", why, e.toString());
            } else {
                Log.debugf("%s: reading dialogs.last_seq failed again (%s)", why, e.toString());
            }
            return;
        }
        if (repairFailing.compareAndSet(true, false)) {
            Log.infof("%s: PostgreSQL answers again; repairing followed dialogs", why);
        }
        for (OrderedDialogStream s : snapshot) {
            Long dbLast = lastSeqs.get(s.dialogId());
            if (dbLast == null) {
                continue;
            }
            if (!s.initialized()) {
                s.initialize(dbLast);
            } else if (!confirmFirst) {
                if (dbLast > s.emitted()) {
                    s.fill(dbLast, why);
                }
            } else if (s.behindSinceLastSweep(dbLast)) {
                s.fill(dbLast, why);
            }
        }
    }
}
