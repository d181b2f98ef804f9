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

/** A widget guest on the {@code assistant_id} path. */
@Path("/api/widget/dialogs/{id}/attachments")
@PermitAll
public class WidgetAttachmentResource {
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
                AttachmentResources.toUpload(file, clientMsgId)));
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
