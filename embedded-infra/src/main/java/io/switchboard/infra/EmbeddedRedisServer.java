package io.switchboard.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import redis.embedded.RedisServer;

/** A real redis-server 6.2 process on a loopback port, which tests may stop and start again. */
public final class EmbeddedRedisServer extends RestartableServer {
    private RedisServer server;

    private EmbeddedRedisServer(int port) {
        super("embedded Redis", port);
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

    /** The value for {@code quarkus.redis.hosts}. */
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    protected void launch() throws IOException {
        server = RedisServer.newRedisServer()
                .port(port())
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxclients 20000")
                .onShutdownForceStop(true)
                .build();
        server.start();
    }

    @Override
    protected void awaitReady() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port()), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("embedded Redis is not listening on port " + port() + " after 10 s");
    }

    @Override
    protected void halt() throws IOException {
        server.stop();
    }
}
