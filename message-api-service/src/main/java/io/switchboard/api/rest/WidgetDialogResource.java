package io.switchboard.api.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.DialogService;
import io.switchboard.api.service.GuestDialogService;
import io.switchboard.api.service.HandoffService;
import io.switchboard.api.service.MessageHistory;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.Validation;
import io.switchboard.api.service.Views;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.StoreWrites;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

/** A widget guest ({@code assistant_id} + {@code guest_id}) and its own dialog. */
@Path("/api/widget/dialogs")
@PermitAll
public class WidgetDialogResource {
    @Inject
    GuestDialogService guests;
    @Inject
    DialogAccess access;
    @Inject
    MessageHistory history;
    @Inject
    MessageService messages;
    @Inject
    HandoffService handoff;
    @Inject
    DialogService dialogs;

    @POST
    public RestResponse<DialogPayload> open(Bodies.WidgetDialog body) {
        Validation.body(body, "{\"assistant_id\": 1, \"guest_id\": \"g-123\"}");
        long assistantId = Validation.id(body.assistantId(), "assistant_id");
        return Responses.opened(guests.open(assistantId, GuestDialogService.guestId(body.guestId())));
    }

    @GET
    @Path("/{id}/messages")
    @Blocking
    public Uni<Views.MessagesPage> messages(@PathParam("id") long id, @QueryParam("assistant_id") Long assistantId,
                                            @QueryParam("guest_id") String guestId,
                                            @QueryParam("after_seq") Long afterSeq,
                                            @QueryParam("limit") Integer limit, @QueryParam("wait") Integer wait) {
        MessageHistory.Query query = history.query(id, afterSeq, limit, wait);
        return history.read(own(id, assistantId, guestId), query);
    }

    @POST
    @Path("/{id}/messages")
    public RestResponse<MessagePayload> post(@PathParam("id") long id, @QueryParam("assistant_id") Long assistantId,
                                             @QueryParam("guest_id") String guestId, Bodies.Message body) {
        return Responses.posted(messages.postAsGuest(id, Validation.id(assistantId, "assistant_id"),
                GuestDialogService.guestId(guestId), body == null ? null
                : new MessageService.NewMessage(body.text(), body.clientMsgId())));
    }

    @POST
    @Path("/{id}/handoff")
    public DialogPayload handoff(@PathParam("id") long id, @QueryParam("assistant_id") Long assistantId,
                                 @QueryParam("guest_id") String guestId) {
        return handoff.requestOperator(own(id, assistantId, guestId));
    }

    @POST
    @Path("/{id}/read")
    public Views.Read read(@PathParam("id") long id, @QueryParam("assistant_id") Long assistantId,
                           @QueryParam("guest_id") String guestId, Bodies.Read body) {
        DialogRecord dialog = own(id, assistantId, guestId);
        Validation.body(body, "{\"seq\": 42}");
        return dialogs.markRead(dialog, StoreWrites.GUEST_READER, body.seq());
    }

    private DialogRecord own(long dialogId, Long assistantId, String guestId) {
        return access.forGuest(Validation.id(assistantId, "assistant_id"), GuestDialogService.guestId(guestId), dialogId);
    }
}
