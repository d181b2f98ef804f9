package io.switchboard.api.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.DialogService;
import io.switchboard.api.service.GuestContexts;
import io.switchboard.api.service.HandoffService;
import io.switchboard.api.service.MessageHistory;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.SiteTokenVerifier;
import io.switchboard.api.service.Validation;
import io.switchboard.api.service.Views;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
    MessageHistory history;
    @Inject
    MessageService messages;
    @Inject
    HandoffService handoff;
    @Inject
    DialogService dialogs;

    @POST
    public RestResponse<Views.GuestDialog> open(@HeaderParam("Origin") String origin,
                                                @HeaderParam("User-Agent") String userAgent, Bodies.WidgetDialog body) {
        Validation.body(body, "{\"assistant_id\": 1, \"guest_token\": \"gt_… (omit for a new guest)\"}");
        long assistantId = Validation.id(body.assistantId(), "assistant_id");
        origins.verifyAssistantOrigin(assistantId, origin);
        return Responses.opened(contexts.open(assistantId, null, body.guestToken(), body.context(), userAgent));
    }

    @GET
    @Path("/{id}/messages")
    @Blocking
    public Uni<Views.MessagesPage> messages(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                            @QueryParam("assistant_id") Long assistantId,
                                            @QueryParam("guest_token") String guestToken,
                                            @QueryParam("after_seq") Long afterSeq,
                                            @QueryParam("limit") Integer limit, @QueryParam("wait") Integer wait) {
        MessageHistory.Query query = history.query(id, afterSeq, limit, wait);
        return history.read(own(id, origin, assistantId, guestToken), query);
    }

    @POST
    @Path("/{id}/messages")
    public RestResponse<MessagePayload> post(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                             @QueryParam("assistant_id") Long assistantId,
                                             @QueryParam("guest_token") String guestToken, Bodies.Message body) {
        return Responses.posted(messages.postAsGuest(id, access.widgetGuest(assistantId, origin, guestToken),
                body == null ? null : new MessageService.NewMessage(body.text(), body.clientMsgId())));
    }

    @POST
    @Path("/{id}/handoff")
    public DialogPayload handoff(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                 @QueryParam("assistant_id") Long assistantId,
                                 @QueryParam("guest_token") String guestToken) {
        return handoff.requestOperator(own(id, origin, assistantId, guestToken));
    }

    @POST
    @Path("/{id}/read")
    public Views.Read read(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                           @QueryParam("assistant_id") Long assistantId,
                           @QueryParam("guest_token") String guestToken, Bodies.Read body) {
        DialogRecord dialog = own(id, origin, assistantId, guestToken);
        Validation.body(body, "{\"seq\": 42}");
        return dialogs.markRead(dialog, StoreWrites.GUEST_READER, body.seq());
    }

    private DialogRecord own(long dialogId, String origin, Long assistantId, String guestToken) {
        return access.forGuest(access.widgetGuest(assistantId, origin, guestToken), dialogId);
    }
}
