package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.DirectoryService;
import io.switchboard.api.service.NotificationService;
import io.switchboard.api.service.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

/** Users, assistants, memberships, assistant tokens and the caller's notifications. */
@Path("/api")
@RolesAllowed(Roles.ADMIN)
public class DirectoryResource {
    @Inject
    Caller caller;
    @Inject
    DirectoryService directory;
    @Inject
    NotificationService notifications;

    @POST
    @Path("/users")
    public RestResponse<Views.User> createUser(@Valid @NotNull(message = "The request needs a JSON body, for example"
            + " {\"username\": \"anna\", \"password\": \"…\", \"display_name\": \"Anna\", \"role\": \"operator\"}.")
            Bodies.NewUser body) {
        return RestResponse.status(RestResponse.Status.CREATED,
                directory.createUser(body.username(), body.password(), body.displayName(), body.role()));
    }

    @GET
    @Path("/assistants")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Views.Assistants assistants() {
        return directory.visibleAssistants(caller);
    }

    @POST
    @Path("/assistants")
    public RestResponse<Views.Assistant> createAssistant(@Valid @NotNull(message = "The request needs a JSON body, for example {\"name\": \"Support bot\"}.") Bodies.NewAssistant body) {
        return RestResponse.status(RestResponse.Status.CREATED, directory.createAssistant(body.name()));
    }

    @POST
    @Path("/assistants/{id}/members")
    public RestResponse<Void> addMember(@PathParam("id") long assistantId,
                                        @Valid @NotNull(message = "The request needs a JSON body, for example {\"user_id\": 2, \"role\": \"operator\"}.") Bodies.Member body) {
        directory.addMember(assistantId, body.userId(), body.role());
        return RestResponse.noContent();
    }

    @POST
    @Path("/assistants/{id}/token")
    public RestResponse<Views.AssistantToken> assistantToken(@PathParam("id") long assistantId) {
        return RestResponse.status(RestResponse.Status.CREATED, directory.assistantToken(assistantId));
    }

    @GET
    @Path("/notifications")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Views.Notifications notifications(@QueryParam("after") Long after, @QueryParam("limit") Integer limit,
                                             @QueryParam("order") String order) {
        return notifications.list(caller, after, limit, order);
    }

    @POST
    @Path("/notifications/{id}/read")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Views.NotificationsRead markNotificationRead(@PathParam("id") long id) {
        return notifications.markRead(caller, id);
    }

    @POST
    @Path("/notifications/read")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Views.NotificationsRead markNotificationsRead(Bodies.MarkNotificationsRead body) {
        return notifications.markAllRead(caller, body == null ? null : body.upToSeq());
    }
}
