package io.switchboard.systemtests;

import io.switchboard.launcher.LocalSystem;
import java.nio.file.Path;

/**
 * One running system for all the cross-service tests of a JVM: PostgreSQL, Redis and the three
 * services as processes on free ports. Starting it takes seconds, so the tests share it; each test
 * makes its own assistants, operators and dialogs and never depends on another's data.
 */
final class SharedSystem {
    private static LocalSystem system;

    private SharedSystem() {
    }

    static synchronized LocalSystem get() {
        if (system == null) {
            system = LocalSystem.builder(projectDir())
                    .freePorts()
                    .logDir(projectDir().resolve("system-tests/target/service-logs"))
                    .serviceEnv("SWITCHBOARD_DELIVERY_SWEEP_INTERVAL", "1s")
                    // every connection's lines (DEBUG by default), so ZeroCredentialsInLogsIT scans them for credentials
                    .serviceEnv("SWITCHBOARD_CONNECTIONS_LOG_EACH_CONNECTION", "true")
                    // the tests pump messages as one guest faster than a person types
                    .serviceEnv("SWITCHBOARD_LIMITS_GUEST_MESSAGES_PER_MINUTE", "100000")
                    // every test client is 127.0.0.1: the per-address limits are LimitsIT's business (its own system)
                    .serviceEnv("SWITCHBOARD_LIMITS_ENABLED", "false")
                    // dev profile: the demo bot is subscribed; browser-tests switch its endpoint on only for its scenario
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(system::close, "system-tests-stop"));
        }
        return system;
    }

    static Path projectDir() {
        return Path.of(System.getProperty("switchboard.home", "..")).toAbsolutePath().normalize();
    }
}
