package io.switchboard.api.webhook;

import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.AfterCommit;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The transactional outbox: an event bound for webhooks is written as one {@code webhook_deliveries} row per enabled
 * endpoint of the assistant subscribed to its kind, in the transaction of the change itself, so it exists exactly
 * when the change committed. One {@code INSERT ... SELECT} does the fan-out; an assistant without such an endpoint
 * costs an index probe and no row. After the commit the local {@link WebhookDispatcher} is woken.
 */
@ApplicationScoped
public class WebhookOutbox {
    private static final String INSERT = "INSERT INTO webhook_deliveries (endpoint_id, assistant_id, dialog_id, event_id,"
            + " kind, body, give_up_at) SELECT w.id, ?1, ?2, ?3, ?4, ?5, now() + ?6 * interval '1 millisecond'"
            + " FROM webhook_endpoints w WHERE w.assistant_id = ?7 AND w.enabled AND ?8 = ANY (w.events)";
    private static final Object WAKE_KEY = new Object();

    @Inject
    EntityManager em;
    @Inject
    SwitchboardConfig config;
    @Inject
    AfterCommit afterCommit;
    @Inject
    WebhookDispatcher dispatcher;

    /**
     * SQL that is true when the assistant named by {@code assistantIdColumn} has an enabled endpoint for {@code kind}:
     * the one-statement post asks it in its final {@code SELECT}, so a post to an assistant without webhooks pays no
     * extra round trip. {@code kind} must be one of {@link WebhookKinds} (it is inlined).
     */
    public static String subscribedSql(String assistantIdColumn, String kind) {
        if (!WebhookKinds.ALL.contains(kind)) {
            throw new IllegalArgumentException(kind);
        }
        return "EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.assistant_id = " + assistantIdColumn
                + " AND w.enabled AND '" + kind + "' = ANY (w.events))";
    }

    /**
     * Writes the rows in the current JTA transaction (the caller's, through Hibernate's session) and wakes the
     * dispatcher once it commits; the number of endpoints the event reaches. Native SQL because one
     * {@code INSERT ... SELECT} fans out to every subscribed endpoint in one round trip, whatever their number; its
     * cost on the post path is measured in docs/performance.md ("S1 with a webhook receiver").
     */
    public int record(long assistantId, long dialogId, String kind, Envelope event) {
        int rows = em.createNativeQuery(INSERT)
                .setParameter(1, assistantId)
                .setParameter(2, dialogId)
                .setParameter(3, event.eventId())
                .setParameter(4, kind)
                .setParameter(5, EventCodec.encode(event))
                .setParameter(6, config.webhooks().retryFor().toMillis())
                .setParameter(7, assistantId)
                .setParameter(8, kind)
                .executeUpdate();
        if (rows > 0) {
            wakeAfterCommit();
        }
        return rows;
    }

    /** Wakes the dispatcher once the current JTA transaction commits (once per transaction). */
    public void wakeAfterCommit() {
        afterCommit.once(WAKE_KEY, dispatcher::wake);
    }
}
