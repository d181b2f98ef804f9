package io.switchboard.api.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Reads the body of every API request that carries one on the event loop, before the request reaches its
 * (blocking) endpoint. Without it, RESTEasy Reactive hands a blocking endpoint a stream that the worker thread
 * reads by waiting for the event loop to pass each chunk and then the end of the request: two thread hand-offs
 * per post, which cost about an eighth of message-api's CPU under chat load (docs/performance.md). With the body
 * already read, the endpoint gets it as an in-memory stream. Bodies are small: at most
 * {@code switchboard.http.max-json-body-size} (64K), larger is 413. Attachment uploads ({@code …/attachments},
 * multipart up to {@code quarkus.http.limits.max-body-size}) are left to the multipart reader, which writes the file
 * to the uploads directory instead of memory ({@link AttachmentUploadLimit} answers a too-large one first).
 */
@ApplicationScoped
public class BufferedBodies {
    @Inject
    HttpBodyConfig config;

    void register(@Observes Router router) {
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxJsonBodySize().asLongValue());
        router.route().pathRegex("/api/.*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                // Right after the upload limit, before every endpoint.
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(rc -> {
                    if (hasBody(rc.request()) && !AttachmentUploadLimit.isUpload(rc.normalizedPath())) {
                        bodies.handle(rc);
                    } else {
                        // Nothing to read; the endpoint answers a missing body as before.
                        rc.next();
                    }
                });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !"0".equals(length.trim()) : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }
}
