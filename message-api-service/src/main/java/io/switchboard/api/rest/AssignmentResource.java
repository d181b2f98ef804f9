package io.switchboard.api.rest;

import io.switchboard.api.assign.AssignmentPolicy;
import io.switchboard.api.assign.AssignmentService;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * An assistant's automatic assignment (docs/operators.md, "Assignment"); assigning a dialog itself is
 * {@code POST /api/dialogs/{id}/assign} in {@link DialogResource}.
 */
@Path("/api")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class AssignmentResource {
    @Inject
    Caller caller;
    @Inject
    AssignmentService assignment;

    /** {@code POST /api/dialogs/{id}/assign}. */
    public record Assign(@NotNull(message = "user_id is required: the id of the member to give the dialog to.")
                         Long userId) {
    }

    /** {@code PUT /api/assistants/{id}/assignment}; absent fields stay as they are. */
    public record PolicyChange(Boolean enabled,
                               @Min(value = 1, message = "max_open_per_operator must be between 1 and "
                                       + AssignmentPolicy.MAX_OPEN_LIMIT + ".")
                               @Max(value = AssignmentPolicy.MAX_OPEN_LIMIT, message = "max_open_per_operator must be"
                                       + " between 1 and " + AssignmentPolicy.MAX_OPEN_LIMIT + ".")
                               Integer maxOpenPerOperator) {
    }

    @GET
    @Path("/assistants/{assistant}/assignment")
    public AssignmentService.Policy policy(@PathParam("assistant") long assistantId) {
        return assignment.policy(caller, assistantId);
    }

    @PUT
    @Path("/assistants/{assistant}/assignment")
    public AssignmentService.Policy update(@PathParam("assistant") long assistantId,
                                           @Valid @NotNull(message = "The request needs a JSON body, for example"
                                                   + " {\"enabled\": true, \"max_open_per_operator\": 3}.") PolicyChange body) {
        return assignment.updatePolicy(caller, assistantId, body.enabled(), body.maxOpenPerOperator());
    }
}
