package io.switchboard.api.rest;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.switchboard.api.TestApi;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may call each route of the resources that state their usual roles once on the class and only the exceptions
 * on a method: an operator is refused the admin-only routes (403), allowed the staff ones, the assistant token reads
 * presence only, only a service token publishes, and the public site-token check needs no token at all.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class RolesPerRouteTest {
    private enum Who { ANONYMOUS, OPERATOR, ASSISTANT, ADMIN }

    private record Route(String method, String path) {
        int status(RequestSpecification request) {
            return request.request(method, path).statusCode();
        }
    }

    @Test
    void eachRouteAdmitsExactlyTheRolesItAlwaysDid() {
        long assistant = createAssistant(unique("roles"));
        String operator = createOperator("Roles operator", assistant).token();
        String bot = as(admin()).post("/api/assistants/" + assistant + "/token").then().statusCode(201)
                .extract().path("access_token");
        long someone = createOperator("Someone").id();

        List<Route> adminOnly = List.of(
                new Route("GET", "/api/users"),
                new Route("POST", "/api/users"),
                new Route("POST", "/api/users/" + someone + "/password"),
                new Route("POST", "/api/users/" + someone + "/deactivate"),
                new Route("POST", "/api/users/" + someone + "/activate"),
                new Route("POST", "/api/assistants"),
                new Route("POST", "/api/assistants/" + assistant + "/members"),
                new Route("DELETE", "/api/assistants/" + assistant + "/members/" + someone),
                new Route("POST", "/api/assistants/" + assistant + "/token"),
                new Route("POST", "/api/assistants/" + assistant + "/token/rotate"),
                new Route("DELETE", "/api/assistants/" + assistant + "/token"),
                new Route("GET", "/api/widgets"),
                new Route("POST", "/api/widgets"),
                new Route("PUT", "/api/widgets/1"),
                new Route("DELETE", "/api/widgets/1"),
                new Route("GET", "/api/users/emails"),
                new Route("PUT", "/api/users/" + someone + "/email"));
        List<Route> staff = List.of(
                new Route("POST", "/api/auth/password"),
                new Route("GET", "/api/assistants"),
                new Route("GET", "/api/notifications"),
                new Route("POST", "/api/notifications/1/read"),
                new Route("POST", "/api/notifications/read"),
                new Route("GET", "/api/presence/me"),
                new Route("PUT", "/api/presence/me"),
                new Route("POST", "/api/presence/me/activity"),
                new Route("GET", "/api/account/email"),
                new Route("PUT", "/api/account/email"));
        // Issued by the assistant's admins: an operator that is one gets past the role check.
        TestApi.Operator assistantAdmin = createOperator("Roles assistant admin");
        as(admin()).body(Map.of("user_id", assistantAdmin.id(), "role", "admin"))
                .post("/api/assistants/" + assistant + "/members").then().statusCode(204);
        Route serviceTokens = new Route("POST", "/api/assistants/" + assistant + "/service-tokens");
        Route presence = new Route("GET", "/api/presence?assistant_id=" + assistant);
        List<Route> serviceOnly = List.of(
                new Route("POST", "/api/publish/notifications"),
                new Route("POST", "/api/publish/dialogs/1/system-messages"));

        List<String> wrong = new ArrayList<>();
        for (Route r : adminOnly) {
            expect(wrong, r, Who.ANONYMOUS, json(), 401);
            expect(wrong, r, Who.OPERATOR, as(operator), 403);
            expect(wrong, r, Who.ASSISTANT, as(bot), 403);
        }
        expect(wrong, adminOnly.get(0), Who.ADMIN, as(admin()), 200);
        expect(wrong, adminOnly.get(11), Who.ADMIN, as(admin()), 200);
        for (Route r : staff) {
            expect(wrong, r, Who.ANONYMOUS, json(), 401);
            expectAdmitted(wrong, r, Who.OPERATOR, as(operator));
            expect(wrong, r, Who.ASSISTANT, as(bot), 403);
        }
        expect(wrong, serviceTokens, Who.ANONYMOUS, json(), 401);
        expect(wrong, serviceTokens, Who.OPERATOR, as(assistantAdmin.token()), 201);
        expect(wrong, serviceTokens, Who.ASSISTANT, as(bot), 403);
        expect(wrong, presence, Who.ANONYMOUS, json(), 401);
        expect(wrong, presence, Who.OPERATOR, as(operator), 200);
        expect(wrong, presence, Who.ASSISTANT, as(bot), 200);
        for (Route r : serviceOnly) {
            expect(wrong, r, Who.ANONYMOUS, json(), 401);
            expect(wrong, r, Who.OPERATOR, as(operator), 403);
            expect(wrong, r, Who.ADMIN, as(admin()), 403);
        }
        Route check = new Route("POST", "/api/validate-widget-token");
        expectAdmitted(wrong, check, Who.ANONYMOUS, json().body("{\"token\": \"st_unknown\", \"domain\": \"a.example\"}"));
        assertThat(wrong).isEmpty();
    }

    private static void expect(List<String> wrong, Route r, Who who, RequestSpecification request, int status) {
        int got = r.status(request);
        if (got != status) {
            wrong.add(who + " " + r.method() + " " + r.path() + ": " + got + ", expected " + status);
        }
    }

    /** Past the role check: whatever the route answers next (200, 400 for a missing body, 404), not 401 or 403. */
    private static void expectAdmitted(List<String> wrong, Route r, Who who, RequestSpecification request) {
        int got = r.status(request);
        if (got == 401 || got == 403) {
            wrong.add(who + " " + r.method() + " " + r.path() + ": " + got + ", expected to be let through");
        }
    }
}
