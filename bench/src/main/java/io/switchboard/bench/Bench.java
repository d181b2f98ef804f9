package io.switchboard.bench;

import io.switchboard.bench.ceiling.CeilingProcess;
import io.switchboard.bench.ceiling.CeilingServer;
import io.switchboard.bench.client.BenchClient;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.probe.ProcessProbe;
import io.switchboard.bench.report.Figure;
import io.switchboard.bench.report.RunReport;
import io.switchboard.bench.scenario.DialogTrafficScenario;
import io.switchboard.bench.scenario.FanoutScenario;
import io.switchboard.bench.scenario.IdleDensityScenario;
import io.switchboard.bench.scenario.Measurement;
import io.switchboard.bench.scenario.ReconnectStormScenario;
import io.switchboard.bench.scenario.RunContext;
import io.switchboard.bench.scenario.Scenario;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code ./switchboard bench <scenario> [options]}: runs one scenario against a running system (or
 * one it starts with {@code --start}) and against the raw Vert.x ceiling server, then prints a table
 * and one {@code BENCH_JSON} line.
 */
public final class Bench {
    /** The services' configuration profile for {@code --start}: the one deployments run. */
    public static final String DEFAULT_PROFILE = "prod";
    /** Sets the guest posts per minute per dialog (the API's default is 30); the bench's own system lifts it. */
    public static final String GUEST_LIMIT_ENV = "SWITCHBOARD_LIMITS_GUEST_MESSAGES_PER_MINUTE";
    public static final String LIMITS_ENABLED_ENV = "SWITCHBOARD_LIMITS_ENABLED";
    public static final String WEBHOOK_PRIVATE_TARGETS_ENV = "SWITCHBOARD_WEBHOOKS_ALLOW_PRIVATE_TARGETS";

    private Bench() {
    }

    /** Standalone entry point (no {@code --start}: that needs the launcher). */
    public static void main(String[] args) {
        System.exit(run(args, System.out, null));
    }

