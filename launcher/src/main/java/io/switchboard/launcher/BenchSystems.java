package io.switchboard.launcher;

import io.switchboard.bench.SystemStarter;
import io.switchboard.infra.FreePorts;
import io.switchboard.infra.NginxFront;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives {@code bench --start} a {@link LocalSystem} on free ports (the bench module cannot see the launcher); public
 * for the system tests that run the bench's multi-node start.
 */
public final class BenchSystems implements SystemStarter {
    /**
     * nginx for {@code --nodes}: a worker per core of this 2-core box ({@code auto} would be the same here), each
     * with room for 8 000 proxied sockets (S3's 15 000 sockets over both), under the 20 000 files per process the
     * machine allows.
     */
    static final NginxFront.Workers NGINX_WORKERS = new NginxFront.Workers(2, 16_384);

    private final Path projectDir;

    public BenchSystems(Path projectDir) {
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
        return new Started(system, logDir);
    }

    /** One node of each service, as {@link LocalSystem} starts them. */
    private final class Started implements StartedSystem {
        final LocalSystem system;
        private final Path logDir;
        private final StopOnce stop;

        Started(LocalSystem system, Path logDir) {
            this.system = system;
            this.logDir = logDir;
            this.stop = new StopOnce("bench-system-stop", system::close);
        }

        @Override
        public String apiUrl() {
            return system.url(ServiceSpec.MESSAGE_API);
        }

        @Override
        public List<Node> nodes() {
            List<Node> out = new ArrayList<>();
            for (ServiceSpec s : ServiceSpec.values()) {
                ServiceProcess p = system.service(s);
                out.add(new Node(s.shortName() + "-1", s.shortName(), p.pid(), p.port()));
            }
            return out;
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
            return new ExtraService(p.pid(), p.baseUrl(), started, () -> p.stop(Duration.ofSeconds(20)));
        }

        @Override
        public void close() {
            stop.close();
        }
    }

    /** {@code --nodes N}: the first node's system, the extra instances (stopped with it) and nginx in front. */
    private static final class MultiNode implements StartedSystem {
        private final Started first;
        private final List<Node> nodes;
        private final NginxFront nginx;
        private final String edge;
        private final StopOnce stopNginx;

        MultiNode(Started first, List<Node> nodes, NginxFront nginx, String edge) {
            this.first = first;
            this.nodes = nodes;
            this.nginx = nginx;
            this.edge = edge;
            this.stopNginx = new StopOnce("bench-nginx-stop", nginx::close);
        }

        @Override
        public String apiUrl() {
            return edge;
        }

        @Override
        public OptionalLong pid(String service) {
            return first.pid(service);
        }

        @Override
        public Map<String, String> serviceEnvironment() {
            return first.serviceEnvironment();
        }

        @Override
        public List<Node> nodes() {
            return nodes;
        }

        @Override
        public java.util.Optional<Front> front() {
            return java.util.Optional.of(new Front() {
                @Override
                public long pid() {
                    return nginx.pid();
                }

                @Override
                public String accessLog() {
                    return nginx.accessLog();
                }

                @Override
                public Path workDir() {
                    return nginx.workDir();
                }
            });
        }

        @Override
        public ExtraService startExtra(String service, List<String> jvmOptions) {
            return first.startExtra(service, jvmOptions);
        }

        @Override
        public void close() {
            stopNginx.close();
            first.close();
        }
    }

    /**
     * Stops something once: on {@link #close()}, or on Ctrl-C during a run, when the JVM exits without the bench's
     * finally blocks (a shutdown hook, removed again by {@link #close()}).
     */
    private static final class StopOnce implements AutoCloseable {
        private final Runnable stop;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread onExit;

        StopOnce(String name, Runnable stop) {
            this.stop = stop;
            this.onExit = new Thread(this::run, name);
            Runtime.getRuntime().addShutdownHook(onExit);
        }

        private void run() {
            if (done.compareAndSet(false, true)) {
                stop.run();
            }
        }

