package io.switchboard.events;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * RSA keys whose private half is published in this repository (the tests' key and the Kubernetes dev overlay's
 * key): anyone can sign tokens with them, so a production service must never trust them. A key is named by its
 * fingerprint, the SHA-256 of its modulus ({@code BigInteger.toByteArray()}), the same for the public and the
 * private half. {@code RepositoryKeysTest} checks that every key file in the repository is listed here.
 */
public final class RepositoryKeys {
    /** Fingerprints of the published keys. */
    public static final Set<String> PUBLISHED = Set.of(
            // message-api-service/src/test/resources/dev (the former dev key, also the socket services' test key)
            "4609af67a161edc05f8e5d769a36862ef714ddab373aaf69f575a3c8393ee2c6",
            // k8s/overlays/dev/secrets/dev-only-jwt-*.pem
            "008fae8c6a75222da9297f9bb5ef8cb02bd803b02f27bd6a45e45a6df6a2f668");

    private RepositoryKeys() {
    }

    /** True when the PEM text holds a key published in the repository. */
    public static boolean isPublished(String pem) {
        return fingerprint(pem).map(PUBLISHED::contains).orElse(false);
    }

    /**
     * The fingerprint of an RSA key in PEM ({@code PUBLIC KEY}, or PKCS#8 {@code PRIVATE KEY}) or bare base64;
     * empty when the text is not such a key (a JWK, a placeholder).
     */
    public static Optional<String> fingerprint(String pem) {
        if (pem == null) {
            return Optional.empty();
        }
        boolean isPrivate = pem.contains("PRIVATE KEY");
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            BigInteger modulus = isPrivate
                    ? ((RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der))).getModulus()
                    : ((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der))).getModulus();
            return Optional.of(sha256(modulus.toByteArray()));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What a service says when it refuses to start with a published key. */
    public static String refusal(String setting) {
        return "refusing to start in the prod profile: the JWT key in " + setting + " is published in the Switchboard"
                + " repository (a test or dev key), so anyone could sign admin tokens with it. Generate a key pair for"
                + " this installation (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem;"
                + " openssl pkey -in jwt-private.pem -pubout -out jwt-public.pem), give message-api"
                + " SMALLRYE_JWT_SIGN_KEY_LOCATION and every service MP_JWT_VERIFY_PUBLICKEY_LOCATION, and restart"
                + " (docs/operations.md, \"JWT keys\").";
    }

    /**
     * Fails with {@link #refusal} when the key configured as {@code inline} (PEM text) or at {@code location} (a file
     * path, {@code file:} or {@code classpath:} URL, or a classpath resource) is published in the repository. A key
     * that cannot be read here is left to the JWT library, which reports it itself.
     */
    public static void refuseIfPublished(String setting, Optional<String> inline, Optional<String> location) {
        Optional<String> pem = inline.filter(v -> !v.isBlank()).or(() -> location.filter(v -> !v.isBlank())
                .flatMap(RepositoryKeys::read));
        if (pem.isPresent() && isPublished(pem.get())) {
            throw new IllegalStateException(refusal(setting));
        }
    }

    private static Optional<String> read(String location) {
        String l = location.trim();
        try {
            if (l.startsWith("classpath:")) {
                return resource(l.substring("classpath:".length()));
            }
            java.nio.file.Path file = java.nio.file.Path.of(l.startsWith("file:") ? java.net.URI.create(l).getPath() : l);
            if (java.nio.file.Files.isRegularFile(file)) {
                return Optional.of(java.nio.file.Files.readString(file, StandardCharsets.UTF_8));
            }
            return resource(l);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> resource(String name) throws java.io.IOException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (java.io.InputStream in = (cl == null ? RepositoryKeys.class.getClassLoader() : cl)
                .getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
