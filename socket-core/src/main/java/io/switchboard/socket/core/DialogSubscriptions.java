package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.ServerFrames;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.socket.limits.ConnectionLimits;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's dialog subscriptions: each followed dialog is one {@link DeliveryCursor} joined to the dialog's
 * {@link OrderedDialogStream}, started at the client's resume point (the {@link SeqOrder} rule takes it from
 * there). Used at admission (a dialog endpoint), by {@code subscribe}/{@code unsubscribe} frames and on close.
 */
@ApplicationScoped
public class DialogSubscriptions {
    @Inject
    DialogFanout dialogs;

    @Inject
    DeliveryStore store;

    @Inject
    SocketConfig config;

    @Inject
    ConnectionLimits limits;

    @Inject
    DeliveryScheduler scheduler;

    /**
     * Follows a dialog: registers for live events first, then (on this worker thread) reads what the
     * client missed from PostgreSQL, then releases the held live events through the seq rule.
     */
    public void subscribe(ClientSession s, long dialogId, Long afterSeq) {
        if (s.isClosed()) {
            return;
        }
        DeliveryCursor cursor = new DeliveryCursor(dialogId, s, store, scheduler, config.delivery().pageSize(),
                config.limits().heldDuringCatchUp());
        DeliveryCursor previous = s.putCursor(dialogId, cursor);
        if (previous != null) {
            dialogs.leave(dialogId, previous);
        }
        dialogs.join(dialogId, cursor);
        long joinedNanos = System.nanoTime();
        if (s.isClosed()) {
            s.removeCursor(dialogId, cursor);
            dialogs.leave(dialogId, cursor);
            return;
        }
        Optional<DialogRecord> dialog;
        try {
            dialog = dialogReadAfter(dialogId, joinedNanos);
        } catch (Exception e) {
            Log.warnf("dialog %d: cannot read it for a subscription (%s)", dialogId, e.toString());
            s.close(Admission.TRY_AGAIN_LATER, "database unavailable; reconnect with after_seq in a few seconds");
            return;
        }
        if (dialog.isEmpty()) {
            Admission.Rejected missing = s.admission().access().missing(dialogId);
            s.sendControl(ServerFrames.error(missing.errorCode(), missing.reason()));
            unsubscribe(s, dialogId, false);
            return;
        }
        long lastSeq = dialog.get().lastSeq();
        String overLimit = afterSeq == null ? null : limits.replay(s.clientAddress(), lastSeq - afterSeq);
        if (overLimit != null) {
            s.close(CloseCodes.RATE_LIMITED, overLimit);
            return;
        }
        s.sendControl(ServerFrames.subscribed(dialogId, lastSeq));
        cursor.start(afterSeq, lastSeq);
    }

    /** A read of a dialog's row that is running, and when it started. */
    record RowRead(long startedNanos, CompletableFuture<Optional<DialogRecord>> row) {
    }

    final Map<Long, RowRead> rowReads = new ConcurrentHashMap<>();

    /**
     * The dialog's row as read from PostgreSQL by a query that started after {@code joinedNanos}, the moment
     * the caller's cursor was registered for live events: its {@code last_seq} then covers everything
     * published before the cursor could see it. Sockets of one dialog subscribing at the same time (a
     * reconnect storm) share such a read instead of each running it. Worker thread only.
     */
    Optional<DialogRecord> dialogReadAfter(long dialogId, long joinedNanos) throws Exception {
        while (true) {
            RowRead running = rowReads.get(dialogId);
            if (running != null && running.startedNanos() - joinedNanos > 0) {
                try {
                    return running.row().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            RowRead mine = new RowRead(System.nanoTime(), new CompletableFuture<>());
            boolean won = running == null ? rowReads.putIfAbsent(dialogId, mine) == null
                    : rowReads.replace(dialogId, running, mine);
            if (!won) {
                continue;
            }
            try {
                Optional<DialogRecord> row = store.dialog(dialogId);
                mine.row().complete(row);
                return row;
            } catch (Exception | Error e) {
                mine.row().completeExceptionally(e);
                throw e;
            } finally {
                rowReads.remove(dialogId, mine);
            }
        }
    }

    void unsubscribe(ClientSession s, long dialogId, boolean confirm) {
        DeliveryCursor cursor = s.removeCursor(dialogId);
        if (cursor != null) {
            dialogs.leave(dialogId, cursor);
        }
        if (confirm) {
            s.sendControl(ServerFrames.unsubscribed(dialogId));
        }
    }


    /** Leaves every dialog the session follows (it closed). Worker thread. */
    void leaveAll(ClientSession s) {
        for (Long dialogId : s.cursors().keySet()) {
            DeliveryCursor c = s.removeCursor(dialogId);
            if (c != null) {
                dialogs.leave(dialogId, c);
            }
        }
    }
}
