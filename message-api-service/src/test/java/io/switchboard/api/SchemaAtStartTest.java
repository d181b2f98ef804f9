package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.config.SchemaAtStart;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * message-api runs Flyway at start only when the schema is not at the newest migration (SchemaAtStart). The shortcut
 * must see every migration Flyway sees, and must never call a database current that Flyway would change: a fresh
 * database, one a migration behind, one with a failed migration.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class SchemaAtStartTest {
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
    void theMigrationFilesAreTheOnesFlywayResolves() {
        Set<MigrationVersion> resolved = java.util.Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion)
                .collect(Collectors.toSet());
        assertThat(SchemaAtStart.migrationFiles()).hasValueSatisfying(files -> {
            assertThat(files).isEqualTo(resolved).contains(MigrationVersion.fromVersion("13"));
        });
    }

    @Test
    void theServicesOwnDatabaseIsCurrent() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(SchemaAtStart.isCurrent(c, SchemaAtStart.migrationFiles().orElseThrow())).isTrue();
        }
    }

    @Test
    void onlyADatabaseWithEveryMigrationAppliedIsCurrent() throws Exception {
        Set<MigrationVersion> files = SchemaAtStart.migrationFiles().orElseThrow();
        MigrationVersion newest = files.stream().max(MigrationVersion::compareTo).orElseThrow();
        String database = "schema_at_start_" + System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String url = jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            assertThat(SchemaAtStart.isCurrent(c, files)).as("a fresh database").isFalse();

            Flyway.configure().configuration(flyway.getConfiguration()).dataSource(url, user, password)
                    .target(MigrationVersion.fromVersion("12")).load().migrate();
            assertThat(SchemaAtStart.isCurrent(c, files)).as("a database some migrations behind").isFalse();

            Flyway.configure().configuration(flyway.getConfiguration()).dataSource(url, user, password).load().migrate();
            assertThat(SchemaAtStart.isCurrent(c, files)).as("a database at the newest migration").isTrue();

            s.execute("UPDATE flyway_schema_history SET success = false WHERE version = '" + newest + "'");
            assertThat(SchemaAtStart.isCurrent(c, files)).as("a database whose newest migration failed").isFalse();

            s.execute("DELETE FROM flyway_schema_history WHERE version = '" + newest + "'");
            assertThat(SchemaAtStart.isCurrent(c, files)).as("a database the newest migration is missing from")
                    .isFalse();
        }
    }
}
