package io.switchboard.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Switchboard-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} with the
 * endpoint's secret, as Stripe signs its webhooks. A receiver recomputes it over the raw body and compares in
 * constant time, and rejects an old {@code t} to stop replays.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Switchboard-Signature";
    public static final String EVENT_ID_HEADER = "X-Switchboard-Event-Id";
    public static final String KIND_HEADER = "X-Switchboard-Event";
    public static final String DELIVERY_HEADER = "X-Switchboard-Delivery";

    private WebhookSignature() {
    }

    /** A fresh endpoint secret: {@code whsec_} and 32 random bytes. */
    public static String newSecret() {
        return Secrets.random("whsec_", 32);
    }

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, String body) {
        return new Signer(secret).header(unixSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs with one secret again and again without looking the MAC algorithm up and keying it each time (a sender
     * keeps one per endpoint and thread; not thread-safe). The body is the UTF-8 bytes that are sent.
     */
    public static final class Signer {
        private final Mac mac;

        public Signer(String secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }

        /** The header value for {@code body} sent at {@code unixSeconds}. */
        public String header(long unixSeconds, byte[] body) {
            return "t=" + unixSeconds + ",v1=" + hex(unixSeconds, body);
        }

        String hex(long unixSeconds, byte[] body) {
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        }
    }

    /** Whether {@code header} signs {@code body} with {@code secret}, made at most {@code toleranceSeconds} from now. */
    public static boolean verify(String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t == null || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        String expected = new Signer(secret).hex(t, body.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }
}
