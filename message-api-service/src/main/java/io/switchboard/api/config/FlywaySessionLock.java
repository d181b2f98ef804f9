package io.switchboard.api.config;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.util.Map;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway takes its PostgreSQL lock as a session advisory lock instead of a transaction it keeps open for the whole
 * migration. V13 builds the search index with CREATE INDEX CONCURRENTLY, which waits until every transaction older
 * than itself has ended; with the transactional lock that includes Flyway's own, and the start would hang forever.
 * Two replicas starting at once still migrate one after the other (the session lock serializes them the same way).
 * Quarkus has no property for it; the launcher and the tests set the same in {@code SchemaMigrator}.
 */
@Singleton
public class FlywaySessionLock implements FlywayConfigurationCustomizer {
    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
    }
}
