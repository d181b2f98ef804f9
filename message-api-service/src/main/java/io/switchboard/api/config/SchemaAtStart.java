package io.switchboard.api.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jboss.logging.Logger;

/**
 * Brings the schema to the newest migration at start, before anything else touches the database (the first
 * {@link StartupEvent} observer; the HTTP server, and so readiness, comes after every observer).
 *
 * <p>Flyway itself is run only when there is something to do. Building and running it costs about 0.3-0.45 s of the
 * start's critical path even when the schema is current (configuration and plugin machinery, a second connection,
 * database detection, validation; async-profiler, docs/performance.md "Startup"), and every replica of a release
 * pays it on every start. So one query first compares {@code flyway_schema_history} with the migration files on the
 * classpath: when every file is applied successfully and nothing else is recorded, the schema is current and Flyway
 * is not built. Anything else (a fresh database, a pending or failed migration, a repeatable migration, a history
 * that names a version no file has, files that cannot be listed, other Flyway locations or table) runs the service's
 * Flyway exactly as {@code quarkus.flyway.migrate-at-start} did, with its validation and its session lock
 * ({@link FlywaySessionLock}), so two replicas starting at once still migrate one after the other.
 *
 * <p>What the shortcut gives up: when nothing is pending, Flyway's checksum validation of already applied files
 * does not run at start, so an applied migration edited afterwards is reported at the next start that has a
 * migration to apply (and by the tests, whose fresh databases Flyway migrates), not at every start.
 */
@ApplicationScoped
public class SchemaAtStart {
    private static final Logger LOG = Logger.getLogger(SchemaAtStart.class);
    /** Flyway's default location, the one message-api uses ({@code quarkus.flyway.locations} is not set). */
    static final String LOCATION = "db/migration";
    private static final String DEFAULT_TABLE = "flyway_schema_history";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.+\\.sql");

    @Inject
    AgroalDataSource dataSource;
    /** Built only when something is to be migrated. */
    @Inject
    Instance<Flyway> flyway;
    @ConfigProperty(name = "quarkus.flyway.locations", defaultValue = LOCATION)
    String locations;
    @ConfigProperty(name = "quarkus.flyway.table", defaultValue = DEFAULT_TABLE)
    String table;
    @ConfigProperty(name = "quarkus.flyway.schemas")
    Optional<String> schemas;

    void migrate(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) {
        Optional<Set<MigrationVersion>> files = defaultSetup() ? migrationFiles() : Optional.empty();
        if (files.isPresent() && isCurrent(files.get())) {
            LOG.infof("schema is at version %s, the newest of the %d migrations: nothing to migrate",
                    files.get().stream().max(MigrationVersion::compareTo).orElseThrow(), files.get().size());
            return;
        }
        flyway.get().migrate();
    }

    private boolean defaultSetup() {
        return LOCATION.equals(locations.replaceFirst("^classpath:", "")) && DEFAULT_TABLE.equals(table)
                && schemas.isEmpty();
    }

    /**
     * Plain JDBC on the service's data source, not an entity: {@code flyway_schema_history} is Flyway's table, not part
     * of the service's model, and on a fresh database it does not exist yet (the first query asks exactly that).
     */
    private boolean isCurrent(Set<MigrationVersion> files) {
        try (Connection c = dataSource.getConnection()) {
            return isCurrent(c, files);
        } catch (SQLException e) {
            LOG.debugf(e, "could not read the migration history; Flyway decides");
            return false;
        }
    }

    /**
     * True when {@code flyway_schema_history} on this connection holds exactly the given versions, each an SQL
     * migration applied successfully, and nothing else (no failure, repeatable, baseline or Java migration).
     */
    public static boolean isCurrent(Connection c, Set<MigrationVersion> files) throws SQLException {
        if (files.isEmpty()) {
            return false;
        }
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + DEFAULT_TABLE + "') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
            Set<MigrationVersion> applied = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT version, success, type FROM " + DEFAULT_TABLE)) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    if (!rs.getBoolean(2) || version == null || !"SQL".equals(rs.getString(3))) {
                        return false;
                    }
                    applied.add(MigrationVersion.fromVersion(version));
                }
            }
            return applied.equals(files);
        }
    }

    /**
     * The versions of the {@code V<version>__<description>.sql} files under {@value #LOCATION} on the class path (in
     * a jar, as the packaged service has them, or in a directory, as the tests do); empty when they cannot be listed
     * or a file of another kind (a repeatable or undo migration) is there.
     */
    public static Optional<Set<MigrationVersion>> migrationFiles() {
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> urls = Thread.currentThread().getContextClassLoader().getResources(LOCATION);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                switch (url.getProtocol()) {
                    case "jar" -> {
                        JarURLConnection connection = (JarURLConnection) url.openConnection();
                        connection.setUseCaches(false);
                        try (JarFile jar = connection.getJarFile()) {
                            String prefix = LOCATION + "/";
                            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                                String name = e.nextElement().getName();
                                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                                    names.add(name.substring(prefix.length()));
                                }
                            }
                        }
                    }
                    case "file" -> {
                        try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
                            list.forEach(p -> names.add(p.getFileName().toString()));
                        }
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IOException | URISyntaxException | UncheckedIOException | ClassCastException e) {
            LOG.debugf(e, "could not list the migrations; Flyway decides");
            return Optional.empty();
        }
        Set<MigrationVersion> versions = new HashSet<>();
        for (String name : names) {
            if (name.contains("/")) {
                return Optional.empty(); // a sub-folder: Flyway scans those too, so let it
            }
            Matcher m = VERSIONED.matcher(name);
            if (!m.matches()) {
                return Optional.empty();
            }
            versions.add(MigrationVersion.fromVersion(m.group(1).replace('_', '.')));
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions);
    }
}
