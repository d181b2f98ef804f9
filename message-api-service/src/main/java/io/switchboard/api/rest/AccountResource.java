package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.DirectoryService;
import io.switchboard.api.service.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.RestResponse;

/** The account lifecycle: passwords, sign-out, deactivation, membership removal, assistant token rotation. */
@Path("/api")
@RolesAllowed(Roles.ADMIN)
public class AccountResource {
    @Inject
    Caller caller;
    @Inject
    DirectoryService accounts;

    @POST
    @Path("/auth/password")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Views.Login changePassword(@Valid @NotNull(message = "The request needs a JSON body, for example {\"old_password\": \"…\", \"new_password\": \"…\"}.") Bodies.PasswordChange body) {
        return accounts.changeOwnPassword(caller, body.oldPassword(), body.newPassword());
    }

    @POST
    @Path("/auth/logout")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public RestResponse<Void> logout() {
        accounts.logout(caller);
        return RestResponse.noContent();
    }

    @GET
    @Path("/users")
    public Views.Users users() {
        return accounts.list();
    }

    @POST
    @Path("/users/{id}/password")
    public Views.User resetPassword(@PathParam("id") long userId, @Valid @NotNull(message = "The request needs a JSON body, for example {\"password\": \"…\"}.") Bodies.PasswordReset body) {
        return accounts.resetPassword(caller, userId, body.password());
    }

    @POST
    @Path("/users/{id}/deactivate")
    public Views.User deactivate(@PathParam("id") long userId) {
        return accounts.setActive(caller, userId, false);
    }

    @POST
    @Path("/users/{id}/activate")
    public Views.User activate(@PathParam("id") long userId) {
        return accounts.setActive(caller, userId, true);
    }

    @DELETE
    @Path("/assistants/{id}/members/{userId}")
    public RestResponse<Void> removeMember(@PathParam("id") long assistantId, @PathParam("userId") long userId) {
        accounts.removeMember(assistantId, userId);
        return RestResponse.noContent();
    }

    @POST
    @Path("/assistants/{id}/token/rotate")
    public RestResponse<Views.AssistantToken> rotateAssistantToken(@PathParam("id") long assistantId) {
        return RestResponse.status(RestResponse.Status.CREATED, accounts.rotateAssistantToken(assistantId));
    }

    @DELETE
    @Path("/assistants/{id}/token")
    public RestResponse<Void> revokeAssistantToken(@PathParam("id") long assistantId) {
        accounts.revokeAssistantToken(assistantId);
        return RestResponse.noContent();
    }
}
