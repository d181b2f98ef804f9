package io.switchboard.systemtests;

import io.switchboard.launcher.LocalSystem;
import java.nio.file.Path;

/**
 * One running system for all the cross-service tests of a JVM: PostgreSQL, Redis and the three
 * services as processes on free ports. Starting it takes seconds, so the tests share it; each test
 * makes its own assistants, operators and dialogs and never depends on another's data.
 *
 * <p>{@link #twin()} is a second system set up exactly like it, for the browser scenarios of
 * {@link BrowserEndToEndIT}'s second lane: those scenarios share the dev profile's demo assistant, its
 * demo bot and its operator, so two files at once need two systems to stay out of each other's way.
 */
final class SharedSystem {
    private static LocalSystem system;
    private static LocalSystem twin;

    private SharedSystem() {
    }

    static synchronized LocalSystem get() {
        if (system == null) {
            system = started(projectDir().resolve("system-tests/target/service-logs"));
            Runtime.getRuntime().addShutdownHook(new Thread(system::close, "system-tests-stop"));
        }
        return system;
    }

    /** The second system with the shared one's settings and logs of its own; started on first use. */
    static LocalSystem twin() {
        synchronized (SharedSystem.class) {
            if (twin != null) {
                return twin;
            }
        }
        // started outside the lock, so get() callers are not held up meanwhile
        LocalSystem started = started(projectDir().resolve("system-tests/target/service-logs/twin"));
        synchronized (SharedSystem.class) {
            if (twin == null) {
                twin = started;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-tests-twin-stop"));
                return twin;
            }
        }
        started.close();
        return twin();
    }

    /** The twin if a test of this JVM started it, else null (nothing is started for asking). */
    static synchronized LocalSystem twinIfStarted() {
        return twin;
    }

    private static LocalSystem started(Path logDir) {
        return LocalSystem.builder(projectDir())
                .freePorts()
                .logDir(logDir)
                .serviceEnv("SWITCHBOARD_DELIVERY_SWEEP_INTERVAL", "1s")
                // every connection's lines (DEBUG by default), so ZeroCredentialsInLogsIT scans them for credentials
                .serviceEnv("SWITCHBOARD_CONNECTIONS_LOG_EACH_CONNECTION", "true")
                // the tests pump messages as one guest faster than a person types
                .serviceEnv("SWITCHBOARD_LIMITS_GUEST_MESSAGES_PER_MINUTE", "100000")
                // every test client is 127.0.0.1: the per-address limits are LimitsIT's business (its own system)
                .serviceEnv("SWITCHBOARD_LIMITS_ENABLED", "false")
                // dev profile: the demo bot is subscribed; browser-tests switch its endpoint on only for its scenario
                .start();
    }

    static Path projectDir() {
        return Path.of(System.getProperty("switchboard.home", "..")).toAbsolutePath().normalize();
    }
}
