package io.switchboard.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 17 server from the zonky binaries, on a loopback port. With a data directory
 * the data survives restarts (the local run); without one it lives in a temporary folder (tests).
 */
public final class EmbeddedPostgresServer extends RestartableServer {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(int port, Path dataDirectory) {
        super("embedded PostgreSQL", port);
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server on a free port with a throw-away data directory. */
    public static EmbeddedPostgresServer startTemporary() {
        EmbeddedPostgresServer s = new EmbeddedPostgresServer(FreePorts.find(), null);
        s.start();
        return s;
    }

    /** Starts a server on {@code port} keeping its data in {@code dataDirectory}; a restart keeps the data too. */
    public static EmbeddedPostgresServer startPersistent(int port, Path dataDirectory) {
        EmbeddedPostgresServer s = new EmbeddedPostgresServer(port, dataDirectory);
        s.start();
        return s;
    }

    @Override
    protected void launch() throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setPort(port())
                .setPGStartupWait(Duration.ofSeconds(30))
                .setServerConfig("max_connections", "300")
                // A 201 means the message is on disk: the library's defaults (fsync off, asynchronous
                // commit) would let a PostgreSQL crash lose acknowledged messages and flatter every figure.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (System.getenv("SWITCHBOARD_PG_STATEMENTS") != null) {
            // Opt-in for measuring (docs/performance.md "PostgreSQL per post (postpg)"): per-statement cost in
            // pg_stat_statements (CREATE EXTENSION pg_stat_statements in the database to read it). Off by default.
            b.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all")
                    .setServerConfig("pg_stat_statements.track_planning", "on");
        }
        if (dataDirectory != null) {
            b.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        postgres = b.start();
    }

    @Override
    protected void halt() throws IOException {
        postgres.close();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }
}
