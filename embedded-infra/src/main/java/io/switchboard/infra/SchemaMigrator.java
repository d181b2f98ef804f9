package io.switchboard.infra;

import org.flywaydb.core.Flyway;

/** Applies the db-schema migrations, the same files message-api-service applies at start. */
public final class SchemaMigrator {
    /**
     * Flyway's PostgreSQL lock as a session lock, not a transaction held open for the whole run: V13 builds its index
     * with CREATE INDEX CONCURRENTLY, which waits for every open transaction to end, Flyway's own lock transaction
     * included, and would wait forever. message-api sets the same (FlywaySessionLock).
     */
    public static final String SESSION_LOCK_KEY = "flyway.postgresql.transactional.lock";

    private SchemaMigrator() {
    }

    /** Brings the database at {@code jdbcUrl} to the newest schema; a no-op when it is there already. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .configuration(java.util.Map.of(SESSION_LOCK_KEY, "false"))
                .load()
                .migrate();
    }
}
