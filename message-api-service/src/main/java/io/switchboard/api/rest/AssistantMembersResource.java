package io.switchboard.api.rest;

import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

/** {@code GET /api/assistants/{id}/members}: who belongs to an assistant, for the admin screens (admin only). */
@Path("/api")
@RolesAllowed(Roles.ADMIN)
public class AssistantMembersResource {
    @Inject
    EntityManager em;

    /** The members, by username. */
    public record Members(List<Views.User> members) {
    }

    @GET
    @Path("/assistants/{id}/members")
    public Members list(@PathParam("id") long assistantId) {
        if (em.createNativeQuery("SELECT 1 FROM assistants WHERE id = ?1").setParameter(1, assistantId)
                .getResultList().isEmpty()) {
            throw ApiException.notFound("assistant_not_found", "There is no assistant with id " + assistantId + ".");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT u.id, u.username, u.display_name, u.role, u.active"
                        + " FROM assistant_members m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.assistant_id = ?1 ORDER BY u.username")
                .setParameter(1, assistantId).getResultList();
        return new Members(rows.stream().map(r -> new Views.User(((Number) r[0]).longValue(), (String) r[1],
                (String) r[2], (String) r[3], (Boolean) r[4])).toList());
    }
}
