package io.switchboard.api.rest;

import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.DirectoryService;
import io.switchboard.api.service.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

/** {@code GET /api/assistants/{id}/members}: who belongs to an assistant, for the admin screens (admin only). */
@Path("/api")
@RolesAllowed(Roles.ADMIN)
public class AssistantMembersResource {
    @Inject
    DirectoryService directory;

    /** The members, by username. */
    public record Members(List<Views.User> members) {
    }

    @GET
    @Path("/assistants/{id}/members")
    public Members list(@PathParam("id") long assistantId) {
        return new Members(directory.members(assistantId));
    }
}
