package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A file or image sent into a dialog, as it rides inside its message ({@code message.attachment}). The bytes are
 * never here: a client asks for a short-lived signed link with the attachment's {@code id}.
 *
 * @param contentType the type sniffed from the content when it was uploaded, never the name's
 * @param width       image width in pixels ({@code null} for files that are not images, or an unreadable image)
 * @param hasThumbnail whether a small preview exists (variant {@code thumbnail} of the link)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttachmentPayload(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("size") long size,
        @JsonProperty("width") Integer width,
        @JsonProperty("height") Integer height,
        @JsonProperty("has_thumbnail") boolean hasThumbnail) {
}
