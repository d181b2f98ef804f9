package io.switchboard.launcher;

import io.switchboard.infra.EmbeddedPostgresServer;
import io.switchboard.infra.EmbeddedRedisServer;
import io.switchboard.infra.FreePorts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The whole system on one machine: PostgreSQL and Redis (embedded unless their URLs are
 * configured) and the three services as separate processes. {@code ./switchboard up} and the
 * cross-service tests start it the same way.
 */
public final class LocalSystem implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** Settings of JWT keys a deployer may give; without any, the system uses the install's generated pair. */
    private static final List<String> JWT_KEY_SETTINGS = List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "MP_JWT_VERIFY_PUBLICKEY", "SMALLRYE_JWT_SIGN_KEY_LOCATION", "SMALLRYE_JWT_SIGN_KEY");

    private final Builder config;
    private final Map<ServiceSpec, ServiceProcess> services = new EnumMap<>(ServiceSpec.class);
    private final Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
    private final List<ServiceProcess> extraInstances = new ArrayList<>();
    /**
     * Held while a process is started and while {@link #close} takes its list: every process is either started
     * before a close (and stopped by it) or refused after it, so a stop during start-up leaves no orphan.
     */
    private final Object lifecycle = new Object();
    private boolean closed;
    private volatile Map<String, String> serviceEnv = Map.of();
    private volatile EmbeddedPostgresServer postgres;
    private volatile EmbeddedRedisServer redis;

    private LocalSystem(Builder config) {
        this.config = config;
    }

    /** Told when a part of the system became ready, and how long it took to start ({@code ./switchboard up} shows it). */
    @FunctionalInterface
    public interface Progress {
        void ready(String what, Duration took);
    }

    /** Starts configuring a system whose modules are built under {@code projectDir}. */
    public static Builder builder(Path projectDir) {
        return new Builder(projectDir);
    }

    /** Settings of a {@link LocalSystem}; every one has a default that suits the local run. */
    public static final class Builder {
        private final Path projectDir;
        private final Map<ServiceSpec, Integer> ports = new EnumMap<>(ServiceSpec.class);
        private String profile = "dev";
        private Path postgresDataDir;
        private PrintStream console;
        private Path logDir;
        private Map<String, String> environment = System.getenv();
        private final Map<String, String> extraServiceEnv = new HashMap<>();
        // as in k8s: a service that runs out of heap exits (and is reported) instead of limping on with hung sockets
        private List<String> jvmOptions = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");
        private String publicHost = "localhost";
        private Path keyDir;
        private Progress progress = (what, took) -> { };

        private Builder(Path projectDir) {
            this.projectDir = projectDir.toAbsolutePath().normalize();
            this.logDir = this.projectDir.resolve(".switchboard/logs");
            this.keyDir = this.projectDir.resolve(".switchboard/keys");
        }

        /**
         * Where the JWT key pair lives ({@link JwtKeys}; generated there on first use). Default:
         * {@code .switchboard/keys}. Unused when the environment configures keys itself.
         */
        public Builder keyDir(Path keyDir) {
            this.keyDir = keyDir;
            return this;
        }

        /** The port of one service; 0 picks a free one. Default: the service's usual port. */
        public Builder port(ServiceSpec spec, int port) {
            ports.put(spec, port);
            return this;
        }

        /** Every service on a free port, as tests want. */
        public Builder freePorts() {
            for (ServiceSpec s : ServiceSpec.values()) {
                ports.put(s, 0);
            }
            return this;
        }

        /** Told as PostgreSQL, Redis and each service become ready. Default: nobody. */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** The Quarkus configuration profile of the services ({@code dev} seeds the demo data). */
        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Keeps the embedded database in this folder across runs; default: a throw-away folder. */
        public Builder postgresDataDir(Path dir) {
            this.postgresDataDir = dir;
            return this;
        }

        /** Where service output is echoed, prefixed by service name; null keeps it only in the log files. */
        public Builder console(PrintStream console) {
            this.console = console;
            return this;
        }

        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** The environment read for external PostgreSQL/Redis settings; default: this process's. */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** An extra environment variable for every service (tests use it to shorten intervals). */
        public Builder serviceEnv(String name, String value) {
            extraServiceEnv.put(name, value);
            return this;
        }

        /** Adds JVM options after the defaults ({@code {service}} becomes each service's short name). */
        public Builder addJvmOptions(List<String> more) {
            List<String> all = new java.util.ArrayList<>(jvmOptions);
            all.addAll(more);
            this.jvmOptions = List.copyOf(all);
            return this;
        }

        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** The host name browsers use to reach the services (their public URLs and allowed origins). */
        public Builder publicHost(String host) {
            this.publicHost = host;
            return this;
        }

        /**
         * A system that has started nothing yet. Hand its {@link LocalSystem#close()} to whoever may stop the run
         * (a shutdown hook) before {@link LocalSystem#start()}: a stop during start-up then stops every process
         * started so far and keeps the rest from starting.
         */
        public LocalSystem create() {
            return new LocalSystem(this);
        }

        /** Starts the servers and the three services and waits until each is ready. */
        public LocalSystem start() {
            return create().start();
        }
    }

    /**
     * Starts PostgreSQL and Redis (unless configured), then the three services, and waits until each is ready.
     * When a part fails, or {@link #close()} is called meanwhile, every process started so far is stopped and the
     * failure thrown.
     */
    public LocalSystem start() {
        try {
            startParts();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startParts() {
        Builder b = config;
        Map<String, String> env = new HashMap<>();
        String jdbcUrl = b.environment.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            long pgStart = System.nanoTime();
            EmbeddedPostgresServer pg = starting("PostgreSQL", () -> postgres = b.postgresDataDir == null
                    ? EmbeddedPostgresServer.startTemporary()
                    : EmbeddedPostgresServer.startPersistent(FreePorts.find(), b.postgresDataDir));
            b.progress.ready("PostgreSQL (embedded)", since(pgStart));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        } else {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            copy(b.environment, env, "QUARKUS_DATASOURCE_USERNAME");
            copy(b.environment, env, "QUARKUS_DATASOURCE_PASSWORD");
        }
        String redisHosts = b.environment.get("QUARKUS_REDIS_HOSTS");
        if (redisHosts == null || redisHosts.isBlank()) {
            long redisStart = System.nanoTime();
            EmbeddedRedisServer r = starting("Redis", () -> redis = EmbeddedRedisServer.startOnFreePort());
            b.progress.ready("Redis (embedded)", since(redisStart));
            redisHosts = r.url();
        }
        env.put("QUARKUS_REDIS_HOSTS", redisHosts);
        env.put("QUARKUS_PROFILE", b.profile);
        boolean ownKeys = JWT_KEY_SETTINGS.stream().anyMatch(k -> b.environment.get(k) != null
                && !b.environment.get(k).isBlank());
        if (ownKeys) {
            JWT_KEY_SETTINGS.forEach(k -> copy(b.environment, env, k));
        } else {
            env.putAll(JwtKeys.environment(JwtKeys.ensure(b.keyDir)));
        }

        for (ServiceSpec s : ServiceSpec.values()) {
            int p = b.ports.getOrDefault(s, s.defaultPort());
            ports.put(s, p == 0 ? FreePorts.find() : p);
        }
        String api = "http://" + b.publicHost + ":" + ports.get(ServiceSpec.MESSAGE_API);
        String apiLoopback = "http://127.0.0.1:" + ports.get(ServiceSpec.MESSAGE_API);
        env.put("SWITCHBOARD_PUBLIC_API_URL", api);
        env.put("SWITCHBOARD_PUBLIC_ADMIN_WS_URL", "http://" + b.publicHost + ":" + ports.get(ServiceSpec.ADMIN_WS));
        env.put("SWITCHBOARD_PUBLIC_WIDGET_WS_URL", "http://" + b.publicHost + ":" + ports.get(ServiceSpec.WIDGET_WS));
        env.put("SWITCHBOARD_TRUSTED_ORIGINS", api + "," + apiLoopback);
        env.put("SWITCHBOARD_CORS_ALLOWED_ORIGINS", api + "," + apiLoopback);
        env.putAll(b.extraServiceEnv);
        serviceEnv = Map.copyOf(env);

        long apiStart = System.nanoTime();
        startService(ServiceSpec.MESSAGE_API).awaitReady(READY_TIMEOUT);
        b.progress.ready(ServiceSpec.MESSAGE_API.module() + " on :" + ports.get(ServiceSpec.MESSAGE_API), since(apiStart));
        long socketsStart = System.nanoTime();
        ServiceProcess admin = startService(ServiceSpec.ADMIN_WS);
        ServiceProcess widget = startService(ServiceSpec.WIDGET_WS);
        admin.awaitReady(READY_TIMEOUT);
        b.progress.ready(ServiceSpec.ADMIN_WS.module() + " on :" + ports.get(ServiceSpec.ADMIN_WS), since(socketsStart));
        widget.awaitReady(READY_TIMEOUT);
        b.progress.ready(ServiceSpec.WIDGET_WS.module() + " on :" + ports.get(ServiceSpec.WIDGET_WS), since(socketsStart));
    }

    /**
     * Runs {@code start} (which starts a process and records it where {@link #close()} finds it) under the
     * lifecycle lock, unless the system was closed: after {@link #close()} nothing more starts.
     */
    private <T> T starting(String what, Supplier<T> start) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("Switchboard was stopped while starting; " + what + " was not started");
            }
            return start.get();
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void copy(Map<String, String> from, Map<String, String> to, String name) {
        String v = from.get(name);
        if (v != null) {
            to.put(name, v);
        }
    }

    private ServiceProcess startService(ServiceSpec spec) {
        return starting(spec.module(), () -> {
            ServiceProcess p = ServiceProcess.start(config.projectDir, spec, spec.shortName(), ports.get(spec),
                    serviceEnv, config.jvmOptions, config.logDir, config.console, services.containsKey(spec));
            services.put(spec, p);
            return p;
        });
    }

    /**
     * Starts one more instance of a service on a free port, with the same settings, and waits until it is
     * ready: a second node behind the load balancer, for tests that kill or drain one of them. It stops
     * with the system; {@link #service} still names the first instance.
     */
    public ServiceProcess startExtraInstance(ServiceSpec spec) {
        ServiceProcess p = starting("another " + spec.module(), () -> {
            String name = spec.shortName() + "-" + (extraInstances.stream().filter(x -> x.spec() == spec).count() + 2);
            ServiceProcess extra = ServiceProcess.start(config.projectDir, spec, name, FreePorts.find(), serviceEnv,
                    config.jvmOptions, config.logDir, config.console, false);
            extraInstances.add(extra);
            return extra;
        });
        p.awaitReady(READY_TIMEOUT);
        return p;
    }

    /** The log files of every instance started so far (extra instances included). */
    public List<Path> logFiles() {
        List<Path> out = new ArrayList<>();
        synchronized (lifecycle) {
            services.values().forEach(p -> out.add(p.logFile()));
            extraInstances.forEach(p -> out.add(p.logFile()));
        }
        return out;
    }

    /** Starts a service again (after {@link ServiceProcess#kill()} or a stop) on its port and waits until ready. */
    public ServiceProcess restart(ServiceSpec spec) {
        ServiceProcess old = services.get(spec);
        if (old != null) {
            old.stop(Duration.ofSeconds(15));
        }
        ServiceProcess p = startService(spec);
        p.awaitReady(READY_TIMEOUT);
        return p;
    }

    /** A running service. */
    public ServiceProcess service(ServiceSpec spec) {
        return services.get(spec);
    }

    /** {@code http://127.0.0.1:<port>} of a service. */
    public String url(ServiceSpec spec) {
        return "http://127.0.0.1:" + ports.get(spec);
    }

    /** The public URL browsers use for a service. */
    public String publicUrl(ServiceSpec spec) {
        return "http://" + config.publicHost + ":" + ports.get(spec);
    }

    /** The embedded Redis, or null when an external one is configured. */
    public EmbeddedRedisServer redis() {
        return redis;
    }

    /** The embedded PostgreSQL, or null when an external one is configured. */
    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** The folder of the generated JWT key pair (see {@link Builder#keyDir}). */
    public Path keyDir() {
        return config.keyDir;
    }

    /** The environment every service was started with (credentials included: never print it). */
    public Map<String, String> serviceEnvironment() {
        return serviceEnv;
    }

    /** Completes when any service process exits, with the one that did. */
    public CompletableFuture<ServiceProcess> anyServiceExit() {
        List<CompletableFuture<ServiceProcess>> exits = new ArrayList<>();
        for (ServiceProcess p : services.values()) {
            exits.add(p.onExit().thenApply(x -> p));
        }
        return CompletableFuture.anyOf(exits.toArray(new CompletableFuture[0])).thenApply(o -> (ServiceProcess) o);
    }

    /** True once {@link #close()} was called: nothing starts any more. */
    public boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    /**
     * Stops every process started so far: the services gracefully and together, then Redis and PostgreSQL. Safe
     * from any thread at any time, also while {@link #start()} runs (it then fails instead of starting more), and
     * more than once.
     */
    @Override
    public void close() {
        List<ServiceProcess> running = new ArrayList<>();
        EmbeddedRedisServer r;
        EmbeddedPostgresServer pg;
        synchronized (lifecycle) {
            closed = true;
            running.addAll(extraInstances);
            for (ServiceSpec s : List.of(ServiceSpec.ADMIN_WS, ServiceSpec.WIDGET_WS, ServiceSpec.MESSAGE_API)) {
                if (services.get(s) != null) {
                    running.add(services.get(s));
                }
            }
            r = redis;
            pg = postgres;
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServiceProcess p : running) {
            stops.add(CompletableFuture.runAsync(() -> p.stop(Duration.ofSeconds(20))));
        }
        stops.forEach(CompletableFuture::join);
        if (r != null) {
            r.stop();
        }
        if (pg != null) {
            pg.stop();
        }
    }
}
