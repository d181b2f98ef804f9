package io.switchboard.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for a service jar in {@link StopDuringStartTest}: a real process that writes its pid to
 * {@code started-<QUARKUS_HTTP_PORT>.pid} in its working directory (the project folder) and then never becomes
 * ready, so the launcher is caught in the middle of its start-up.
 */
public final class NeverReadyService {
    private NeverReadyService() {
    }

    public static void main(String[] args) throws Exception {
        Path pidFile = Path.of("started-" + System.getenv("QUARKUS_HTTP_PORT") + ".pid");
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Object never = new Object();
        synchronized (never) {
            never.wait();
        }
    }
}
