package io.switchboard.api.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.switchboard.api.attachment.AttachmentsConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses an attachment upload whose declared length is over the limit before a byte of it is read, with the same
 * JSON 413 {@code file_too_large} the service gives after reading: the multipart framing may add up to
 * {@link #FRAMING} bytes to {@code switchboard.attachments.max-size}. Runs before Quarkus' own body limit
 * ({@code quarkus.http.limits.max-body-size}, which must be at least max-size + 1M), so a client learns the
 * attachment limit rather than a bare 413.
 */
@ApplicationScoped
public class AttachmentUploadLimit {
    /** Room for the multipart boundaries, part headers and the {@code client_msg_id} field. */
    static final long FRAMING = 64 * 1024;

    @Inject
    AttachmentsConfig config;

    /** An upload path: {@code /api/dialogs/{id}/attachments} and the two guest equivalents. */
    static boolean isUpload(String path) {
        return path != null && path.endsWith("/attachments");
    }

    void register(@Observes Router router) {
        router.route().pathRegex("/api/.*/attachments").method(HttpMethod.POST)
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long max = config.maxSize().asLongValue();
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                if (declared > max + FRAMING) {
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(new JsonObject().put("error", "file_too_large").put("message", "The upload is "
                                    + declared + " bytes; the file limit is " + max + " bytes.").encode());
                    return;
                }
            } catch (NumberFormatException e) {
                // Quarkus' own handling answers a malformed length.
            }
        }
        rc.next();
    }
}
