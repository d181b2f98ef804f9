package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceProcess;
import io.switchboard.launcher.ServiceSpec;
import io.switchboard.infra.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * No private key in any service jar (so in no image either: Jib copies these jars), and a service in the prod
 * profile refuses to start with a key published in the repository, saying what to do.
 */
class KeysIT {
    private static final byte[] PRIVATE_KEY = "PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII);
    /**
     * A PEM private key block with a body: libraries (Netty, Vert.x) carry the header as a string constant in
     * their classes, which is no key.
     */
    private static final java.util.regex.Pattern PEM_BLOCK = java.util.regex.Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\sA-Za-z0-9+/=]{64,}-----END [A-Z ]*PRIVATE KEY-----");

    @Test
    void noServiceJarCarriesAPrivateKey() throws IOException {
        Path root = SharedSystem.projectDir();
        List<Path> jars = new ArrayList<>();
        for (ServiceSpec s : ServiceSpec.values()) {
            Path app = root.resolve(s.module()).resolve("target/quarkus-app");
            assertThat(app).as("%s is packaged", s.module()).isDirectory();
            try (Stream<Path> files = Files.walk(app)) {
                files.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
            }
        }
        assertThat(jars).as("the services' app and lib jars").hasSizeGreaterThan(30);
        List<String> found = new ArrayList<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    // Every file in every jar, and the classes of Switchboard's own jars. Third-party classes may
                    // hold a PEM as a constant of their own (Netty probes OpenSSL with a built-in throw-away key);
                    // that is not a key of this installation.
                    if (e.isDirectory() || (e.getName().endsWith(".class") && !ours(jar))) {
                        continue;
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        byte[] bytes = in.readAllBytes();
                        if (contains(bytes, PRIVATE_KEY)
                                && PEM_BLOCK.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).find()) {
                            found.add(root.relativize(jar) + "!/" + e.getName());
                        }
                    }
                }
            }
        }
        assertThat(found).as("jar entries holding a PEM private key").isEmpty();
        // The check would see one: the tests' own key is such a block.
        assertThat(PEM_BLOCK.matcher(Files.readString(root.resolve(
                "message-api-service/src/test/resources/dev/jwt-private.pem"))).find()).isTrue();
    }

    @Test
    void aProdServiceRefusesAKeyPublishedInTheRepository() throws Exception {
        LocalSystem system = SharedSystem.get();
        Path testKeys = SharedSystem.projectDir().resolve("message-api-service/src/test/resources/dev");
        for (ServiceSpec spec : List.of(ServiceSpec.MESSAGE_API, ServiceSpec.ADMIN_WS)) {
            Map<String, String> env = new HashMap<>(system.serviceEnvironment());
            env.put("QUARKUS_PROFILE", "prod");
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", testKeys.resolve("jwt-public.pem").toString());
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", testKeys.resolve("jwt-private.pem").toString());
            ServiceProcess p = ServiceProcess.start(SharedSystem.projectDir(), spec, spec.shortName() + "-repo-key",
                    FreePorts.find(), env, List.of("-Xmx256m"),
                    SharedSystem.projectDir().resolve("system-tests/target/service-logs"), null, false);
            try {
                Process exited = p.onExit().get(90, TimeUnit.SECONDS);
                assertThat(exited.exitValue()).as("%s exit code", spec.module()).isNotZero();
                // The output is copied to the log by a reader thread: it may land a moment after the exit.
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.readString(p.logFile()).contains("refusing to start"));
                String log = Files.readString(p.logFile());
                assertThat(log).as(spec.module() + " says why and what to do")
                        .contains("refusing to start in the prod profile")
                        .contains("published in the Switchboard repository")
                        .contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            } finally {
                p.stop(Duration.ofSeconds(5));
            }
        }
    }

    private static boolean ours(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith("io.switchboard.") || jar.getParent().getFileName().toString().equals("app")
                || name.equals("quarkus-run.jar");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
