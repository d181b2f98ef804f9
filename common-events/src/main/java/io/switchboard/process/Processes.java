package io.switchboard.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the one way every launcher, bench and test helper here does it. */
public final class Processes {
    /** How long a process gets to die after {@code kill -9} before the caller moves on. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private Processes() {
    }

    /**
     * SIGTERM, then up to {@code grace} for a graceful exit (a service drains its clients meanwhile), then
     * {@code kill -9}. An interrupted caller kills at once and keeps its interrupt.
     */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
