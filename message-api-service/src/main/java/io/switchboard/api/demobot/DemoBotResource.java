package io.switchboard.api.demobot;

import io.switchboard.api.service.ApiException;
import io.switchboard.events.WebhookSignature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** The demo bot's webhook receiver; 404 unless the demo bot runs (dev profile). */
@Path(DemoBot.PATH)
public class DemoBotResource {
    @Inject
    DemoBot bot;

    @POST
    @Consumes(MediaType.WILDCARD)
    public RestResponse<Void> receive(@HeaderParam(WebhookSignature.HEADER) String signature,
                                      @HeaderParam(WebhookSignature.KIND_HEADER) String kind, String body) {
        if (!bot.enabled()) {
            throw ApiException.notFound("not_found", "The demo bot runs only in the local run (dev profile).");
        }
        if (body == null || !bot.receive(signature, kind, body)) {
            throw ApiException.unauthorized("bad_signature", "The X-Switchboard-Signature does not verify.");
        }
        return RestResponse.noContent();
    }
}
