package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import java.util.List;

/**
 * The one ordering rule of every delivery path, written once here:
 *
 * <blockquote>Events of a channel (a dialog's messages, a user's notifications) are delivered in seq order, each
 * seq once. An event at or below the position is a duplicate and dropped; an event beyond position + 1 waits
 * until the gap is filled from the store (PostgreSQL, the truth), and only then do later events go out.</blockquote>
 *
 * <p>Three places keep a position on this rule, each for its own reason:
 * <ul>
 *   <li>{@link OrderedDialogStream}: one per dialog per node. Redis reorders after-commit publishes of concurrent
 *   writers, so a seq that arrives early is held back briefly; if the missing one does not come, the stream fills
 *   the gap once for every local session.</li>
 *   <li>{@link DeliveryCursor}: one per session per dialog. Its position starts at the client's {@code after_seq},
 *   so it catches up from the store, and it holds the stream's live events until the catch-up meets them.</li>
 *   <li>{@link NotificationCursor}: one per session, by the user's notification seq.</li>
 * </ul>
 * The publisher (message-api) reserves seqs before the commit and publishes in seq order, so holes are rare: a
 * reorder in Redis or a publish lost while Redis was away.
 *
 * <p>{@link #fillFrom} is the gap fill all three use: one page read from the store, applied under the holder's
 * lock.
 */
public interface SeqOrder {
    /** The highest seq handed on, or -1 before the position was placed. Called under the holder's lock. */
    long position();

    /** Hands on the next event in order ({@code event.seq() > position()}); it becomes the position. Under the lock. */
    void advance(OutboundEvent event);

    /** The store holds nothing up to {@code seq}: the position moves there without an event. Under the lock. */
    void skipTo(long seq);

    /**
     * Applies one page the store returned after {@link #position()} (in seq order, at most {@code pageSize}) to
     * {@code order}, up to {@code upTo} inclusive: seqs already passed are dropped, the rest advance in order
     * (a seq missing from the store between two stored ones is logged and passed), and when the store has
     * nothing more (a short page) the position moves to {@code upTo} if it is still below it. Call under the
     * holder's lock. Returns true when the fill is complete: nothing more to read up to {@code upTo}.
     *
     * @param channel names the channel in the log ({@code dialog 5}, {@code notifications of user 3})
     */
    static boolean fillFrom(List<OutboundEvent> page, int pageSize, long upTo, SeqOrder order, String channel) {
        boolean beyond = false;
        for (OutboundEvent e : page) {
            long seq = e.seq();
            if (seq > upTo) {
                beyond = true;
                break;
            }
            long position = order.position();
            if (seq <= position) {
                continue;
            }
            if (seq != position + 1) {
                Log.warnf("%s: seq %d..%d are missing in the database; delivering %d", channel, position + 1,
                        seq - 1, seq);
            }
            order.advance(e);
        }
        if (beyond || page.size() < pageSize) {
            // The store has nothing more up to upTo: whatever is still missing there is not coming.
            long position = order.position();
            if (position < upTo && upTo != Long.MAX_VALUE) {
                Log.warnf("%s: seq %d..%d are missing in the database; skipping them", channel, position + 1, upTo);
                order.skipTo(upTo);
            }
            return true;
        }
        return order.position() >= upTo;
    }
}
