package io.switchboard.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL and Redis one JVM's tests share. Servers configured through
 * {@code QUARKUS_DATASOURCE_JDBC_URL} / {@code QUARKUS_REDIS_HOSTS} are used as they are;
 * otherwise embedded ones start once, on free ports, and stop when the JVM exits.
 */
public final class EmbeddedInfra {
    private static EmbeddedPostgresServer postgres;
    private static EmbeddedRedisServer redis;
    private static Map<String, String> config;

    private EmbeddedInfra() {
    }

    /** Starts what is not configured, applies the schema, and returns the Quarkus properties that point at it. */
    public static synchronized Map<String, String> start() {
        if (config != null) {
            return config;
        }
        Map<String, String> props = new LinkedHashMap<>();
        String jdbcUrl = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        String user = env("QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER);
        String password = env("QUARKUS_DATASOURCE_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            postgres = EmbeddedPostgresServer.startTemporary();
            jdbcUrl = postgres.jdbcUrl();
            user = EmbeddedPostgresServer.USER;
            password = EmbeddedPostgresServer.PASSWORD;
        }
        SchemaMigrator.migrate(jdbcUrl, user, password);
        props.put("quarkus.datasource.jdbc.url", jdbcUrl);
        props.put("quarkus.datasource.username", user);
        props.put("quarkus.datasource.password", password);

        String redisHosts = System.getenv("QUARKUS_REDIS_HOSTS");
        if (redisHosts == null || redisHosts.isBlank()) {
            redis = EmbeddedRedisServer.startOnFreePort();
            redisHosts = redis.url();
        }
        props.put("quarkus.redis.hosts", redisHosts);

        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfra::stopAll, "embedded-infra-stop"));
        config = Map.copyOf(props);
        return config;
    }

    /** The embedded Redis, for tests that stop and restart it; absent when an external Redis is configured. */
    public static synchronized EmbeddedRedisServer redis() {
        if (redis == null) {
            throw new IllegalStateException("no embedded Redis: an external one is configured or start() was not called");
        }
        return redis;
    }

    /** The embedded PostgreSQL, for tests that stop and restart it. */
    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            throw new IllegalStateException("no embedded PostgreSQL: an external one is configured or start() was not called");
        }
        return postgres;
    }

    private static synchronized void stopAll() {
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