        @Override
        public void close() {
            run();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down: the hook runs (or ran) the stop itself
            }
        }
    }

    /**
     * {@code bench --start --nodes N}: N instances of each service on free ports (the first started as for one
     * node, the others as {@link LocalSystem#startExtraInstance extra instances}, each with its own port and log
     * {@code <service>-<n>.log}) behind a real nginx running the shipped deploy/nginx files with one {@code server}
     * line per instance, its edge limits taken out ({@link #withoutEdgeLimits}). The services announce nginx's URL
     * to clients ({@code /api/client-config}), so every REST call and socket of the bench goes through it.
     */
    @Override
    public StartedSystem start(String profile, Map<String, String> serviceEnv, List<String> jvmOptions,
                               PrintStream console, int nodes) {
        if (nodes == 1) {
            return start(profile, serviceEnv, jvmOptions, console);
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be 1 or more, got " + nodes);
        }
        if (NginxFront.binary().isEmpty()) {
            throw new IllegalArgumentException("--nodes needs nginx in front of the nodes (apt-get install -y nginx)");
        }
        int edgePort = FreePorts.find();
        String edge = "http://127.0.0.1:" + edgePort;
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.put("SWITCHBOARD_PUBLIC_API_URL", edge);
        env.put("SWITCHBOARD_PUBLIC_ADMIN_WS_URL", edge);
        env.put("SWITCHBOARD_PUBLIC_WIDGET_WS_URL", edge);
        env.put("SWITCHBOARD_TRUSTED_ORIGINS", edge + ",http://localhost:" + edgePort);
        env.put("SWITCHBOARD_CORS_ALLOWED_ORIGINS", edge + ",http://localhost:" + edgePort);
        StartedSystem first = start(profile, env, jvmOptions, console);
        List<ServiceProcess> extra = new ArrayList<>();
        NginxFront front = null;
        try {
            LocalSystem system = ((Started) first).system;
            List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
            for (int n = 2; n <= nodes; n++) {
                for (ServiceSpec spec : ServiceSpec.values()) {
                    starting.add(CompletableFuture.supplyAsync(() -> system.startExtraInstance(spec)));
                }
            }
            for (CompletableFuture<ServiceProcess> f : starting) {
                extra.add(f.join());
            }
            List<Node> all = new ArrayList<>();
            for (ServiceSpec spec : ServiceSpec.values()) {
                ServiceProcess p = system.service(spec);
                all.add(new Node(spec.shortName() + "-1", spec.shortName(), p.pid(), p.port()));
                int n = 2;
                for (ServiceProcess x : extra) {
                    if (x.spec() == spec) {
                        all.add(new Node(spec.shortName() + "-" + n++, spec.shortName(), x.pid(), x.port()));
                    }
                }
            }
            Path nginxDir = projectDir.resolve(".switchboard/bench-logs/nginx");
            front = NginxFront.start(projectDir, nginxDir, edgePort, new NginxFront.Upstreams(ports(all, "api"),
                    ports(all, "admin-ws"), ports(all, "widget-ws")), NGINX_WORKERS, BenchSystems::withoutEdgeLimits);
            return new MultiNode((Started) first, List.copyOf(all), front, edge);
        } catch (RuntimeException e) {
            if (front != null) {
                front.close();
            }
            first.close(); // the extra instances stop with the system
            throw e;
        }
    }

    private static List<Integer> ports(List<Node> nodes, String service) {
        return nodes.stream().filter(n -> n.service().equals(service)).map(Node::port).toList();
    }

    /**
     * The shipped site config without its per-address edge limits ({@code limit_req}, {@code limit_conn}): every
     * simulated client of the bench comes from 127.0.0.1, where a deployment's come from as many addresses as
     * there are visitors, so the edge would refuse the load the bench offers (the services' own limits are lifted
     * for the bench likewise). Everything else (routing, upgrade headers, timeouts, buffering, the access log) is
     * the shipped file's. Fails when the file no longer has the lines, so the bench and the file cannot drift apart.
     */
    static String withoutEdgeLimits(String site) {
        String out = site.replaceAll("(?m)^\\s*limit_req zone=switchboard_\\w+ burst=\\d+ nodelay;\\s*$\\n?", "")
                .replaceAll("(?m)^\\s*limit_conn switchboard_conn \\d+;\\s*$\\n?", "");
        if (out.equals(site) || out.contains("limit_req zone=") || out.contains("limit_conn switchboard_conn")) {
            throw new IllegalStateException("deploy/nginx/switchboard.conf no longer has the edge limits the bench"
                    + " takes out (limit_req zone=… burst=… nodelay; limit_conn switchboard_conn …;)");
        }
        return out;
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
