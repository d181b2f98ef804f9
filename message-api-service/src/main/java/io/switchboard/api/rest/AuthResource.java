package io.switchboard.api.rest;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.auth.Roles;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.service.AbuseLimits;
import io.switchboard.api.service.AuthService;
import io.switchboard.api.service.TicketService;
import io.switchboard.api.service.Views;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;

/** Login, socket tickets and the client configuration. */
@Path("/api")
public class AuthResource {
    @Inject
    AuthService auth;
    @Inject
    TicketService tickets;
    @Inject
    Caller caller;
    @Inject
    AbuseLimits limits;
    @Inject
    SwitchboardConfig config;

    @POST
    @Path("/auth/login")
    @PermitAll
    public Views.Login login(@Valid @NotNull(message = "The request needs a JSON body, for example {\"username\": \"admin\", \"password\": \"…\"}.") Bodies.Login body, @Context HttpServerRequest request) {
        return auth.login(body.username(), body.password(), limits.clientOf(request));
    }

    @POST
    @Path("/ws-ticket")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Views.Ticket ticket() {
        return tickets.issue(caller);
    }

    @GET
    @Path("/client-config")
    @PermitAll
    public Views.ClientConfig clientConfig() {
        return new Views.ClientConfig(SwitchboardConfig.urlOrSameOrigin(config.publicUrls().adminWsUrl()),
                SwitchboardConfig.urlOrSameOrigin(config.publicUrls().widgetWsUrl()), java.time.Instant.now());
    }
}
