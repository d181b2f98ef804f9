package io.switchboard.api.repository;

import java.util.List;

/**
 * A dialog's budget of guest posts ({@code switchboard.limits.guest-messages-per-minute}), kept in the dialog's own
 * row (V25): {@code capacity} posts at once, refilled at {@code perSecond}. The one-statement post spends a token in
 * the {@code UPDATE} that already takes the row lock ({@link MessageRepository#appendAllIfAllowed}), the full path in
 * {@link DialogRepository#spendGuestPost}; both read the tokens left through {@link #LEFT}, written once here. Kept
 * in PostgreSQL rather than in Redis because the post already writes this row: no script and no round trip per guest
 * post, and the budget holds exactly across replicas whether Redis answers or not (docs/security.md).
 */
public record GuestPostBudget(int capacity, double perSecond) {
    /**
     * The tokens left in the row {@code d} now, as SQL; its parameters are {@link #parameters()}. {@code now()} is the
     * transaction's start; a transaction that waited for the row lock may start before the last spend, which then
     * counts as no time passed (never as a refund). A row never charged ({@code NULL}) holds a full bucket.
     */
    static final String LEFT = "LEAST(CAST(? AS float8), COALESCE(d.guest_post_tokens, CAST(? AS float8))"
            + " + CAST(GREATEST(0, EXTRACT(EPOCH FROM now() - d.guest_post_at)) AS float8) * CAST(? AS float8))";
    /** The {@code SET} list that spends one token (with {@link #LEFT}'s parameters). */
    static final String SPEND = "guest_post_tokens = " + LEFT + " - 1,"
            + " guest_post_at = GREATEST(now(), COALESCE(d.guest_post_at, now()))";

    /** {@link #LEFT}'s parameters, in order. */
    List<Object> parameters() {
        return List.of((double) capacity, (double) capacity, perSecond);
    }

    /** Milliseconds until a token is back when {@code left} are left: 0 when one is there. */
    long waitMillis(double left) {
        return left >= 1 ? 0 : (long) Math.ceil((1 - left) / perSecond * 1000);
    }
}
