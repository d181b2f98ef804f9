package io.switchboard.events;

import java.security.SecureRandom;
import java.util.Base64;

/** Random credentials: site tokens, guest tokens and webhook secrets are all made the same way. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code prefix} and {@code randomBytes} random bytes in URL-safe Base64 without padding. */
    public static String random(String prefix, int randomBytes) {
        byte[] b = new byte[randomBytes];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
