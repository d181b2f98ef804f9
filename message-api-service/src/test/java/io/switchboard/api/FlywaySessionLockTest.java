package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * message-api migrates the schema at start with the Flyway Quarkus builds (the tests' database was migrated before,
 * so that start had nothing to do). V13 builds its index with CREATE INDEX CONCURRENTLY, which hangs forever under
 * Flyway's default transactional PostgreSQL lock: this migrates an empty database with that very configuration and
 * must finish, with the index valid.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class FlywaySessionLockTest {
    @Inject
    Flyway flyway;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String password;

    @Test
    void theServicesFlywayMigratesAnEmptyDatabaseThroughTheConcurrentIndexBuild() throws Exception {
        String database = "flyway_lock_" + System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String url = jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        MigrateResult result = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> Flyway.configure()
                .configuration(flyway.getConfiguration())
                .dataSource(url, user, password)
                .load()
                .migrate(), "V13 hung: Flyway's lock is a transaction CREATE INDEX CONCURRENTLY waits for");
        assertThat(result.success).isTrue();
        assertThat(result.migrations).extracting(m -> m.version).contains("13");
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password);
             ResultSet rs = c.createStatement().executeQuery("SELECT i.indisvalid FROM pg_index i"
                     + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'messages_text_search_idx'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }
}
