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

/** Operators and admins of the dialog's assistant. */
@Path("/api/dialogs/{id}/attachments")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class StaffAttachmentResource {
    @Inject
    Caller caller;
    @Inject
    AttachmentService attachments;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<MessagePayload> upload(@PathParam("id") long id, @RestForm("file") FileUpload file,
                                               @RestForm("client_msg_id") String clientMsgId) {
        return Responses.posted(attachments.uploadAsStaff(caller, id, AttachmentResources.toUpload(file, clientMsgId)));
    }

    /** Assistant tokens may read what was sent into their dialogs, too. */
    @POST
    @Path("/{aid}/link")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.ASSISTANT})
    public AttachmentService.LinkView link(@PathParam("id") long id, @PathParam("aid") String attachmentId) {
        return attachments.linkForStaff(caller, id, attachmentId);
    }
}
