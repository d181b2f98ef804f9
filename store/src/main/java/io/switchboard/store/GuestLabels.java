package io.switchboard.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The label shown for a guest wherever staff or logs see one: {@code guest-} and the first 8 hex digits of the
 * MD5 of its guest id. The same formula is the generated column {@code dialogs.guest_label} (V2), so a label
 * read from a row and one computed here agree. The label is stable and reveals nothing usable: a guest proves
 * who it is only with its {@code guest_token}.
 */
public final class GuestLabels {
    private GuestLabels() {
    }

    public static String of(String guestId) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(guestId.getBytes(StandardCharsets.UTF_8));
            return "guest-" + HexFormat.of().formatHex(d).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
