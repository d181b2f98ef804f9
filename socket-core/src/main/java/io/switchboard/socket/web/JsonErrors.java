package io.switchboard.socket.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventCodec;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Writes the project's error shape {@code {"error","message"}} on a Vert.x route. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** Ends the response with {@code status} and the error body. */
    public static void send(RoutingContext ctx, int status, String error, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("error", error);
        n.put("message", message);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(n.toString());
    }
}
