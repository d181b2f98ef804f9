package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.CannedReplyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

/** An assistant's canned replies: its members read them (the composer's {@code /} picker), its admins manage them. */
@Path("/api/assistants/{assistant}/canned-replies")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class CannedReplyResource {
    private static final String NEEDS_BODY = "The request needs a JSON body, for example"
            + " {\"name\": \"refund\", \"text\": \"Your refund is on its way.\"}.";

    @Inject
    Caller caller;
    @Inject
    CannedReplyService replies;

    @GET
    public CannedReplyService.Listing list(@PathParam("assistant") long assistantId, @QueryParam("q") String q,
                                           @QueryParam("limit") Integer limit) {
        return replies.list(caller, assistantId, q, limit);
    }

    @POST
    public RestResponse<CannedReplyService.View> create(@PathParam("assistant") long assistantId,
                                                        @Valid @NotNull(message = NEEDS_BODY) Bodies.CannedReply body) {
        return RestResponse.status(RestResponse.Status.CREATED,
                replies.create(caller, assistantId, body.name(), body.text()));
    }

    @PUT
    @Path("/{id}")
    public CannedReplyService.View update(@PathParam("assistant") long assistantId, @PathParam("id") long id,
                                          @Valid @NotNull(message = NEEDS_BODY) Bodies.CannedReply body) {
        return replies.update(caller, assistantId, id, body.name(), body.text());
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> delete(@PathParam("assistant") long assistantId, @PathParam("id") long id) {
        replies.delete(caller, assistantId, id);
        return RestResponse.noContent();
    }
}
