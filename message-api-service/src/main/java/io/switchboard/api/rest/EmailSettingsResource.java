package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.email.OperatorEmails;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Where an operator's alerts about waiting dialogs go (issue 14): the operator's own, or any account's for an admin. */
@Path("/api")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class EmailSettingsResource {
    @Inject
    Caller caller;
    @Inject
    OperatorEmails emails;

    @GET
    @Path("/account/email")
    public OperatorEmails.Settings own() {
        return emails.get(caller.userId());
    }

    @PUT
    @Path("/account/email")
    public OperatorEmails.Settings setOwn(@HeaderParam("Accept-Language") String acceptLanguage, OperatorEmails.Body body) {
        return emails.set(caller.userId(), body, acceptLanguage);
    }

    @GET
    @Path("/users/emails")
    @RolesAllowed(Roles.ADMIN)
    public OperatorEmails.AllSettings all() {
        return emails.all();
    }

    @PUT
    @Path("/users/{id}/email")
    @RolesAllowed(Roles.ADMIN)
    public OperatorEmails.Settings set(@PathParam("id") long userId, OperatorEmails.Body body) {
        return emails.set(userId, body, null);
    }
}
