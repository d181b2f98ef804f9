package io.switchboard.api.rest;

import io.switchboard.api.auth.Roles;
import io.switchboard.api.service.Views;
import io.switchboard.api.service.WidgetService;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;

/** Site widgets (admin) and the public site-token check. */
@Path("/api")
@RolesAllowed(Roles.ADMIN)
public class WidgetResource {
    @Inject
    WidgetService widgets;

    @POST
    @Path("/widgets")
    public RestResponse<Views.WidgetIssued> create(
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"assistant_id\": 1, \"allowed_domains\": [\"shop.example.com\"]}.") Bodies.NewWidget body) {
        return RestResponse.status(RestResponse.Status.CREATED, widgets.create(body.assistantId(), body.allowedDomains()));
    }

    @PUT
    @Path("/widgets/{id}")
    public Views.WidgetIssued changeDomains(@PathParam("id") long id,
            @Valid @NotNull(message = "The request needs a JSON body, for example {\"allowed_domains\": [\"shop.example.com\"]}.") Bodies.WidgetDomains body) {
        return widgets.changeDomains(id, body.allowedDomains());
    }

    @DELETE
    @Path("/widgets/{id}")
    public RestResponse<Void> delete(@PathParam("id") long id) {
        widgets.delete(id);
        return RestResponse.noContent();
    }

    @GET
    @Path("/widgets")
    public Views.Widgets list(@QueryParam("assistant_id") Long assistantId) {
        return widgets.list(assistantId);
    }

    @POST
    @Path("/validate-widget-token")
    @PermitAll
    public Views.TokenCheck validate(@Valid @NotNull(message = "The request needs a JSON body, for example {\"token\": \"st_…\", \"domain\": \"shop.example.com\"}.") Bodies.TokenCheck body) {
        return widgets.validate(body.token(), body.domain());
    }
}
