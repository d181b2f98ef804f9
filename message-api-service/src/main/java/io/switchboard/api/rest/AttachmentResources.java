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
 * Attachments on every path: operators' ({@link StaffAttachmentResource}), the two guest paths
 * ({@link GuestDialogResource}), and the download a signed link names
 * ({@link AttachmentDownloadResource}). Uploads are {@code multipart/form-data} with the file in the part
 * {@code file} and an optional {@code client_msg_id}; the answer is the message that carries the attachment (201,
 * or 200 for a repeated {@code client_msg_id}).
 */
final class AttachmentResources {
    private AttachmentResources() {
    }

    static AttachmentService.Upload toUpload(FileUpload file, String clientMsgId) {
        return file == null ? null : new AttachmentService.Upload(file.uploadedFile(), file.fileName(), file.size(),
                clientMsgId);
    }
}
