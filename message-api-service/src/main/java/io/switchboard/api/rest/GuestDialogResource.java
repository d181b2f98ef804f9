package io.switchboard.api.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.attachment.AttachmentService;
import io.switchboard.api.email.GuestEmails;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.api.service.GuestContexts;
import io.switchboard.api.service.MessageService;
import io.switchboard.api.service.SiteTokenVerifier;
import io.switchboard.api.service.Views;
import io.switchboard.events.DialogPayload;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.WidgetRecord;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * A guest's dialog on both guest paths, which differ only in how the guest is proven ({@link GuestProof}):
 * {@code /api/widget/dialogs} with {@code assistant_id}, from a page on one of the assistant's widget domains (the
 * {@code Origin} check against the union of its widgets' domains); {@code /api/site/dialogs} with a customer site's
 * {@code site_token} and the page's {@code Origin}. Both carry the {@code guest_token} issued on that path. What a
 * guest does there is {@link GuestDialogEndpoints}.
 */
@Path("/api")
@PermitAll
public class GuestDialogResource {
    static final String SITE = "site";

    @Inject
    SiteTokenVerifier siteTokens;
    @Inject
    GuestContexts contexts;
    @Inject
    DialogAccess access;
    @Inject
    GuestDialogEndpoints dialogs;
    @Inject
    AttachmentService attachments;

    /** The guest's credentials: {@code site_token} counts on the site path, {@code assistant_id} on the widget path. */
    public static class GuestProof {
        @PathParam("path")
        String path;
        @HeaderParam("Origin")
        String origin;
        @QueryParam("site_token")
        String siteToken;
        @QueryParam("assistant_id")
        String assistantId;
        @QueryParam("guest_token")
        String guestToken;
    }

    @POST
    @Path("/widget/dialogs")
    public RestResponse<Views.GuestDialog> openWidget(@HeaderParam("Origin") String origin,
            @HeaderParam("User-Agent") String userAgent,
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"assistant_id\": 1, \"guest_token\":"
                    + " \"gt_… (omit for a new guest)\"}.") Bodies.WidgetDialog body) {
        siteTokens.verifyAssistantOrigin(body.assistantId(), origin);
        return Responses.opened(contexts.open(body.assistantId(), null, body.guestToken(), body.context(), userAgent));
    }

    @POST
    @Path("/site/dialogs")
    public RestResponse<Views.GuestDialog> openSite(@HeaderParam("Origin") String origin,
            @HeaderParam("User-Agent") String userAgent,
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"site_token\": \"st_…\", \"guest_token\":"
                    + " \"gt_… (omit for a new guest)\"}.") Bodies.SiteDialog body) {
        WidgetRecord widget = siteTokens.verify(body.siteToken(), origin);
        return Responses.opened(contexts.open(widget.assistantId(), widget.id(), body.guestToken(), body.context(),
                userAgent));
    }

    @GET
    @Path("/{path: widget|site}/dialogs/{id}/messages")
    @Blocking
    public Uni<Views.MessagesPage> messages(@PathParam("id") long id, @BeanParam GuestProof proof,
                                            @QueryParam("after_seq") Long afterSeq,
                                            @QueryParam("before_seq") Long beforeSeq,
                                            @QueryParam("limit") Integer limit, @QueryParam("wait") Integer wait) {
        return dialogs.messages(id, guest(proof), afterSeq, beforeSeq, limit, wait);
    }

    /**
     * Not blocking: no thread waits for the post's commit, and a guest proven from memory is checked on the event
     * loop without a worker thread ({@link GuestDialogEndpoints#post}).
     */
    @POST
    @Path("/{path: widget|site}/dialogs/{id}/messages")
    @NonBlocking
    public CompletionStage<RestResponse<MessagePayload>> post(@PathParam("id") long id, @BeanParam GuestProof proof,
                                                              MessageService.NewMessage body) {
        return dialogs.post(id, guest(proof), inMemory(proof), body);
    }

    @POST
    @Path("/{path: widget|site}/dialogs/{id}/handoff")
    public DialogPayload handoff(@PathParam("id") long id, @BeanParam GuestProof proof) {
        return dialogs.handoff(id, guest(proof));
    }

    @POST
    @Path("/{path: widget|site}/dialogs/{id}/read")
    public Views.Read read(@PathParam("id") long id, @BeanParam GuestProof proof, Bodies.Read body) {
        return dialogs.read(id, guest(proof), body);
    }

    @GET
    @Path("/{path: widget|site}/dialogs/{id}/availability")
    public RestResponse<GuestEmails.Availability> availability(@PathParam("id") long id, @BeanParam GuestProof proof) {
        return dialogs.availability(id, guest(proof));
    }

    @PUT
    @Path("/{path: widget|site}/dialogs/{id}/email")
    public GuestEmails.Availability saveEmail(@PathParam("id") long id, @BeanParam GuestProof proof,
                                              GuestEmails.EmailBody body) {
        return dialogs.saveEmail(id, guest(proof), body);
    }

    @DELETE
    @Path("/{path: widget|site}/dialogs/{id}/email")
    public RestResponse<Void> removeEmail(@PathParam("id") long id, @BeanParam GuestProof proof) {
        return dialogs.removeEmail(id, guest(proof));
    }

    /** Upload, see {@link AttachmentResources}. */
    @POST
    @Path("/{path: widget|site}/dialogs/{id}/attachments")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<MessagePayload> upload(@PathParam("id") long id, @BeanParam GuestProof proof,
                                               @RestForm("file") FileUpload file,
                                               @RestForm("client_msg_id") String clientMsgId) {
        return Responses.posted(attachments.uploadAsGuest(id, guest(proof).get(),
                AttachmentResources.toUpload(file, clientMsgId)));
    }

    @POST
    @Path("/{path: widget|site}/dialogs/{id}/attachments/{aid}/link")
    public AttachmentService.LinkView link(@PathParam("id") long id, @PathParam("aid") String attachmentId,
                                           @BeanParam GuestProof proof) {
        return attachments.linkForGuest(guest(proof).get(), id, attachmentId);
    }

    /**
     * The guest when it is proven from memory alone (the {@code assistant_id} path with a remembered credential and an
     * {@code Origin} that needs no widget domains read); null when {@link #guest} must prove it on a worker thread. The
     * site path always reads its site token's row, so a revoked or replaced token is refused at once on every replica.
     */
    private GuestCredentialRecord inMemory(GuestProof p) {
        if (SITE.equals(p.path)) {
            return null;
        }
        Long assistantId;
        try {
            assistantId = p.assistantId == null ? null : Long.valueOf(p.assistantId);
        } catch (NumberFormatException e) {
            return null;
        }
        return access.widgetGuestInMemory(assistantId, p.origin, p.guestToken);
    }

    /**
     * Proves the guest when called. A malformed {@code assistant_id} is refused at once with 404, as JAX-RS answers a
     * query parameter that is not a number.
     */
    private Supplier<GuestCredentialRecord> guest(GuestProof p) {
        if (SITE.equals(p.path)) {
            return () -> access.siteGuest(p.siteToken, p.origin, p.guestToken);
        }
        Long assistantId;
        try {
            assistantId = p.assistantId == null ? null : Long.valueOf(p.assistantId);
        } catch (NumberFormatException e) {
            throw new NotFoundException(e);
        }
        return () -> access.widgetGuest(assistantId, p.origin, p.guestToken);
    }
}
