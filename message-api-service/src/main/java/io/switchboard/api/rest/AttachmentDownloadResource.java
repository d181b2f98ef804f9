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
 * The bytes of a signed link. Only PNG, JPEG, GIF and WebP are {@code inline}; everything else is
 * {@code attachment}. A sandboxing CSP here, and {@code X-Content-Type-Options: nosniff} as on every answer
 * (FrameAncestors), so nothing served here runs.
 */
@Path("/api/attachments")
@PermitAll
public class AttachmentDownloadResource {
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
