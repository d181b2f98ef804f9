package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventType;
import io.switchboard.events.NotificationPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's place in its user's notifications, kept on the {@link SeqOrder} rule like a dialog's
 * {@link DeliveryCursor}. Notifications of a user are
 * numbered 1, 2, 3, … in commit order (message-api locks the user's row to insert one), so:
 * a live {@code notification:new} with seq = last + 1 goes out at once; one at or below the last is a duplicate
 * and dropped; a jump, the start of the session (from the client's {@code after_notification} / SSE
 * {@code Last-Event-ID}, else from the newest seq read at admission), and a Redis reconnect read what is missing
 * from PostgreSQL, which already holds everything below a seq seen live. A {@code notification:new} without
 * a seq was published straight to Redis and is not stored yet; message-api stores it and publishes it again
 * with its seq, so it is dropped here and shown once, in order.
 */
public final class NotificationCursor implements SeqOrder {
    private static final int PAGE = 200;

    private final long userId;
    private final ClientSession session;
    private final DeliveryStore store;
    private final DeliveryScheduler scheduler;
    private final long resumeFrom;
    /** Newest seq delivered; -1 until {@link #start()} placed the cursor. */
    private long last = -1;
    private boolean reading;
    private boolean readAgain;

    /** @param resumeFrom the client's cursor, or the user's newest seq read before the channel was subscribed */
    public NotificationCursor(long userId, long resumeFrom, ClientSession session, DeliveryStore store,
                              DeliveryScheduler scheduler) {
        this.userId = userId;
        this.resumeFrom = resumeFrom;
        this.session = session;
        this.store = store;
        this.scheduler = scheduler;
    }

    public long userId() {
        return userId;
    }

    /** A {@code notification:new} from the user's channel. Any thread; never blocks. */
    public void onLive(OutboundEvent event) {
        Long seq = event.seq();
        if (seq == null || !EventType.NOTIFICATION_NEW.equals(event.type())) {
            return;
        }
        synchronized (this) {
            if (last >= 0 && seq <= last) {
                return;
            }
            if (last >= 0 && !reading && seq == last + 1) {
                advance(event);
                return;
            }
            readAgain = true;
            if (last < 0 || reading) {
                return; // start() or the running read picks it up
            }
            reading = true;
        }
        scheduler.runBlocking(this::readMissing);
    }

    /** Places the cursor once the session's channel is live, then sends what the client missed. Worker thread. */
    public void start() {
        synchronized (this) {
            last = resumeFrom;
            reading = true;
        }
        readMissing();
    }

    /** Reads everything after the last delivered seq again (after a Redis reconnect). Any thread. */
    public void poke() {
        synchronized (this) {
            readAgain = true;
            if (last < 0 || reading) {
                return;
            }
            reading = true;
        }
        scheduler.runBlocking(this::readMissing);
    }

    @Override
    public long position() {
        return last;
    }

    @Override
    public void advance(OutboundEvent event) {
        last = event.seq();
        session.deliver(event);
    }

    @Override
    public void skipTo(long seq) {
        last = seq;
    }

    private void readMissing() {
        while (true) {
            synchronized (this) {
                readAgain = false;
            }
            try {
                List<NotificationPayload> page;
                do {
                    long after;
                    synchronized (this) {
                        after = last;
                    }
                    page = store.notificationsAfter(userId, after, PAGE);
                    List<OutboundEvent> events = new ArrayList<>(page.size());
                    for (NotificationPayload n : page) {
                        events.add(OutboundEvent.of(Envelope.notificationNew(userId, n)));
                    }
                    synchronized (this) {
                        SeqOrder.fillFrom(events, PAGE, Long.MAX_VALUE, this, "notifications of user " + userId);
                    }
                    if (page.size() == PAGE && !session.awaitCapacity()) {
                        break;
                    }
                } while (page.size() == PAGE && !session.isClosed());
            } catch (Exception e) {
                Log.warnf("notifications of user %d: cannot read them from PostgreSQL (%s)", userId, e.toString());
                session.close(Admission.TRY_AGAIN_LATER, "database unavailable; reconnect in a few seconds");
                synchronized (this) {
                    reading = false;
                }
                return;
            }
            synchronized (this) {
                if (!readAgain || session.isClosed()) {
                    reading = false;
                    return;
                }
            }
        }
    }
}
