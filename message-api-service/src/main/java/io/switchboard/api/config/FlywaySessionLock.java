package io.switchboard.api.config;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Flyway takes its PostgreSQL lock as a session advisory lock instead of a transaction it keeps open for the whole
 * migration. V13 builds the search index with CREATE INDEX CONCURRENTLY, which waits until every transaction older
 * than itself has ended; with the transactional lock that includes Flyway's own, and the start would hang forever.
 * Two replicas starting at once still migrate one after the other (the session lock serializes them the same way).
 * Quarkus has no property for it; the launcher and the tests set the same in {@code SchemaMigrator}. It is set on
 * Flyway's PostgreSQL extension directly: {@code configuration(Map.of("flyway.postgresql.transactional.lock", "false"))}
 * does the same but re-reads Flyway's whole configuration, about 0.1 s of every start (Quarkus builds this Flyway at
 * start even when {@link SchemaAtStart} finds nothing to migrate; async-profiler, docs/performance.md "Startup").
 */
@Singleton
public class FlywaySessionLock implements FlywayConfigurationCustomizer {
    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    }
}
