package io.switchboard.launcher;

import io.switchboard.bench.SystemStarter;
import io.switchboard.infra.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Gives {@code bench --start} a {@link LocalSystem} on free ports (the bench module cannot see the launcher). */
final class BenchSystems implements SystemStarter {
    private final Path projectDir;

    BenchSystems(Path projectDir) {
        this.projectDir = projectDir;
    }

    @Override
    public StartedSystem start(String profile, Map<String, String> serviceEnv, List<String> jvmOptions,
                               PrintStream console) {
        Path logDir = projectDir.resolve(".switchboard/bench-logs");
        LocalSystem.Builder b = LocalSystem.builder(projectDir).freePorts().profile(profile).logDir(logDir)
                .console(console).jvmOptions(jvmOptions);
        if (!"dev".equals(profile)) {
            prodCredentials().forEach(b::serviceEnv);
        }
        serviceEnv.forEach(b::serviceEnv);
        LocalSystem system = b.start();
        return new StartedSystem() {
            @Override
            public String apiUrl() {
                return system.url(ServiceSpec.MESSAGE_API);
            }

            @Override
            public OptionalLong pid(String service) {
                for (ServiceSpec s : ServiceSpec.values()) {
                    if (s.shortName().equals(service) && system.service(s) != null) {
                        return OptionalLong.of(system.service(s).pid());
                    }
                }
                return OptionalLong.empty();
            }

            @Override
            public Map<String, String> serviceEnvironment() {
                return system.serviceEnvironment();
            }

            @Override
            public ExtraService startExtra(String service, List<String> extraJvmOptions) {
                ServiceSpec spec = java.util.Arrays.stream(ServiceSpec.values())
                        .filter(s -> s.shortName().equals(service)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown service " + service));
                int port = FreePorts.find();
                long started = System.nanoTime();
                ServiceProcess p = ServiceProcess.start(projectDir, spec, port, system.serviceEnvironment(),
                        extraJvmOptions, logDir.resolve("extra"), null);
                return new ExtraService() {
                    @Override
                    public long pid() {
                        return p.pid();
                    }

                    @Override
                    public String url() {
                        return p.baseUrl();
                    }

                    @Override
                    public long startedNanos() {
                        return started;
                    }

                    @Override
                    public void close() {
                        p.stop(Duration.ofSeconds(20));
                    }
                };
            }

            @Override
            public void close() {
                system.close();
            }
        };
    }

    @Override
    public Infrastructure startInfrastructure() {
        io.switchboard.infra.EmbeddedPostgresServer postgres = io.switchboard.infra.EmbeddedPostgresServer.startTemporary();
        io.switchboard.infra.EmbeddedRedisServer redis;
        try {
            redis = io.switchboard.infra.EmbeddedRedisServer.startOnFreePort();
        } catch (RuntimeException e) {
            postgres.stop();
            throw e;
        }
        return new Infrastructure() {
            @Override
            public String jdbcUrl() {
                return postgres.jdbcUrl();
            }

            @Override
            public String user() {
                return io.switchboard.infra.EmbeddedPostgresServer.USER;
            }

            @Override
            public String password() {
                return io.switchboard.infra.EmbeddedPostgresServer.PASSWORD;
            }

            @Override
            public String redisUrl() {
                return redis.url();
            }

            @Override
            public void close() {
                redis.stop();
                postgres.stop();
            }
        };
    }

    /**
     * What the prod profile needs and a deployment would provide: a JWT key pair (fresh for each bench
     * system, so no key ever leaves the machine) and the admin login the bench signs in with, seeded into
     * a database that lives only as long as the run.
     */
    private Map<String, String> prodCredentials() {
        Map<String, String> env = new HashMap<>(JwtKeys.environment(JwtKeys.fresh(
                projectDir.resolve(".switchboard/bench-keys"))));
        env.put("SWITCHBOARD_SEED_ENABLED", "true");
        return env;
    }
}
