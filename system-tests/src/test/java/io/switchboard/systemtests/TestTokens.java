package io.switchboard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens an attacker (or a careless integrator) would bring, minted by hand: signed with the key the
 * test system trusts but with wrong claims, signed with another key, unsigned ({@code alg: none}), or
 * HMAC-signed with the public key as the secret (the classic RS256/HS256 confusion).
 */
final class TestTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    /** Claims of a valid operator token of {@code userId}, expiring at {@code exp}. */
    static Map<String, Object> claims(long userId, String role, Instant exp) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "switchboard");
        c.put("aud", "switchboard");
        c.put("sub", Long.toString(userId));
        c.put("upn", "user" + userId);
        c.put("groups", List.of(role));
        c.put("iat", Instant.now().minusSeconds(5).getEpochSecond());
        c.put("exp", exp.getEpochSecond());
        return c;
    }

    /** RS256 with the dev private key the test system verifies against. */
    static String devSigned(Map<String, Object> claims) {
        return rs256(claims, devPrivateKey());
    }

    /** RS256 with a freshly generated key nobody trusts. */
    static String otherKeySigned(Map<String, Object> claims) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return rs256(claims, g.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature. */
    static String unsigned(Map<String, Object> claims) {
        return part(Map.of("alg", "none", "typ", "JWT")) + "." + part(claims) + ".";
    }

    /** HS256 keyed with the bytes of the server's public key PEM. */
    static String hs256WithPublicKey(Map<String, Object> claims) {
        try {
            String signingInput = part(Map.of("alg", "HS256", "typ", "JWT")) + "." + part(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Files.readAllBytes(devKey("jwt-public.pem")), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rs256(Map<String, Object> claims, PrivateKey key) {
        try {
            String signingInput = part(Map.of("alg", "RS256", "typ", "JWT")) + "." + part(claims);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, ?> json) {
        try {
            return B64.encodeToString(Api.JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey devPrivateKey() {
        try {
            String pem = Files.readString(devKey("jwt-private.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair the test systems run with: generated per install under .switchboard/keys, like ./switchboard up. */
    private static Path devKey(String name) {
        return io.switchboard.launcher.JwtKeys.ensure(SharedSystem.projectDir().resolve(".switchboard/keys")).resolve(name);
    }
}
