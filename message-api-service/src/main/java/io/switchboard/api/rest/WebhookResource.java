package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.webhook.WebhookService;
import io.switchboard.api.webhook.WebhookViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

/** An assistant's outgoing webhook endpoints and their deliveries; for the assistant's admins only. */
@Path("/api")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class WebhookResource {
    private static final String NEEDS_BODY = "The request needs a JSON body, for example"
            + " {\"url\": \"https://bot.example.com/switchboard\", \"events\": [\"guest.message\", \"dialog.opened\"]}.";

    @Inject
    Caller caller;
    @Inject
    WebhookService webhooks;

    @POST
    @Path("/assistants/{assistant}/webhooks")
    public RestResponse<WebhookViews.EndpointWithSecret> create(@PathParam("assistant") long assistantId,
                                                                @NotNull(message = NEEDS_BODY) Bodies.Webhook body) {
        return RestResponse.status(RestResponse.Status.CREATED,
                webhooks.create(caller, assistantId, body.url(), body.events(), body.enabled()));
    }

    @GET
    @Path("/assistants/{assistant}/webhooks")
    public WebhookViews.Endpoints list(@PathParam("assistant") long assistantId) {
        return webhooks.list(caller, assistantId);
    }

    @PUT
    @Path("/assistants/{assistant}/webhooks/{id}")
    public WebhookViews.Endpoint update(@PathParam("assistant") long assistantId, @PathParam("id") long id,
                                        @NotNull(message = NEEDS_BODY) Bodies.Webhook body) {
        return webhooks.update(caller, assistantId, id, body.url(), body.events(), body.enabled());
    }

    @DELETE
    @Path("/assistants/{assistant}/webhooks/{id}")
    public RestResponse<Void> delete(@PathParam("assistant") long assistantId, @PathParam("id") long id) {
        webhooks.delete(caller, assistantId, id);
        return RestResponse.noContent();
    }

    @POST
    @Path("/assistants/{assistant}/webhooks/{id}/rotate-secret")
    public WebhookViews.EndpointWithSecret rotate(@PathParam("assistant") long assistantId, @PathParam("id") long id) {
        return webhooks.rotateSecret(caller, assistantId, id);
    }

    @GET
    @Path("/assistants/{assistant}/webhook-deliveries")
    public WebhookViews.Deliveries deliveries(@PathParam("assistant") long assistantId,
                                              @QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        return webhooks.deliveries(caller, assistantId, status, limit);
    }

    @POST
    @Path("/assistants/{assistant}/webhook-deliveries/{id}/redeliver")
    public WebhookViews.Delivery redeliver(@PathParam("assistant") long assistantId, @PathParam("id") long id) {
        return webhooks.redeliver(caller, assistantId, id);
    }
}
