package io.switchboard.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The RS256 key pair a local system signs and verifies tokens with. No key ships in any jar: {@code ./switchboard up}
 * generates a pair once per install under {@code .switchboard/keys} (git-ignored, private key readable by its owner
 * only) and hands the services its locations.
 */
public final class JwtKeys {
    public static final String PRIVATE = "jwt-private.pem";
    public static final String PUBLIC = "jwt-public.pem";

    private JwtKeys() {
    }

    /** The pair in {@code dir}, generated first if it is not there yet; safe when several launchers race. */
    public static Path ensure(Path dir) {
        if (Files.isRegularFile(dir.resolve(PRIVATE)) && Files.isRegularFile(dir.resolve(PUBLIC))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempDirectory(dir, ".new-");
            write(staging);
            try {
                // The private key moves last: a reader that sees it sees the public key too.
                move(staging.resolve(PUBLIC), dir.resolve(PUBLIC));
                move(staging.resolve(PRIVATE), dir.resolve(PRIVATE));
            } finally {
                Files.deleteIfExists(staging.resolve(PUBLIC));
                Files.deleteIfExists(staging.resolve(PRIVATE));
                Files.deleteIfExists(staging);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JWT key pair under " + dir, e);
        }
    }

    /** A new pair in {@code dir}, replacing one that is there. */
    public static Path fresh(Path dir) {
        try {
            Files.createDirectories(dir);
            write(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JWT key pair under " + dir, e);
        }
    }

    /** The services' settings for the pair in {@code dir}. */
    public static Map<String, String> environment(Path dir) {
        return Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", dir.resolve(PUBLIC).toAbsolutePath().toString(),
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", dir.resolve(PRIVATE).toAbsolutePath().toString());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another launcher won the race: keep its key
        } catch (AtomicMoveNotSupportedException e) {
            if (!Files.exists(to)) {
                Files.move(from, to);
            }
        }
    }

    private static void write(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK cannot make RSA keys", e);
        }
        Files.writeString(dir.resolve(PUBLIC), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Path privateKey = dir.resolve(PRIVATE);
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's own permissions apply
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
