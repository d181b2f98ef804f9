package io.switchboard.api;

import io.agroal.api.AgroalDataSource;
import io.switchboard.api.webhook.WebhookEndpoint;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.events.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Writes through Hibernate ORM (Panache) and plain JDBC in one {@code @Transactional} method, as the services do. */
@ApplicationScoped
public class SharedTransactionProbe {
    @Inject
    AgroalDataSource dataSource;

    /** Persists an endpoint, fans an event out to it with JDBC; the number of outbox rows JDBC wrote. */
    @Transactional
    public int persistAndFanOut(long assistantId, String url, boolean failAfterwards) {
        WebhookEndpoint e = new WebhookEndpoint();
        e.assistantId = assistantId;
        e.url = url;
        e.events = new String[] {WebhookKinds.GUEST_MESSAGE};
        e.secret = "whsec_probe";
        e.createdAt = Instant.now();
        e.updatedAt = e.createdAt;
        e.persist();
        int rows;
        // The pool enlists the connection in the JTA transaction, so this statement commits or rolls back with it.
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries (endpoint_id, assistant_id,"
                    + " dialog_id, event_id, kind, body, give_up_at) SELECT w.id, w.assistant_id, 1, ?, ?, '{}',"
                    + " now() + interval '1 hour' FROM webhook_endpoints w WHERE w.assistant_id = ?")) {
                ps.setString(1, Envelope.read(1, assistantId, "guest", 1).eventId());
                ps.setString(2, WebhookKinds.GUEST_MESSAGE);
                ps.setLong(3, assistantId);
                rows = ps.executeUpdate();
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("fan out", ex);
        }
        if (failAfterwards) {
            throw new IllegalStateException("roll back both");
        }
        return rows;
    }
}
