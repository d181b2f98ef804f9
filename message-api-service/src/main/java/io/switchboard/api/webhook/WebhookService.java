package io.switchboard.api.webhook;

import io.quarkus.panache.common.Page;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.Validation;
import io.switchboard.events.WebhookSignature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Managing an assistant's webhook endpoints and looking at their deliveries. Only the assistant's admins may:
 * global admins, and members whose role on that assistant is {@code admin}; anybody else gets 403 and learns
 * nothing about another assistant's endpoints or deliveries.
 */
@ApplicationScoped
public class WebhookService {
    /** Most endpoints one assistant may have. */
    static final int MAX_ENDPOINTS = 10;

    @Inject
    DialogAccess access;
    @Inject
    SwitchboardConfig config;
    @Inject
    WebhookOutbox outbox;

    /** Fails unless the caller administers the assistant (404 if it does not exist, for admins only). */
    public void requireAdminOf(Caller caller, long assistantId) {
        access.requireAdminOf(caller, assistantId, "Only an admin of this assistant may manage its webhooks.");
    }

    @Transactional
    public WebhookViews.EndpointWithSecret create(Caller caller, long assistantId, String url, List<String> events,
                                                  Boolean enabled) {
        requireAdminOf(caller, assistantId);
        if (WebhookEndpoint.count("assistantId", assistantId) >= MAX_ENDPOINTS) {
            throw ApiException.conflict("too_many_endpoints", "An assistant may have at most " + MAX_ENDPOINTS
                    + " webhook endpoints; delete one first.");
        }
        WebhookEndpoint e = new WebhookEndpoint();
        e.assistantId = assistantId;
        e.url = url(url);
        e.events = kinds(events);
        e.enabled = enabled == null || enabled;
        e.secret = WebhookSignature.newSecret();
        e.createdAt = Instant.now();
        e.updatedAt = e.createdAt;
        e.persist();
        return WebhookViews.EndpointWithSecret.of(e);
    }

    @Transactional
    public WebhookViews.Endpoints list(Caller caller, long assistantId) {
        requireAdminOf(caller, assistantId);
        return new WebhookViews.Endpoints(WebhookEndpoint.ofAssistant(assistantId).stream()
                .map(WebhookViews.Endpoint::of).toList());
    }

    /** Changes the URL, kinds or enabled flag; absent fields stay. The secret stays too. */
    @Transactional
    public WebhookViews.Endpoint update(Caller caller, long assistantId, long endpointId, String url,
                                       List<String> events, Boolean enabled) {
        WebhookEndpoint e = endpoint(caller, assistantId, endpointId);
        if (url != null) {
            e.url = url(url);
        }
        if (events != null) {
            e.events = kinds(events);
        }
        if (enabled != null) {
            e.enabled = enabled;
        }
        e.updatedAt = Instant.now();
        return WebhookViews.Endpoint.of(e);
    }

    /** Deletes the endpoint and its deliveries, pending ones included. */
    @Transactional
    public void delete(Caller caller, long assistantId, long endpointId) {
        endpoint(caller, assistantId, endpointId).delete();
    }

    /** A new secret; the old one stops verifying at once (deliveries from now on are signed with the new one). */
    @Transactional
    public WebhookViews.EndpointWithSecret rotateSecret(Caller caller, long assistantId, long endpointId) {
        WebhookEndpoint e = endpoint(caller, assistantId, endpointId);
        e.secret = WebhookSignature.newSecret();
        e.updatedAt = Instant.now();
        return WebhookViews.EndpointWithSecret.of(e);
    }

    /** The assistant's deliveries, newest first, optionally of one status. */
    @Transactional
    public WebhookViews.Deliveries deliveries(Caller caller, long assistantId, String status, Integer limit) {
        requireAdminOf(caller, assistantId);
        int n = Validation.range(limit, "limit", 1, 500, 100);
        List<WebhookDelivery> rows;
        if (status == null || status.isBlank()) {
            rows = WebhookDelivery.find("assistantId = ?1 order by id desc", assistantId).page(Page.ofSize(n)).list();
        } else {
            if (!Set.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED, WebhookDelivery.FAILED).contains(status)) {
                throw ApiException.validation("status must be pending, delivered or failed.");
            }
            rows = WebhookDelivery.find("assistantId = ?1 and status = ?2 order by id desc", assistantId, status)
                    .page(Page.ofSize(n)).list();
        }
        return new WebhookViews.Deliveries(rows.stream().map(WebhookViews.Delivery::of).toList());
    }

    /** Sends a delivery again (same body and {@code event_id}) with a fresh retry window. */
    @Transactional
    public WebhookViews.Delivery redeliver(Caller caller, long assistantId, long deliveryId) {
        requireAdminOf(caller, assistantId);
        WebhookDelivery d = WebhookDelivery.findById(deliveryId);
        if (d == null || d.assistantId != assistantId) {
            throw ApiException.notFound("delivery_not_found", "This assistant has no webhook delivery " + deliveryId + ".");
        }
        if (WebhookDelivery.PENDING.equals(d.status)) {
            d.nextAttemptAt = Instant.now();
        } else {
            d.status = WebhookDelivery.PENDING;
            d.attempts = 0;
            d.nextAttemptAt = Instant.now();
            d.giveUpAt = Instant.now().plus(config.webhooks().retryFor());
            d.lockedUntil = null;
            d.deliveredAt = null;
        }
        WebhookDelivery.getEntityManager().flush();
        outbox.wakeAfterCommit();
        return WebhookViews.Delivery.of(d);
    }

    private WebhookEndpoint endpoint(Caller caller, long assistantId, long endpointId) {
        requireAdminOf(caller, assistantId);
        WebhookEndpoint e = WebhookEndpoint.findById(endpointId);
        if (e == null || e.assistantId != assistantId) {
            throw ApiException.notFound("webhook_not_found", "This assistant has no webhook endpoint " + endpointId + ".");
        }
        return e;
    }

    /** A valid URL whose host passes the SSRF guard ({@link WebhookTargets}); 400 with the reason otherwise. */
    private String url(String value) {
        String v = Validation.text(value, "url", 2000);
        try {
            WebhookTargets.vet(WebhookTargets.parse(v), config.webhooks().allowPrivateTargets(), InetAddress::getAllByName);
            return v;
        } catch (WebhookTargets.Refused e) {
            throw new ApiException(400, e.code(), e.getMessage());
        }
    }

    private static String[] kinds(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ApiException.validation("events must list at least one of " + String.join(", ", WebhookKinds.ALL) + ".");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String k : events) {
            if (k == null || !WebhookKinds.ALL.contains(k.trim())) {
                throw ApiException.validation("Unknown event kind \"" + k + "\"; known: "
                        + String.join(", ", WebhookKinds.ALL) + ".");
            }
            out.add(k.trim());
        }
        return out.toArray(String[]::new);
    }
}
