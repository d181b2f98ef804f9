package io.switchboard.api.attachment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * Short-lived download links: {@code /api/attachments/{id}?variant=…&exp=…&sig=…}, where {@code sig} is the
 * HMAC-SHA256 of id, variant and expiry under a key every message-api replica shares
 * ({@code switchboard.attachments.link-secret}, or derived from the JWT signing key when that is unset). A link
 * names one attachment and one variant; it cannot be turned into another's.
 */
@ApplicationScoped
public class LinkSigner {
    private final byte[] key;
    private final AttachmentsConfig config;
    Clock clock = Clock.systemUTC();

    @Inject
    public LinkSigner(AttachmentsConfig config, Config all) {
        this.config = config;
        this.key = key(config.linkSecret(), all);
    }

    /** A signed link, valid for {@code switchboard.attachments.link-ttl}. */
    public Link sign(String id, Variant variant) {
        long exp = clock.instant().plus(config.linkTtl()).getEpochSecond();
        return new Link("/api/attachments/" + id + "?variant=" + variant.wire() + "&exp=" + exp + "&sig="
                + signature(id, variant, exp), exp);
    }

    /** Why a presented link is refused, or empty when it is valid now. */
    public Optional<String> check(String id, Variant variant, Long exp, String sig) {
        if (exp == null || sig == null || sig.isEmpty()) {
            return Optional.of("The link is incomplete: it needs exp and sig; ask for a new link.");
        }
        byte[] expected = signature(id, variant, exp).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("The link's signature does not match this attachment; ask for a new link.");
        }
        if (clock.instant().getEpochSecond() > exp) {
            return Optional.of("The link has expired; ask for a new link.");
        }
        return Optional.empty();
    }

    private String signature(String id, Variant variant, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "\n" + variant.wire() + "\n" + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The configured secret, or a key derived from the JWT signing key every replica already has. */
    private static byte[] key(Optional<String> secret, Config all) {
        byte[] material = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> signingKey(all));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("switchboard attachment links\n".getBytes(StandardCharsets.UTF_8));
            return sha.digest(material);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] signingKey(Config all) {
        Optional<String> inline = all.getOptionalValue("smallrye.jwt.sign.key", String.class);
        if (inline.isPresent() && !inline.get().isBlank()) {
            return inline.get().getBytes(StandardCharsets.UTF_8);
        }
        String location = all.getOptionalValue("smallrye.jwt.sign.key.location", String.class).orElseThrow(() ->
                new IllegalStateException("Attachment links need switchboard.attachments.link-secret or a JWT signing"
                        + " key (smallrye.jwt.sign.key.location) to derive it from."));
        String path = location.startsWith("file:") ? location.substring(5) : location;
        try {
            Path file = Path.of(path);
            if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
            String resource = path.startsWith("classpath:") ? path.substring(10) : path;
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the JWT signing key at " + location, e);
        }
        throw new IllegalStateException("cannot find the JWT signing key at " + location
                + " to derive attachment link keys from; set switchboard.attachments.link-secret");
    }

    /** A signed path (relative to the API's base URL) and its expiry in epoch seconds. */
    public record Link(String path, long expiresAt) {
    }
}
