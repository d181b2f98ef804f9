package io.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import redis.embedded.RedisServer;

/** A real redis-server 6.2 process on a loopback port, which tests may stop and start again. */
public final class EmbeddedRedisServer implements AutoCloseable {
    private final int port;
    private RedisServer server;

    private EmbeddedRedisServer(int port) {
        this.port = port;
    }

    /** Starts a server on a free port. */
    public static EmbeddedRedisServer startOnFreePort() {
        return startOn(FreePorts.find());
    }

    /** Starts a server on the given port. */
    public static EmbeddedRedisServer startOn(int port) {
        EmbeddedRedisServer s = new EmbeddedRedisServer(port);
        s.start();
        return s;
    }

    /** Starts (or starts again after {@link #stop()}) on the same port; waits until it accepts connections. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxclients 20000")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
        } catch (IOException e) {
            server = null;
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
        awaitListening();
    }

    /** Stops the process; every client connection is cut, as in a Redis restart. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not stop", e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    /** The value for {@code quarkus.redis.hosts}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("embedded Redis is not listening on port " + port + " after 10 s");
    }

    @Override
    public void close() {
        stop();
    }
}
