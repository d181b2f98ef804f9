package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A file or image sent into a dialog, as it rides inside its message ({@code message.attachment}). The bytes are
 * never here: a client asks for a short-lived signed link with the attachment's {@code id}.
 *
 * @param contentType the type sniffed from the content when it was uploaded, never the name's
 * @param width       image width in pixels ({@code null} for files that are not images, or an unreadable image)
 * @param hasThumbnail whether a small preview exists (variant {@code thumbnail} of the link)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttachmentPayload(String id, String name, String contentType, long size, Integer width, Integer height,
        boolean hasThumbnail) {
}
