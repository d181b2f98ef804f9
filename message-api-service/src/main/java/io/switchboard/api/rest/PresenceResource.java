package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.presence.PresenceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' presence (docs/presence.md): {@code GET /api/presence?assistant_id=} lists an assistant's members with
 * {@code online}, {@code away} or {@code offline}; {@code PUT /api/presence/me} sets the caller away by hand or back;
 * {@code POST /api/presence/me/activity} reports a person at the keyboard (the dashboard sends it at most once a
 * minute while there is keyboard, mouse or focus activity), without which an operator turns away after
 * {@code switchboard.presence.idle-after}.
 */
@Path("/api/presence")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class PresenceResource {
    @Inject
    Caller caller;
    @Inject
    PresenceService presence;

    /** {@code PUT /api/presence/me}. */
    public record SetState(@NotNull(message = "state is required: \"online\" or \"away\".")
                           @Pattern(regexp = "online|away", message = "state must be \"online\" or \"away\".")
                           String state) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.ASSISTANT})
    public PresenceService.AssistantPresence list(@QueryParam("assistant_id") Long assistantId) {
        return presence.of(caller, assistantId);
    }

    @GET
    @Path("/me")
    public PresenceService.Mine me() {
        return presence.me(caller);
    }

    @PUT
    @Path("/me")
    public PresenceService.Mine set(@Valid @NotNull(message = "The request needs a JSON body, for example"
            + " {\"state\": \"away\"}.") SetState body) {
        return presence.set(caller, body.state());
    }

    @POST
    @Path("/me/activity")
    public PresenceService.Mine activity() {
        return presence.activity(caller);
    }
}
