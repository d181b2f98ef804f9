package io.switchboard.api.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.assign.AssignmentService;
import io.switchboard.api.assign.DialogCounts;
import io.switchboard.api.assign.DialogView;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.Senders;
import io.switchboard.api.service.DialogService;
import io.switchboard.api.service.GuestContexts;
import io.switchboard.api.service.HandoffService;
import io.switchboard.api.service.MessageHistory;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.Views;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestResponse;

/** The operators' dialogs: list, history (with long-poll), replies, handoff and read state. */
@Path("/api/dialogs")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class DialogResource {
    @Inject
    Caller caller;
    @Inject
    DialogService dialogs;
    @Inject
    DialogAccess access;
    @Inject
    MessageHistory history;
    @Inject
    MessageService messages;
    @Inject
    HandoffService handoff;
    @Inject
    AfterCommitEvents events;
    @Inject
    GuestContexts contexts;
    @Inject
    DialogCounts counts;
    @Inject
    AssignmentService assignment;
    @Inject
    RequestWorker workers;

    /**
     * The list, narrowed by {@code view} (mine, unassigned, waiting, all: then with the views' counts), or with
     * {@code q} a search of the same dialogs by message words and guest (paged by {@code offset}).
     */
    @GET
    public DialogCounts.Listed list(@QueryParam("status") String status,
                                    @QueryParam("assistant_id") Long assistantId,
                                    @QueryParam("limit") Integer limit, @QueryParam("view") String view,
                                    @QueryParam("q") String q,
                                    @QueryParam("offset") Integer offset,
                                    @Context UriInfo uri) {
        // "?q=" arrives as no value at all: asked for a search all the same, it gets the 400 an empty search gets.
        if (q != null || uri.getQueryParameters().containsKey("q")) {
            if (view != null) {
                throw ApiException.validation("A search covers every dialog you may see: send q without view.");
            }
            return DialogCounts.Listed.of(contexts.withContexts(dialogs.search(caller, q, status, assistantId, limit, offset)));
        }
        if (offset != null) {
            throw ApiException.validation("offset pages through search results: it needs q.");
        }
        DialogView v = DialogView.parse(view);
        GuestContexts.OperatorDialogs listed = contexts.withContexts(dialogs.list(caller, status, assistantId, limit, v));
        return new DialogCounts.Listed(listed.dialogs(), v == null ? null : v.wire(),
                v == null ? null : counts.of(caller, assistantId), null, null);
    }

    @GET
    @Path("/{id}")
    public GuestContexts.OperatorDialog get(@PathParam("id") long id) {
        return contexts.withContext(dialogs.get(caller, id));
    }

    @GET
    @Path("/{id}/messages")
    @Blocking
    public Uni<Views.MessagesPage> messages(@PathParam("id") long id, @QueryParam("after_seq") Long afterSeq,
                                            @QueryParam("before_seq") Long beforeSeq,
                                            @QueryParam("limit") Integer limit, @QueryParam("wait") Integer wait) {
        MessageHistory.Query query = history.query(id, afterSeq, beforeSeq, limit, wait);
        DialogRecord dialog = access.forStaff(caller, id);
        return history.read(dialog, query);
    }

    /**
     * Not blocking: the checks read only the caller's token, so they run on the event loop, which queues the post for
     * its group-commit batch; the committer completes the answer and no thread waits for the commit. A refusal's
     * reason, a repeat or a rolled-back batch is answered from a worker thread ({@link RequestWorker}).
     */
    @POST
    @Path("/{id}/messages")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.ASSISTANT})
    @NonBlocking
    public CompletionStage<RestResponse<MessagePayload>> post(@PathParam("id") long id,
                                                              MessageService.NewMessage body) {
        return RequestWorker.unwrapped(messages.postAsStaff(caller, id, body, workers.forThisRequest())
                .thenApply(Responses::posted));
    }

    /** A bot (assistant token) or an operator shows typing; ephemeral, sent to the dialog's sockets at once. */
    @POST
    @Path("/{id}/typing")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.ASSISTANT})
    public RestResponse<Void> typing(@PathParam("id") long id, @Valid @NotNull(message = "The request needs a JSON body, for example {\"state\": true}.") Bodies.Typing body) {
        access.forStaff(caller, id);
        events.typingNow(id, caller.isAssistant() ? Senders.ASSISTANT : Senders.OPERATOR, caller.displayName(),
                body.state());
        return RestResponse.noContent();
    }

    /** The assistant's bot hands the dialog to a human ({@code bot → waiting_operator}); operators take over instead. */
    @POST
    @Path("/{id}/handoff")
    @RolesAllowed(Roles.ASSISTANT)
    public DialogPayload handoff(@PathParam("id") long id) {
        return handoff.requestOperatorByAssistant(access.forStaff(caller, id));
    }

    @POST
    @Path("/{id}/takeover")
    public DialogPayload takeover(@PathParam("id") long id) {
        return handoff.takeover(caller, id);
    }

    /** Gives the dialog to a member of its assistant: a takeover on their behalf (docs/operators.md, "Assignment"). */
    @POST
    @Path("/{id}/assign")
    public DialogPayload assign(@PathParam("id") long id, @Valid @NotNull(message = "The request needs a JSON body,"
            + " for example {\"user_id\": 5}.") AssignmentResource.Assign body) {
        return assignment.assign(caller, id, body.userId());
    }

    /** The members the dialog may be assigned to, with presence and load, and whether the caller may assign it. */
    @GET
    @Path("/{id}/assignees")
    public AssignmentService.Assignees assignees(@PathParam("id") long id) {
        return assignment.assignees(caller, id);
    }

    @POST
    @Path("/{id}/release")
    public DialogPayload release(@PathParam("id") long id) {
        return handoff.release(caller, id);
    }

    @POST
    @Path("/{id}/close")
    public DialogPayload close(@PathParam("id") long id) {
        return handoff.close(caller, id);
    }

    @POST
    @Path("/{id}/read")
    public Views.Read read(@PathParam("id") long id, @Valid @NotNull(message = "The request needs a JSON body, for example {\"seq\": 42}.") Bodies.Read body) {
        return dialogs.markRead(caller, id, body.seq());
    }
}