    /**
     * Runs the bench command line.
     *
     * @param starter starts a system for {@code --start}; null where the launcher is not present
     * @return the process exit code: 0 when the run delivered correctly, 1 when it found loss, 2 for bad usage
     */
    public static int run(String[] args, PrintStream out, SystemStarter starter) {
        if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            out.println("bench: " + e.getMessage());
            return 2;
        }
        try {
            return switch (command) {
                case "ceiling-server" -> ceilingServer(options, out);
                case "datapath" -> DataPathCeilings.run(options, out, starter);
                case "startup" -> StartupTimer.run(options, out, starter);
                case "jfr-top" -> jfrTop(options, out);
                case "charts" -> io.switchboard.bench.chart.RunsCharts.run(options, out);
                case "s1", "s2", "s3", "s4", "s5" -> scenario(command, options, out, starter);
                default -> {
                    out.println("bench: unknown scenario " + command + "\n" + usage());
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            out.println("bench: " + e.getMessage());
            return 2;
        }
    }

    private static int ceilingServer(BenchOptions o, PrintStream out) {
        try {
            int port = CeilingServer.run(o.integer("port", 8090),
                    o.integer("event-loops", Runtime.getRuntime().availableProcessors()), o.integer("history", 1000));
            out.println("ceiling server listening on http://127.0.0.1:" + port + " (stop it with Ctrl-C)");
            Thread.currentThread().join();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException("ceiling server failed: " + e.getMessage(), e);
        }
    }

    private static int jfrTop(BenchOptions o, PrintStream out) {
        String file = o.string("file", null);
        int limit = o.integer("limit", 25);
        if (file == null) {
            out.println("bench: jfr-top needs --file <recording.jfr>");
            return 2;
        }
        try {
            io.switchboard.bench.probe.JfrTop.print(java.nio.file.Path.of(file), limit, out);
            return 0;
        } catch (java.io.IOException e) {
            out.println("bench: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private static Scenario scenarioOf(String name, BenchOptions o) {
        return switch (name) {
            case "s1" -> DialogTrafficScenario.s1(o);
            case "s2" -> new FanoutScenario(o);
            case "s3" -> DialogTrafficScenario.s3(o);
            case "s4" -> new IdleDensityScenario(o);
            case "s5" -> new ReconnectStormScenario(o);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    private static int scenario(String name, BenchOptions o, PrintStream out, SystemStarter starter) {
        Scenario scenario = scenarioOf(name, o);
        boolean start = o.flag("start");
        String profile = o.string("profile", Bench.DEFAULT_PROFILE);
        String api = o.string("api", "http://localhost:8080");
        String user = o.string("user", "admin");
        String password = o.string("password", "admin123");
        boolean ceiling = !o.flag("no-ceiling");
        boolean ceilingOnly = o.flag("ceiling-only");
        int loops = o.integer("event-loops", 2);
        int httpConnections = o.integer("http-connections", 64);
        String pidOption = o.string("pid", null);
        String jvm = o.string("service-jvm", "-Xmx512m -XX:+ExitOnOutOfMemoryError");
        String jfrDir = o.string("jfr", null);
        String targetKind = o.string("target", "switchboard");
        String chartsDir = o.string("charts", null);
        boolean charts = !o.flag("no-charts");
        String series = o.string("series", null);
        int nodes = o.integer("nodes", 1);
        if (!List.of("switchboard", "node").contains(targetKind)) {
            out.println("bench: --target is switchboard or node, not " + targetKind);
            return 2;
        }
        boolean node = targetKind.equals("node");
        if (node && (!List.of("s1", "s2", "s3").contains(name) || !"guest".equals(scenario.parameters().get("post_as"))
                || o.flag("webhook"))) {
            out.println("bench: --target node serves what S1, S2 and S3 need with guests posting, without webhooks"
                    + " (bench/hand-built-node)");
            return 2;
        }
        if (nodes != 1 && (nodes < 1 || !start || node || name.equals("s4"))) {
            out.println("bench: --nodes N (N >= 1) starts N instances of each service behind nginx: it needs --start,"
                    + " the Switchboard target, and a scenario other than s4 (which measures one process's memory)");
            return 2;
        }
        if (!o.unused().isEmpty()) {
            out.println("bench: unknown option(s) for " + name + ": " + o.unused());
            return 2;
        }
        if (start && starter == null) {
            out.println("bench: --start needs the launcher: run it as ./switchboard bench " + name + " --start");
            return 2;
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        RunReport report = new RunReport(name);
        scenario.parameters().forEach(report::parameter);
        report.environment("run_id", run);
        report.environment("cores", Runtime.getRuntime().availableProcessors());
        report.environment("load_avg_before", ProcessProbe.loadAverages());
        report.environment("bench_event_loops", loops);
        if (node) {
            report.environment("target", "hand-built-node");
        }
        if (series != null) {
            report.environment("series", series);
        }
        if (nodes > 1) {
            report.environment("nodes", nodes);
        }

        Measurement system = null;
        Measurement top = null;
        SystemStarter.StartedSystem started = null;
        io.switchboard.bench.node.HandBuiltNode handBuilt = null;
        try (BenchClient client = new BenchClient(loops, httpConnections)) {
            if (!ceilingOnly) {
                if (start && node) {
                    handBuilt = io.switchboard.bench.node.HandBuiltNode.start(starter, projectDir(), out);
                    api = handBuilt.url();
                    report.environment("system", "hand-built Node server (" + io.switchboard.bench.node.HandBuiltNode.DIRECTORY
                            + ") started by the bench");
                } else if (start) {
                    Map<String, String> env = new HashMap<>();
                    env.put(GUEST_LIMIT_ENV, "1000000");
                    // all simulated guests come from this one address: per-address abuse limits would stop the load
                    env.put(LIMITS_ENABLED_ENV, "false");
                    if (o.flag("webhook")) {
                        // the bench's receiver listens on 127.0.0.1, which the prod profile's SSRF guard refuses
                        env.put(WEBHOOK_PRIVATE_TARGETS_ENV, "true");
                    }
                    out.println(nodes == 1 ? "[bench] starting PostgreSQL, Redis and the three services (profile " + profile + ")"
                            : "[bench] starting PostgreSQL, Redis, " + nodes + " nodes of each service and nginx in front"
                            + " (profile " + profile + ")");
                    started = starter.start(profile, env, List.of(jvm.split("\\s+")), null, nodes);
                    api = started.apiUrl();
                    report.environment("system", "started by the bench, profile " + profile + ", service JVM " + jvm
                            + (nodes == 1 ? "" : ", " + nodes + " nodes of each service behind nginx " + api));
                    if (nodes > 1) {
                        for (SystemStarter.Node n : started.nodes()) {
                            out.println("[bench]   " + n.name() + " on " + n.url() + " (pid " + n.pid() + ")");
                        }
                        String edge = api;
                        started.front().ifPresent(f -> out.println("[bench]   nginx on " + edge + " (pid " + f.pid()
                                + "), config and logs in " + f.workDir()));
                    }
                } else {
                    report.environment("system", api);
                }
                Target target = Target.connect(client, api, user, password, "system");
                SystemStarter.StartedSystem s = started;
                io.switchboard.bench.node.HandBuiltNode h = handBuilt;
                Function<Target, OptionalLong> pid = t -> {
                    if (pidOption != null) {
                        return OptionalLong.of(Long.parseLong(pidOption));
                    }
                    if (h != null) {
                        return OptionalLong.of(h.pid());
                    }
                    if (s != null) {
                        return s.pid("admin-ws");
                    }
                    return ProcessProbe.pidListeningOn(t.adminWsPort()).map(OptionalLong::of).orElse(OptionalLong.empty());
                };
                Map<String, Long> recorded = startJfr(jfrDir, started, out);
                NodeFigures perNode = nodes > 1 ? new NodeFigures(started.nodes(), started.front().orElseThrow()) : null;
                try {
                    system = scenario.run(target, new RunContext(out, run, pid, node
                            ? handBuiltCpu(target, handBuilt) : nodes > 1 ? nodesCpu(started) : systemCpu(target, started),
                            (t, m) -> {
                                if (perNode != null) {
                                    perNode.atEndOfRun(t, m);
                                }
                            }));
                } finally {
                    stopJfr(jfrDir, recorded, name, out);
                }
                if (perNode != null && system.counts().containsKey("sockets")) {
                    perNode.afterSocketsClosed(system, system.counts().get("sockets"));
                }
            }
            if (ceiling || ceilingOnly) {
                try (CeilingProcess cp = CeilingProcess.start(List.of(jvm.split("\\s+")), 2, 1000)) {
                    Target target = Target.connect(client, cp.url(), user, password, "ceiling");
                    top = scenario.run(target, new RunContext(out, run + "c", t -> OptionalLong.of(cp.pid()),
                            io.switchboard.bench.probe.CpuMeter.of(Map.of("ceiling", cp.pid(),
                                    "bench", ProcessHandle.current().pid()), Map.of())));
                }
            }
        } catch (RuntimeException e) {
            out.println("bench: " + name + " failed: " + e.getMessage());
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
            if (handBuilt != null) {
                handBuilt.close();
            }
        }
        report.environment("load_avg_after", ProcessProbe.loadAverages());
        merge(report, system, top);
        report.printTable(out);
        out.println(report.jsonLine());
        if (charts) {
            java.nio.file.Path dir = chartsDir != null ? java.nio.file.Path.of(chartsDir)
                    : projectDir().resolve(".switchboard/bench").resolve(run);
            try {
                List<java.nio.file.Path> files = io.switchboard.bench.chart.RunCharts.write(dir, report, run, system, top);
                out.println("[bench] charts of this run: " + dir.toAbsolutePath() + " (" + files.size() + " SVG files)");
            } catch (java.io.IOException e) {
                out.println("[bench] could not write the charts to " + dir + ": " + e.getMessage());
            }
        }
        return report.deliveryCorrect() ? 0 : 1;
    }

    /**
     * The processes whose CPU a system run counts: the three services (found by their ports), and
     * with {@code --start} PostgreSQL (with its backends) and Redis; the bench itself for reference.
     */
    private static io.switchboard.bench.probe.CpuMeter systemCpu(Target target, SystemStarter.StartedSystem started) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        Map<String, Boolean> children = new HashMap<>();
        ProcessProbe.pidListeningOn(java.net.URI.create(target.api()).getPort()).ifPresent(p -> pids.put("api", p));
        ProcessProbe.pidListeningOn(target.adminWsPort()).ifPresent(p -> pids.put("admin-ws", p));
        ProcessProbe.pidListeningOn(target.widgetWsPort()).ifPresent(p -> pids.put("widget-ws", p));
        if (started != null) {
            Map<String, String> env = started.serviceEnvironment();
            portOf(env.get("QUARKUS_DATASOURCE_JDBC_URL"), "jdbc:").flatMap(ProcessProbe::pidListeningOn)
                    .ifPresent(p -> {
                        pids.put("postgres", p);
                        children.put("postgres", true);
                    });
            portOf(env.get("QUARKUS_REDIS_HOSTS"), "").flatMap(ProcessProbe::pidListeningOn)
                    .ifPresent(p -> pids.put("redis", p));
        }
        pids.put("bench", ProcessHandle.current().pid());
        return io.switchboard.bench.probe.CpuMeter.of(pids, children);
    }

    /**
     * {@code --nodes N}: every service instance on its own ({@code api-1}, {@code api-2}, {@code admin-ws-1}…), nginx
     * with its workers, PostgreSQL with its backends, Redis, and the bench.
     */
    private static io.switchboard.bench.probe.CpuMeter nodesCpu(SystemStarter.StartedSystem started) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        Map<String, Boolean> children = new HashMap<>();
        for (SystemStarter.Node n : started.nodes()) {
            pids.put(n.name(), n.pid());
        }
        started.front().ifPresent(f -> {
            pids.put("nginx", f.pid());
            children.put("nginx", true);
        });
        Map<String, String> env = started.serviceEnvironment();
        portOf(env.get("QUARKUS_DATASOURCE_JDBC_URL"), "jdbc:").flatMap(ProcessProbe::pidListeningOn).ifPresent(p -> {
            pids.put("postgres", p);
            children.put("postgres", true);
        });
        portOf(env.get("QUARKUS_REDIS_HOSTS"), "").flatMap(ProcessProbe::pidListeningOn).ifPresent(p -> pids.put("redis", p));
        pids.put("bench", ProcessHandle.current().pid());
        return io.switchboard.bench.probe.CpuMeter.of(pids, children);
    }

    /** The hand-built Node server's process, PostgreSQL and Redis (when the bench started them) and the bench. */
    private static io.switchboard.bench.probe.CpuMeter handBuiltCpu(Target target,
                                                                   io.switchboard.bench.node.HandBuiltNode started) {
        if (started != null) {
            return started.cpuMeter();
        }
        return ProcessProbe.pidListeningOn(java.net.URI.create(target.api()).getPort())
                .map(p -> io.switchboard.bench.node.HandBuiltNode.cpuMeter(p, 0, 0))
                .orElse(io.switchboard.bench.probe.CpuMeter.none());
    }

    /** The project directory ({@code switchboard.home}, set by the launcher), else the working directory. */
    static java.nio.file.Path projectDir() {
        return java.nio.file.Path.of(System.getProperty("switchboard.home", ".")).toAbsolutePath().normalize();
    }

    private static java.util.Optional<Integer> portOf(String url, String prefix) {
        if (url == null || !url.startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        int port = java.net.URI.create(url.substring(prefix.length())).getPort();
        return port > 0 ? java.util.Optional.of(port) : java.util.Optional.empty();
    }

    /** With {@code --jfr DIR} and {@code --start}: a JFR profile of each service during the system run. */
    private static Map<String, Long> startJfr(String dir, SystemStarter.StartedSystem started, PrintStream out) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        if (dir == null) {
            return pids;
        }
        if (started == null) {
            out.println("[bench] --jfr needs --start (it profiles the services it started)");
            return pids;
        }
        for (String service : List.of("api", "admin-ws", "widget-ws")) {
            started.pid(service).ifPresent(p -> {
                if (ProcessProbe.jcmd(p, "JFR.start", "name=bench", "settings=profile") != null) {
                    pids.put(service, p);
                }
            });
        }
        return pids;
    }

    private static void stopJfr(String dir, Map<String, Long> pids, String scenario, PrintStream out) {
        pids.forEach((service, p) -> {
            java.nio.file.Path file = java.nio.file.Path.of(dir).toAbsolutePath().resolve(scenario + "-" + service + ".jfr");
            try {
                java.nio.file.Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                out.println("[bench] cannot create " + file.getParent());
                return;
            }
            ProcessProbe.jcmd(p, "JFR.dump", "name=bench", "filename=" + file);
            ProcessProbe.jcmd(p, "JFR.stop", "name=bench");
            out.println("[bench] JFR profile of " + service + ": " + file
                    + "  (./switchboard bench jfr-top --file " + file + ")");
        });
    }

    /** Figures side by side; counts of the ceiling run prefixed {@code ceiling_}. */
    static void merge(RunReport report, Measurement system, Measurement top) {
        Measurement main = system != null ? system : top;
        for (Map.Entry<String, Double> f : main.figures().entrySet()) {
            Double c = system != null && top != null ? top.figures().get(f.getKey()) : null;
            report.figure(new Figure(f.getKey(), f.getValue(), c, main.higherIsBetter().contains(f.getKey())));
        }
        main.counts().forEach(report::count);
        main.notes().forEach(report::note);
        if (system != null && top != null) {
            top.counts().forEach((k, v) -> report.count("ceiling_" + k, v));
            top.notes().forEach(n -> report.note("ceiling: " + n));
        } else if (system == null) {
            report.note("ceiling only: the figures are the raw Vert.x server's");
        }
    }

    static String usage() {
        return """
                usage: ./switchboard bench <scenario> [options]

                scenarios (small defaults; scale with the options):
                  s1   end-to-end: --dialogs 20 --operators 3 --widgets 1 --rate 30 --duration 10s
                  s2   fan-out to one dialog: --subscribers 200 --rate 10 (broadcasts/s) --duration 10s
                  s3   many small dialogs: --dialogs 200 --operators 2 --widgets 1 --rate 100 --duration 10s
                  s4   idle density: --connections 1000 --dialogs 50 [--pid <admin-ws pid>]
                       [--class-histogram 25: print the service's heap by class when idle, and per
                        connection: idle minus before the ramp]
                       [--heap-dump <file>: write the service's live heap (HPROF, jcmd GC.heap_dump)
                        there when idle; read it with bench/tools/hprof_owners.py]
                       [--credential token|ticket: the login JWT in each URL, or a one-time ticket
                        per socket as the dashboard connects]
                  s5   reconnect storm: --clients 500 --dialogs 50 --rate 50 --before 4s --window 15s
                  datapath        redis-benchmark PUBLISH and pgbench INSERT+UPDATE ceilings (needs --start
                                  or --redis host:port --jdbc jdbc:postgresql://... --db-user --db-password)
                  startup         time from process start to ready and idle RSS of each service (needs --start)
                  ceiling-server  run the raw Vert.x ceiling server alone: --port 8090
                  jfr-top         summarise a JFR recording by hottest methods: --file x.jfr [--limit 25]
                  charts          SVG charts across runs: p99 against the offered rate, CPU per message by process
                                  --runs docs/performance-runs.jsonl[,more.jsonl] --out docs/charts
                                  [--series-match REGEX] only the runs whose series it finds

                target:
                  --api http://localhost:8080   a running system (socket URLs from /api/client-config)
                  --user admin --password admin123   an admin login (the seed data)
                  --start [--profile prod]      start a system on free ports via the launcher (guest rate
                                                limit raised; prod gets a fresh JWT key pair and the seed)
                  --start --nodes N             N instances of each service (api-1.., admin-ws-1.., widget-ws-1..)
                                                behind nginx running deploy/nginx (one server line per instance,
                                                edge limits taken out); the load goes through nginx; prints CPU
                                                per node, each node's share and, per socket node, its sockets,
                                                the dialogs they hold and the Redis channels it subscribed (not s4)
                  --no-ceiling / --ceiling-only skip / run only the raw Vert.x ceiling comparison
                  --target node --start         s1, s2 or s3 (guests posting) against the hand-built Node server
                                                (bench/hand-built-node: ws + pg + ioredis) on its own PostgreSQL
                                                and Redis
                charts: --charts DIR (default .switchboard/bench/<run id>) or --no-charts; --series LABEL
                        names the run's series in BENCH_JSON (environment.series) for `bench charts`
                common: --warmup 2s --drain 15s --post-as guest|operator --connect-parallel 200
                        --event-loops 2 --http-connections 64 --service-jvm "-Xmx512m -XX:+ExitOnOutOfMemoryError"
                        --jfr DIR (with --start: a JFR CPU profile of each service during the run)
                        s1/s3 send the warm-up first and let it drain before the measured phase starts
                s1/s3: --webhook  a webhook receiver in the bench, registered (as the admin) for every guest
                        message of the run's assistant: verifies each signature and reports deliveries, lost,
                        duplicates, out-of-order and commit -> receiver latency (system run only; with --start
                        the services allow the loopback target, SWITCHBOARD_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true)

                Load goes to loopback addresses only. Every run prints a table and one line
                starting with BENCH_JSON; exit code 1 when anything was lost, duplicated or reordered.
                """;
    }
}
