package io.switchboard.api.rest;

import io.switchboard.api.service.Views;
import io.switchboard.events.MessagePayload;
import org.jboss.resteasy.reactive.RestResponse;

/** Status codes that depend on what a call did: 201 for something new, 200 for a repeat. */
final class Responses {
    private Responses() {
    }

    static RestResponse<MessagePayload> posted(Views.Posted posted) {
        return posted.created() ? RestResponse.status(RestResponse.Status.CREATED, posted.message())
                : RestResponse.ok(posted.message());
    }

    static RestResponse<Views.GuestDialog> opened(Views.Opened opened) {
        return opened.created() ? RestResponse.status(RestResponse.Status.CREATED, opened.dialog())
                : RestResponse.ok(opened.dialog());
    }
}
