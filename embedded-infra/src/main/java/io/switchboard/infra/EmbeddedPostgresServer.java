package io.switchboard.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 17 server from the zonky binaries, on a loopback port. With a data directory
 * the data survives restarts (the local run); without one it lives in a temporary folder (tests).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final int port;
    private final Path dataDirectory;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server on a free port with a throw-away data directory. */
    public static EmbeddedPostgresServer startTemporary() {
        EmbeddedPostgresServer s = new EmbeddedPostgresServer(FreePorts.find(), null);
        s.start();
        return s;
    }

    /** Starts a server on {@code port} keeping its data in {@code dataDirectory}. */
    public static EmbeddedPostgresServer startPersistent(int port, Path dataDirectory) {
        EmbeddedPostgresServer s = new EmbeddedPostgresServer(port, dataDirectory);
        s.start();
        return s;
    }

    /** Starts (or starts again after {@link #stop()}) on the same port and data. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "300")
                    // A 201 means the message is on disk: the library's defaults (fsync off, asynchronous
                    // commit) would let a PostgreSQL crash lose acknowledged messages and flatter every figure.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
            if (dataDirectory != null) {
                b.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            postgres = b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port, e);
        }
    }

    /** Stops the server; {@link #start()} brings it back with the same data when it has a data directory. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        } finally {
            postgres = null;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        stop();
    }
}
