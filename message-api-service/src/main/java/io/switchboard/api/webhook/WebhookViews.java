package io.switchboard.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the webhook endpoints' REST API (snake_case on the wire). */
public final class WebhookViews {
    private WebhookViews() {
    }

    /** An endpoint as listings show it: never its secret. */
    public record Endpoint(long id, long assistantId, String url, List<String> events, boolean enabled,
                           Instant createdAt) {
        static Endpoint of(WebhookEndpoint e) {
            return new Endpoint(e.id, e.assistantId, e.url, List.of(e.events), e.enabled, e.createdAt);
        }
    }

    /** An endpoint just created or whose secret was just rotated: the only time the secret is shown. */
    public record EndpointWithSecret(long id, long assistantId, String url, List<String> events, boolean enabled,
                                     String secret) {
        static EndpointWithSecret of(WebhookEndpoint e) {
            return new EndpointWithSecret(e.id, e.assistantId, e.url, List.of(e.events), e.enabled, e.secret);
        }
    }

    /** The endpoint list. */
    public record Endpoints(List<Endpoint> endpoints) {
    }

    /** One delivery: what was sent where, how often, and what went wrong last. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Delivery(long id, long endpointId, long dialogId, String eventId, String kind, String status,
                           int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError,
                           Instant createdAt, Instant deliveredAt) {
        static Delivery of(WebhookDelivery d) {
            return new Delivery(d.id, d.endpointId, d.dialogId, d.eventId, d.kind, d.status, d.attempts,
                    WebhookDelivery.PENDING.equals(d.status) ? d.nextAttemptAt : null, d.lastStatus, d.lastError,
                    d.createdAt, d.deliveredAt);
        }
    }

    /** The delivery list, newest first. */
    public record Deliveries(List<Delivery> deliveries) {
    }
}
