package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.launcher.LocalSystem;
import io.switchboard.launcher.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./switchboard admin}, run as the script runs it (the launcher's main in its own JVM) against the test
 * system's real PostgreSQL: the accounts it makes sign in through message-api.
 */
class AdminCommandIT {

    record Run(int exit, String output) {
    }

    private static Run admin(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path project = SharedSystem.projectDir();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                "launcher/target/launcher.jar:launcher/target/lib/*", "io.switchboard.launcher.Switchboard", "admin"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        pb.environment().putAll(env);
        // stdin is a pipe, not a terminal: the command must not wait for a typed password
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("admin command finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> database(LocalSystem system) {
        Map<String, String> env = new HashMap<>();
        for (String k : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD")) {
            env.put(k, system.serviceEnvironment().get(k));
        }
        return env;
    }

    @Test
    void createsAnAdminWhoSignsInAndResetsAPasswordFromAFile() throws Exception {
        LocalSystem system = SharedSystem.get();
        Api api = new Api(system.url(ServiceSpec.MESSAGE_API));
        String name = "first-admin-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = database(system);
        env.put("FIRST_ADMIN_PASSWORD", "correct horse battery");

        Run created = admin(env, "create-user", name, "--display-name", "First Admin",
                "--password-env", "FIRST_ADMIN_PASSWORD");
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(created.output()).contains("Created admin \"" + name + "\"");
        String token = api.login(name, "correct horse battery");
        assertThat(api.call("GET", "/api/users", token, null).status()).as("an admin lists users").isEqualTo(200);

        Run again = admin(env, "create-user", name, "--password-env", "FIRST_ADMIN_PASSWORD");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.output()).contains("exists already").contains("reset-password");

        Path file = Files.createTempFile("new-password", ".txt");
        Files.writeString(file, "a brand new secret\n");
        Run reset = admin(env, "reset-password", name, "--password-file", file.toString());
        assertThat(reset.exit()).as(reset.output()).isZero();
        assertThat(api.call("POST", "/api/auth/login", null, Map.of("username", name,
                "password", "correct horse battery")).status()).isEqualTo(401);
        assertThat(api.call("GET", "/api/users", token, null).status()).as("the old session ended").isEqualTo(401);
        assertThat(api.login(name, "a brand new secret")).isNotBlank();
        Files.delete(file);
    }

    @Test
    void refusesWithoutATerminalADatabaseOrAStrongEnoughPasswordAndChangesNothing() throws Exception {
        LocalSystem system = SharedSystem.get();
        Map<String, String> env = database(system);
        String name = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        Run noTerminal = admin(env, "create-user", name);
        assertThat(noTerminal.exit()).isEqualTo(2);
        assertThat(noTerminal.output()).contains("--password-file").contains("--password-env");

        Run noDatabase = admin(Map.of("PW", "long enough secret"), "create-user", name, "--password-env", "PW");
        assertThat(noDatabase.exit()).isEqualTo(2);
        assertThat(noDatabase.output()).contains("QUARKUS_DATASOURCE_JDBC_URL");

        env.put("PW", "short");
        Run weak = admin(env, "create-user", name, "--password-env", "PW");
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.output()).contains("at least 8 characters");

        Api api = new Api(system.url(ServiceSpec.MESSAGE_API));
        assertThat(api.call("POST", "/api/auth/login", null, Map.of("username", name, "password", "short")).status())
                .isEqualTo(401);
    }
}
