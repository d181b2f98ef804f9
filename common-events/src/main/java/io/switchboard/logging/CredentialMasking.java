package io.switchboard.logging;

import java.util.regex.Pattern;

/**
 * Masks credentials in text bound for a log: the values of {@code token=}, {@code site_token=},
 * {@code guest_token=}, {@code access_token=} (any parameter name ending in {@code token}), {@code ticket=} and
 * {@code password=}, the same names as JSON fields ({@code "guest_token": "…"}), and {@code Bearer} values.
 */
public final class CredentialMasking {
    /** What a masked value is replaced with. */
    public static final String MASK = "***";

    private static final Pattern PARAM = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])([A-Za-z_]*token|ticket|password)(=|%3D)([^&\\s\"',;)}\\]]+)");
    private static final Pattern JSON_FIELD = Pattern.compile(
            "(?i)(\"[A-Za-z_]*(?:token|ticket|password)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");

    private static final String[] MARKERS = {"token", "ticket", "password", "bearer"};

    private CredentialMasking() {
    }

    /**
     * True when the text names a credential at all (case-insensitive {@code token}, {@code ticket},
     * {@code password} or {@code bearer}): every pattern above needs one of these words, so a line without
     * any is returned as it is, without running a regular expression over it.
     */
    static boolean hasMarker(String text) {
        int n = text.length();
        for (int i = 0; i + 5 <= n; i++) {
            char c = (char) (text.charAt(i) | 0x20);
            if (c != 't' && c != 'p' && c != 'b') {
                continue;
            }
            for (String marker : MARKERS) {
                if (text.regionMatches(true, i, marker, 0, marker.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The text with every credential value replaced by {@value #MASK}; {@code null} stays {@code null}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty() || !hasMarker(text)) {
            return text;
        }
        String out = PARAM.matcher(text).replaceAll("$1$2" + MASK);
        out = JSON_FIELD.matcher(out).replaceAll("$1" + MASK + "$3");
        return BEARER.matcher(out).replaceAll("$1" + MASK);
    }

    /** True when {@link #mask} would change the text. */
    public static boolean containsCredential(String text) {
        return text != null && hasMarker(text) && (PARAM.matcher(text).find() || JSON_FIELD.matcher(text).find()
                || BEARER.matcher(text).find())
                && !text.equals(mask(text));
    }
}
