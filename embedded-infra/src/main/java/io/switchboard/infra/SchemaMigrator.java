package io.switchboard.infra;

import org.flywaydb.core.Flyway;

/** Applies the db-schema migrations, the same files message-api-service applies at start. */
public final class SchemaMigrator {
    private SchemaMigrator() {
    }

    /** Brings the database at {@code jdbcUrl} to the newest schema; a no-op when it is there already. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
