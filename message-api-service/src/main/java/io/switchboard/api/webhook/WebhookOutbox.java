package io.switchboard.api.webhook;

import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.publish.AfterCommit;
import io.switchboard.api.repository.Db;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The transactional outbox: an event bound for webhooks is written as one {@code webhook_deliveries} row per enabled
 * endpoint of the assistant subscribed to its kind, in the transaction of the change itself, so it exists exactly
 * when the change committed. One {@code INSERT ... SELECT} does the fan-out; an assistant without such an endpoint
 * costs an index probe and no row. After the commit the local {@link WebhookDispatcher} is woken.
 */
@ApplicationScoped
public class WebhookOutbox {
    private static final String INSERT = "INSERT INTO webhook_deliveries (endpoint_id, assistant_id, dialog_id, event_id,"
            + " kind, body, give_up_at) SELECT w.id, ?, ?, ?, ?, ?, now() + ? * interval '1 millisecond'"
            + " FROM webhook_endpoints w WHERE w.assistant_id = ? AND w.enabled AND ? = ANY (w.events)";
    private static final Object WAKE_KEY = new Object();

    @Inject
    Db db;
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

    /** Writes the rows on the caller's connection, in the caller's transaction; the number of endpoints it reaches. */
    public int insert(Connection c, long assistantId, long dialogId, String kind, Envelope event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, assistantId);
            ps.setLong(2, dialogId);
            ps.setString(3, event.eventId());
            ps.setString(4, kind);
            ps.setString(5, EventCodec.encode(event));
            ps.setLong(6, config.webhooks().retryFor().toMillis());
            ps.setLong(7, assistantId);
            ps.setString(8, kind);
            return ps.executeUpdate();
        }
    }

    /** The same inside the current JTA transaction; the dispatcher is woken once it commits. */
    public void record(long assistantId, long dialogId, String kind, Envelope event) {
        int rows = db.call("record webhook event", c -> insert(c, assistantId, dialogId, kind, event));
        if (rows > 0) {
            wakeAfterCommit();
        }
    }

    /** Wakes the dispatcher once the current JTA transaction commits (once per transaction). */
    public void wakeAfterCommit() {
        afterCommit.once(WAKE_KEY, dispatcher::wake);
    }
}
