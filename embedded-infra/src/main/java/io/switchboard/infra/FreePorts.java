package io.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks loopback ports nobody listens on, so tests never assume 5432 or 6379. The ports come from below Linux's
 * ephemeral range (32768-60999): a port the kernel hands out for {@code bind(0)} is also what it hands out as the
 * local port of an outgoing connection, and between the pick and a service's bind (seconds, while the launcher
 * starts PostgreSQL and Redis and connects to them) such a connection took the port ("Address already in use" in
 * SwitchboardUpIT).
 */
public final class FreePorts {
    private static final int FIRST = 15_000;
    private static final int COUNT = 17_000;
    /** Each JVM walks the range from its own random start, so concurrent test JVMs rarely meet. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

    private FreePorts() {
    }

    /** A port free at the moment of the call, never one this JVM returned before (until the range wraps). */
    public static int find() {
        for (int i = 0; i < COUNT; i++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port on loopback in " + FIRST + "-" + (FIRST + COUNT)));
    }
}
