package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.PublishService;
import io.switchboard.api.service.Views;
import io.switchboard.api.webhook.WebhookService;
import io.switchboard.events.MessagePayload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.RestResponse;

/** The publish API for backends without Redis, and the service tokens it takes. */
@Path("/api")
@RolesAllowed(Roles.SERVICE)
public class PublishResource {
    @Inject
    Caller caller;
    @Inject
    PublishService publish;
    @Inject
    WebhookService webhooks;

    /** Issued by the assistant's admins; the token is shown once. */
    @POST
    @Path("/assistants/{id}/service-tokens")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public RestResponse<Views.ServiceToken> issue(@PathParam("id") long assistantId, Bodies.ServiceToken body) {
        webhooks.requireAdminOf(caller, assistantId);
        return RestResponse.status(RestResponse.Status.CREATED,
                publish.issue(assistantId, body == null ? null : body.scopes()));
    }

    @POST
    @Path("/publish/notifications")
    public RestResponse<Views.Notification> notification(
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"user_id\": 2, \"kind\": \"task_done\", \"payload\": {\"task_id\": 7}}.") Bodies.PublishNotification body) {
        return RestResponse.status(RestResponse.Status.CREATED,
                publish.notify(caller, body.userId(), body.kind(), body.payload()));
    }

    @POST
    @Path("/publish/dialogs/{id}/system-messages")
    public RestResponse<MessagePayload> systemMessage(@PathParam("id") long dialogId,
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"text\": \"Your order has shipped.\"}.") Bodies.SystemMessage body) {
        return RestResponse.status(RestResponse.Status.CREATED, publish.systemMessage(caller, dialogId, body.text()));
    }
}
