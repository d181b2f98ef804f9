package io.switchboard.api.rest;

import io.switchboard.api.attachment.AttachmentService;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.DialogAccess;
import io.switchboard.events.MessagePayload;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Attachments on every path: operators' ({@code /api/dialogs/{id}/attachments}), the two guest paths (widget and
 * site), and the download a signed link names ({@code /api/attachments/{id}}). Uploads are
 * {@code multipart/form-data} with the file in the part {@code file} and an optional {@code client_msg_id}; the
 * answer is the message that carries the attachment (201, or 200 for a repeated {@code client_msg_id}).
 */
public final class AttachmentResources {
    private AttachmentResources() {
    }

    static AttachmentService.Upload toUpload(FileUpload file, String clientMsgId) {
        return file == null ? null : new AttachmentService.Upload(file.uploadedFile(), file.fileName(), file.size(),
                clientMsgId);
    }

    /** Operators and admins of the dialog's assistant. */
    @Path("/api/dialogs/{id}/attachments")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public static class Staff {
        @Inject
        Caller caller;
        @Inject
        AttachmentService attachments;

        @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        public RestResponse<MessagePayload> upload(@PathParam("id") long id, @RestForm("file") FileUpload file,
                                                   @RestForm("client_msg_id") String clientMsgId) {
            return Responses.posted(attachments.uploadAsStaff(caller, id, toUpload(file, clientMsgId)));
        }

        /** Assistant tokens may read what was sent into their dialogs, too. */
        @POST
        @Path("/{aid}/link")
        @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.ASSISTANT})
        public AttachmentService.LinkView link(@PathParam("id") long id, @PathParam("aid") String attachmentId) {
            return attachments.linkForStaff(caller, id, attachmentId);
        }
    }

    /** A widget guest on the {@code assistant_id} path. */
    @Path("/api/widget/dialogs/{id}/attachments")
    @PermitAll
    public static class WidgetGuest {
        @Inject
        DialogAccess access;
        @Inject
        AttachmentService attachments;

        @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        public RestResponse<MessagePayload> upload(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                                   @QueryParam("assistant_id") Long assistantId,
                                                   @QueryParam("guest_token") String guestToken,
                                                   @RestForm("file") FileUpload file,
                                                   @RestForm("client_msg_id") String clientMsgId) {
            return Responses.posted(attachments.uploadAsGuest(id, access.widgetGuest(assistantId, origin, guestToken),
                    toUpload(file, clientMsgId)));
        }

        @POST
        @Path("/{aid}/link")
        public AttachmentService.LinkView link(@PathParam("id") long id, @PathParam("aid") String attachmentId,
                                               @HeaderParam("Origin") String origin,
                                               @QueryParam("assistant_id") Long assistantId,
                                               @QueryParam("guest_token") String guestToken) {
            return attachments.linkForGuest(access.widgetGuest(assistantId, origin, guestToken), id, attachmentId);
        }
    }

    /** A guest of a customer's site ({@code site_token}). */
    @Path("/api/site/dialogs/{id}/attachments")
    @PermitAll
    public static class SiteGuest {
        @Inject
        DialogAccess access;
        @Inject
        AttachmentService attachments;

        @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        public RestResponse<MessagePayload> upload(@PathParam("id") long id, @HeaderParam("Origin") String origin,
                                                   @QueryParam("site_token") String siteToken,
                                                   @QueryParam("guest_token") String guestToken,
                                                   @RestForm("file") FileUpload file,
                                                   @RestForm("client_msg_id") String clientMsgId) {
            return Responses.posted(attachments.uploadAsGuest(id, access.siteGuest(siteToken, origin, guestToken),
                    toUpload(file, clientMsgId)));
        }

        @POST
        @Path("/{aid}/link")
        public AttachmentService.LinkView link(@PathParam("id") long id, @PathParam("aid") String attachmentId,
                                               @HeaderParam("Origin") String origin,
                                               @QueryParam("site_token") String siteToken,
                                               @QueryParam("guest_token") String guestToken) {
            return attachments.linkForGuest(access.siteGuest(siteToken, origin, guestToken), id, attachmentId);
        }
    }

    /**
     * The bytes of a signed link. Only PNG, JPEG, GIF and WebP are {@code inline}; everything else is
     * {@code attachment}. A sandboxing CSP here, and {@code X-Content-Type-Options: nosniff} as on every answer
     * (FrameAncestors), so nothing served here runs.
     */
    @Path("/api/attachments")
    @PermitAll
    public static class Download {
        @Inject
        AttachmentService attachments;

        @GET
        @Path("/{aid}")
        public Response download(@PathParam("aid") String attachmentId, @QueryParam("variant") String variant,
                                 @QueryParam("exp") Long exp, @QueryParam("sig") String sig) {
            AttachmentService.Download d = attachments.download(attachmentId, variant, exp, sig);
            return Response.ok(d.data(), d.contentType())
                    .header("Content-Disposition", d.disposition())
                    .header("Content-Security-Policy", "default-src 'none'; sandbox")
                    // Cached by the browser at most as long as the link itself is valid.
                    .header("Cache-Control", "private, max-age="
                            + Math.max(0, exp - java.time.Instant.now().getEpochSecond()))
                    .build();
        }
    }
}
