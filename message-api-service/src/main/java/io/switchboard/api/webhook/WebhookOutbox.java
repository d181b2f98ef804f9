package io.switchboard.api.webhook;

import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.AfterCommit;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The transactional outbox: an event bound for webhooks is written as one {@code webhook_deliveries} row per enabled
 * endpoint of the assistant subscribed to its kind, in the transaction of the change itself, so it exists exactly
 * when the change committed. One statement does the fan-out and answers what the direct path needs; an assistant
 * without such an endpoint costs an index probe and no row. The rows are leased to this replica by their
 * {@code INSERT} ({@code locked_until}), and once the transaction commits all of them (every event of the
 * transaction, however many posts it carries) are handed to the local {@link WebhookDispatcher} in one batch, which
 * sends them from memory without a claim; a rolled-back transaction hands over nothing.
 */
@ApplicationScoped
public class WebhookOutbox {
    /**
     * The fan-out {@code INSERT ... SELECT}, then per new row its endpoint's URL and secret and the ids of the
     * endpoint's rows of the same dialog still pending before it (at most {@link WebhookDispatcher#EARLIER_LIMIT}
     * + 1; the statement's snapshot does not see its own rows). Rows of a dialog are written under the dialog's row
     * lock, so those earlier rows are all committed ones or this transaction's own. The probe's {@code ORDER BY} names
     * the whole key of {@code webhook_deliveries_pending_idx}, so that no plan walks
     * {@code webhook_deliveries_pending_id_idx} (every pending row, in id order) instead.
     */
    private static final String INSERT = "WITH ins AS (INSERT INTO webhook_deliveries (endpoint_id, assistant_id,"
            + " dialog_id, event_id, kind, body, give_up_at, locked_until) SELECT w.id, ?, ?, ?, ?, ?,"
            + " now() + ? * interval '1 millisecond',"
            + " CASE WHEN ? > 0 THEN clock_timestamp() + ? * interval '1 millisecond' END"
            + " FROM webhook_endpoints w WHERE w.assistant_id = ? AND w.enabled AND ? = ANY (w.events)"
            + " RETURNING id, endpoint_id, locked_until)"
            + " SELECT ins.id, ins.endpoint_id, e.url, e.secret, array_to_string(ARRAY(SELECT p.id"
            + " FROM webhook_deliveries p WHERE p.endpoint_id = ins.endpoint_id AND p.dialog_id = ?"
            + " AND p.status = 'pending'"
            + " ORDER BY p.endpoint_id, p.dialog_id, p.id LIMIT ?), ','), ins.locked_until"
            + " FROM ins JOIN webhook_endpoints e ON e.id = ins.endpoint_id";
    private static final Object WAKE_KEY = new Object();
    private static final Object FRESH_KEY = new Object();

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
     * Writes the rows in the current JTA transaction (the caller's, on Hibernate's session connection), leased to this
     * replica when it delivers directly, and hands them to the dispatcher once the transaction commits; the number
     * of endpoints the event reaches. Native SQL because one statement fans out to every subscribed endpoint and
     * answers what the direct path needs in one round trip, whatever their number; its cost on the post path is
     * measured in docs/performance.md ("S1 with a webhook receiver").
     */
    public int record(long assistantId, long dialogId, String kind, Envelope event) {
        long lease = dispatcher.directLeaseMillis();
        String body = EventCodec.encode(event);
        long inserted = System.nanoTime();
        // Plain JDBC on the session's own connection (Session.doReturningWork, same JTA transaction), measured: as a
        // NativeQuery this call was 5.1 % of message-api's CPU samples in a profile of bench S1 --webhook, 53 % of it
        // Hibernate's handling of the native query (result mapping resolved per execution, bindings) and 37 % the
        // driver; the same pattern as the post statement's measured figure (MessageRepository).
        List<Object[]> rows = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, assistantId);
                ps.setLong(2, dialogId);
                ps.setString(3, event.eventId());
                ps.setString(4, kind);
                ps.setString(5, body);
                ps.setLong(6, config.webhooks().retryFor().toMillis());
                ps.setLong(7, lease);
                ps.setLong(8, lease);
                ps.setLong(9, assistantId);
                ps.setString(10, kind);
                ps.setLong(11, dialogId);
                ps.setInt(12, WebhookDispatcher.EARLIER_LIMIT + 1);
                List<Object[]> out = new ArrayList<>(1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime leased = rs.getObject(6, OffsetDateTime.class);
                        out.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), leased == null ? null : leased.toInstant()});
                    }
                }
                return out;
            }
        });
        if (rows.isEmpty()) {
            return 0;
        }
        if (lease <= 0) {
            wakeAfterCommit();
            return rows.size();
        }
        List<WebhookDispatcher.Fresh> fresh = afterCommit.resource(FRESH_KEY, ArrayList::new, (batch, committed) -> {
            if (committed) {
                dispatcher.offer(batch);
            }
        });
        for (Object[] r : rows) {
            fresh.add(new WebhookDispatcher.Fresh(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), dialogId,
                    event.eventId(), kind, body, (String) r[2], (String) r[3], ids((String) r[4]), inserted,
                    (Instant) r[5]));
        }
        return rows.size();
    }

    private static long[] ids(String csv) {
        if (csv == null || csv.isEmpty()) {
            return new long[0];
        }
        String[] parts = csv.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    /** Wakes the dispatcher's claim once the current JTA transaction commits (once per transaction). */
    public void wakeAfterCommit() {
        afterCommit.once(WAKE_KEY, dispatcher::wake);
    }
}
