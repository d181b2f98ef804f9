package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RepositoryKeysTest {

    /** Every key file committed anywhere in the repository (outside build output) is on the published list. */
    @Test
    void everyKeyInTheRepositoryIsKnownAsPublished() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> pems;
        try (Stream<Path> files = Files.walk(root)) {
            pems = files.filter(p -> p.toString().endsWith(".pem"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/")
                            && !p.toString().contains("/.switchboard/") && !p.toString().contains("/.git/"))
                    .toList();
        }
        assertThat(pems).isNotEmpty();
        int keys = 0;
        for (Path pem : pems) {
            String text = Files.readString(pem);
            if (RepositoryKeys.fingerprint(text).isPresent()) {
                keys++;
                assertThat(RepositoryKeys.isPublished(text)).as("%s is listed in RepositoryKeys.PUBLISHED", pem).isTrue();
            }
        }
        assertThat(keys).as("the tests' key pair and the dev overlay's").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aFreshKeyIsNotPublishedAndBothHalvesShareAFingerprint() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        var pair = g.generateKeyPair();
        String pub = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String priv = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertThat(RepositoryKeys.fingerprint(pub)).isPresent().isEqualTo(RepositoryKeys.fingerprint(priv));
        assertThat(RepositoryKeys.isPublished(pub)).isFalse();
        assertThat(RepositoryKeys.fingerprint("CHANGE_ME: placeholder")).isEmpty();
    }
}
