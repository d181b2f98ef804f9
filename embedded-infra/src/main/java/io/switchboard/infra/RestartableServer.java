package io.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A server process on a fixed loopback port that tests (and the local run) may stop and start again, as in a
 * restart in production: {@link #start()} and {@link #stop()} do nothing when it already runs or is already
 * stopped, and {@link #close()} stops it.
 */
public abstract class RestartableServer implements AutoCloseable {
    private final String name;
    private final int port;
    private boolean running;

    /** @param name what it is in error messages, e.g. {@code embedded Redis} */
    protected RestartableServer(String name, int port) {
        this.name = name;
        this.port = port;
    }

    /** Starts (or starts again after {@link #stop()}) on the same port; returns once it accepts connections. */
    public final synchronized void start() {
        if (running) {
            return;
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not start on port " + port, e);
        }
        running = true;
        awaitReady();
    }

    /** Stops the process; every client connection is cut. */
    public final synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            halt();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not stop", e);
        } finally {
            running = false;
        }
    }

    public final synchronized boolean isRunning() {
        return running;
    }

    public final int port() {
        return port;
    }

    @Override
    public final void close() {
        stop();
    }

    /** Starts the process (it is not running). */
    protected abstract void launch() throws IOException;

    /** Waits, after a launch, until the server accepts connections; by default the launch already did. */
    protected void awaitReady() {
    }

    /** Stops the process (it is running). */
    protected abstract void halt() throws IOException;
}
