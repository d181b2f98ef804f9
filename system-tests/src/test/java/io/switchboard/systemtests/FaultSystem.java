package io.switchboard.systemtests;

import io.switchboard.launcher.LocalSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The system the fault tests break: separate from {@link SharedSystem}, so stopping PostgreSQL or
 * killing a node never disturbs the other tests, and started once for all fault test classes of the
 * JVM (the machine has two cores). Each test leaves it whole again. Its settings make faults show up in
 * seconds: server pings and SSE heartbeats every 2 s, a 1 s sweep, a 2 s pause before the Redis subscriber reconnects (a
 * window in which events are surely missed), a small outbound queue, a guest message limit that a flood
 * reaches, a 3 s webhook timeout (so a killed replica's webhook leases run out in 11 s), and a drain that waits 1 s with readiness DOWN before closing clients and at most 4 s in all, and presence that lapses 5 s after a node's last refresh. PostgreSQL keeps its
 * data in a folder, so a stop and start keeps it.
 */
final class FaultSystem {
    static final int GUEST_MESSAGES_PER_MINUTE = 600;
    static final int OUTBOUND_QUEUE = 200;

    private static LocalSystem system;

    private FaultSystem() {
    }

    static synchronized LocalSystem get() {
        if (system == null) {
            Path target = SharedSystem.projectDir().resolve("system-tests/target");
            Path data = target.resolve("fault-system-pgdata");
            deleteRecursively(data);
            system = LocalSystem.builder(SharedSystem.projectDir())
                    .freePorts()
                    .postgresDataDir(data)
                    .logDir(target.resolve("service-logs/fault-system"))
                    .serviceEnv("SWITCHBOARD_CONNECTIONS_PING_INTERVAL", "2s")
                    .serviceEnv("SWITCHBOARD_CONNECTIONS_LOG_EACH_CONNECTION", "true")
                    .serviceEnv("SWITCHBOARD_SSE_HEARTBEAT", "2s")
                    .serviceEnv("SWITCHBOARD_DELIVERY_SWEEP_INTERVAL", "1s")
                    .serviceEnv("SWITCHBOARD_DELIVERY_REDIS_RECONNECT_DELAY", "2s")
                    .serviceEnv("SWITCHBOARD_LIMITS_OUTBOUND_QUEUE", Integer.toString(OUTBOUND_QUEUE))
                    .serviceEnv("SWITCHBOARD_LIMITS_GUEST_MESSAGES_PER_MINUTE", Integer.toString(GUEST_MESSAGES_PER_MINUTE))
                    // every test client is 127.0.0.1: the per-address limits are LimitsIT's business (its own system)
                    .serviceEnv("SWITCHBOARD_LIMITS_ENABLED", "false")
                    .serviceEnv("SWITCHBOARD_DRAIN_TIMEOUT", "4s")
                    .serviceEnv("SWITCHBOARD_SHUTDOWN_CLOSE_DELAY", "1s")
                    .serviceEnv("SWITCHBOARD_SHUTDOWN_RECONNECT_SPREAD", "2s")
                    // a killed replica's claimed webhook deliveries are free again after 2 x 3 s + 5 s
                    .serviceEnv("SWITCHBOARD_WEBHOOKS_TIMEOUT", "3s")
                    // the demo bot would answer every guest of the demo assistant; SwitchboardUpIT checks it in the local run
                    .serviceEnv("SWITCHBOARD_DEMO_BOT_ENABLED", "false")
                    // a killed admin-ws node's operators lapse in 5 s (production: 30 s); changes are announced twice a second
                    .serviceEnv("SWITCHBOARD_PRESENCE_LAPSE", "5s")
                    .serviceEnv("SWITCHBOARD_PRESENCE_REFRESH_INTERVAL", "1s")
                    .serviceEnv("SWITCHBOARD_PRESENCE_ANNOUNCE_INTERVAL", "500ms")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(system::close, "fault-system-stop"));
        }
        return system;
    }

    /** The fault system if a test of this JVM started it, else null (nothing is started for asking). */
    static synchronized LocalSystem ifStarted() {
        return system;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
