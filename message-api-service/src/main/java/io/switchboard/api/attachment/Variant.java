package io.switchboard.api.attachment;

import java.util.Locale;

/** Which bytes of an attachment a link is for. */
public enum Variant {
    ORIGINAL, THUMBNAIL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} or {@code original} → original; {@code thumbnail}; anything else is empty. */
    public static java.util.Optional<Variant> parse(String value) {
        if (value == null || value.isEmpty() || "original".equals(value)) {
            return java.util.Optional.of(ORIGINAL);
        }
        return "thumbnail".equals(value) ? java.util.Optional.of(THUMBNAIL) : java.util.Optional.empty();
    }
}
