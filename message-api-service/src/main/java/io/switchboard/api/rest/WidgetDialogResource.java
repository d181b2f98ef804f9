package io.switchboard.api.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.email.GuestEmails;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.GuestContexts;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.SiteTokenVerifier;
import io.switchboard.api.service.Views;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.GuestCredentialRecord;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A widget guest on the {@code assistant_id} path: its {@code guest_token}, from a page on one of the assistant's
 * widget domains (the {@code Origin} check of the site path, against the union of its widgets' domains).
 */
@Path("/api/widget/dialogs")
@PermitAll
public class WidgetDialogResource {
    @Inject
    GuestContexts contexts;
    @Inject
    DialogAccess access;
    @Inject
    SiteTokenVerifier origins;
    @Inject
    GuestDialogEndpoints dialogs;

    @POST
    public RestResponse<Views.GuestDialog> open(@HeaderParam("Origin") String origin,
            @HeaderParam("User-Agent") String userAgent,
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"assistant_id\": 1, \"guest_token\":"
                    + " \"gt_… (omit for a new guest)\"}.") Bodies.WidgetDialog body) {
        origins.verifyAssistantOrigin(body.assistantId(), origin);
        return Responses.opened(contexts.open(body.assistantId(), null, body.guestToken(), body.context(), userAgent));
    }

    @GET
    @Path("/{id}/messages")
    @Blocking
    public Uni<Views.MessagesPage> messages(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                            @QueryParam("assistant_id") Long assistantId,
                                            @QueryParam("guest_token") String guestToken,
                                            @QueryParam("after_seq") Long afterSeq,
                                            @QueryParam("before_seq") Long beforeSeq,
                                            @QueryParam("limit") Integer limit, @QueryParam("wait") Integer wait) {
        return dialogs.messages(id, () -> guest(origin, assistantId, guestToken), afterSeq, beforeSeq, limit, wait);
    }

    @POST
    @Path("/{id}/messages")
    public RestResponse<MessagePayload> post(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                             @QueryParam("assistant_id") Long assistantId,
                                             @QueryParam("guest_token") String guestToken, MessageService.NewMessage body) {
        return dialogs.post(id, guest(origin, assistantId, guestToken), body);
    }

    @POST
    @Path("/{id}/handoff")
    public DialogPayload handoff(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                 @QueryParam("assistant_id") Long assistantId,
                                 @QueryParam("guest_token") String guestToken) {
        return dialogs.handoff(id, () -> guest(origin, assistantId, guestToken));
    }

    @POST
    @Path("/{id}/read")
    public Views.Read read(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                           @QueryParam("assistant_id") Long assistantId,
                           @QueryParam("guest_token") String guestToken, Bodies.Read body) {
        return dialogs.read(id, () -> guest(origin, assistantId, guestToken), body);
    }

    @GET
    @Path("/{id}/availability")
    public RestResponse<GuestEmails.Availability> availability(@PathParam("id") long id,
            @HeaderParam("Origin") String origin, @QueryParam("assistant_id") Long assistantId,
            @QueryParam("guest_token") String guestToken) {
        return dialogs.availability(id, () -> guest(origin, assistantId, guestToken));
    }

    @PUT
    @Path("/{id}/email")
    public GuestEmails.Availability saveEmail(@PathParam("id") long id, @HeaderParam("Origin") String origin,
            @QueryParam("assistant_id") Long assistantId, @QueryParam("guest_token") String guestToken,
            GuestEmails.EmailBody body) {
        return dialogs.saveEmail(id, () -> guest(origin, assistantId, guestToken), body);
    }

    @DELETE
    @Path("/{id}/email")
    public RestResponse<Void> removeEmail(@PathParam("id") long id, @HeaderParam("Origin") String origin,
            @QueryParam("assistant_id") Long assistantId, @QueryParam("guest_token") String guestToken) {
        return dialogs.removeEmail(id, () -> guest(origin, assistantId, guestToken));
    }

    private GuestCredentialRecord guest(String origin, Long assistantId, String guestToken) {
        return access.widgetGuest(assistantId, origin, guestToken);
    }
}
