package io.switchboard.bench;

import io.switchboard.bench.client.BenchClient;
import io.switchboard.bench.client.BenchDialog;
import io.switchboard.bench.client.LoopbackGuard;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.probe.ProcessProbe;
import io.switchboard.bench.report.Figure;
import io.switchboard.bench.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ceilings of the data path, measured with the stock tools against the same PostgreSQL and Redis the
 * services use: {@code redis-benchmark} PUBLISH (one per message) and {@code pgbench} running the
 * API's own transaction (UPDATE dialogs ... RETURNING last_seq, INSERT INTO messages).
 */
final class DataPathCeilings {
    private static final Pattern RPS = Pattern.compile("([0-9.]+) requests per second");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private DataPathCeilings() {
    }

    static int run(BenchOptions o, PrintStream out, SystemStarter starter) {
        boolean start = o.flag("start");
        String profile = o.string("profile", Bench.DEFAULT_PROFILE);
        String api = o.string("api", "http://localhost:8080");
        String redis = o.string("redis", null);
        String jdbc = o.string("jdbc", null);
        String dbUser = o.string("db-user", "postgres");
        String dbPassword = o.string("db-password", "postgres");
        int requests = o.integer("requests", 200_000);
        int clients = o.integer("clients", 8);
        int seconds = o.integer("seconds", 10);
        int dialogCount = o.integer("dialogs", 100);
        String user = o.string("user", "admin");
        String password = o.string("password", "admin123");
        if (!o.unused().isEmpty()) {
            out.println("bench: unknown option(s) for datapath: " + o.unused());
            return 2;
        }
        RunReport report = new RunReport("datapath");
        report.environment("load_avg_before", ProcessProbe.loadAverages());
        report.parameter("redis_requests", requests).parameter("clients", clients).parameter("pgbench_seconds", seconds);
        SystemStarter.StartedSystem started = null;
        try (BenchClient client = new BenchClient(2, 16)) {
            if (start) {
                if (starter == null) {
                    out.println("bench: --start needs the launcher (./switchboard bench datapath --start)");
                    return 2;
                }
                started = starter.start(profile, Map.of(), List.of("-Xmx512m"), null);
                api = started.apiUrl();
                Map<String, String> env = started.serviceEnvironment();
                redis = env.get("QUARKUS_REDIS_HOSTS");
                jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
                dbUser = env.getOrDefault("QUARKUS_DATASOURCE_USERNAME", dbUser);
                dbPassword = env.getOrDefault("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
            }
            if (redis == null || jdbc == null) {
                out.println("bench: datapath needs --start, or --redis redis://127.0.0.1:6379 and --jdbc jdbc:postgresql://127.0.0.1:5432/postgres");
                return 2;
            }
            URI r = URI.create(LoopbackGuard.require(redis.startsWith("redis") ? redis : "redis://" + redis));
            String payload = "x".repeat(400);
            String unpiped = tool(out, List.of("redis-benchmark", "-h", r.getHost(), "-p", Integer.toString(r.getPort()),
                    "-n", Integer.toString(requests), "-c", Integer.toString(clients), "-q",
                    "PUBLISH", "ws:dialog:bench", payload), Map.of());
            String piped = tool(out, List.of("redis-benchmark", "-h", r.getHost(), "-p", Integer.toString(r.getPort()),
                    "-n", Integer.toString(requests * 5), "-c", Integer.toString(clients), "-P", "16", "-q",
                    "PUBLISH", "ws:dialog:bench", payload), Map.of());
            report.figure(new Figure("redis_publish_per_s", first(RPS, unpiped), null, true));
            report.figure(new Figure("redis_publish_pipelined16_per_s", first(RPS, piped), null, true));

            Target target = Target.connect(client, api, user, password, "system");
            long assistant = target.createAssistant("bench pgbench");
            List<BenchDialog> dialogs = new ArrayList<>();
            for (int i = 0; i < dialogCount; i++) {
                dialogs.addAll(target.createDialogs(assistant, "pgbench-" + System.nanoTime() + "-" + i, 1, 1));
            }
            long min = dialogs.stream().mapToLong(BenchDialog::id).min().orElseThrow();
            long max = dialogs.stream().mapToLong(BenchDialog::id).max().orElseThrow();
            if (max - min + 1 != dialogs.size()) {
                report.note("dialog ids were not contiguous; pgbench used only the first one");
                max = min;
            }
            Path script = Files.createTempFile("switchboard-pgbench", ".sql");
            Files.writeString(script, """
                    \\set d random(:dmin, :dmax)
                    BEGIN;
                    UPDATE dialogs SET last_seq = last_seq + 1, last_message_at = now(), updated_at = now() WHERE id = :d RETURNING last_seq AS seq \\gset
                    INSERT INTO messages (dialog_id, seq, sender, text) VALUES (:d, :seq, 'user', 'pgbench message of a typical length for a chat');
                    COMMIT;
                    """, StandardCharsets.UTF_8);
            URI db = URI.create(LoopbackGuard.require(jdbc.substring("jdbc:".length())));
            String dbName = db.getPath() == null || db.getPath().length() < 2 ? "postgres" : db.getPath().substring(1);
            Map<String, String> pgEnv = new HashMap<>();
            pgEnv.put("PGPASSWORD", dbPassword);
            for (int c : List.of(1, clients)) {
                String res = tool(out, List.of("pgbench", "-n", "-h", db.getHost(), "-p", Integer.toString(db.getPort()),
                        "-U", dbUser, "-c", Integer.toString(c), "-j", Integer.toString(Math.min(c, 2)),
                        "-T", Integer.toString(seconds), "-D", "dmin=" + min, "-D", "dmax=" + max,
                        "-f", script.toString(), dbName), pgEnv);
                report.figure(new Figure("pg_insert_update_tps_" + c + "_clients", first(TPS, res), null, true));
                report.figure(new Figure("pg_insert_update_latency_" + c + "_clients_ms", first(LATENCY, res), null, false));
            }
            Files.deleteIfExists(script);
        } catch (IOException | RuntimeException e) {
            out.println("bench: datapath failed: " + e.getMessage());
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
        }
        report.environment("load_avg_after", ProcessProbe.loadAverages());
        report.note("these are ceilings of the data path: each message costs one such transaction and one or two PUBLISHes");
        report.printTable(out);
        out.println(report.jsonLine());
        return 0;
    }

    private static double first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        double v = -1;
        while (m.find()) {
            v = Double.parseDouble(m.group(1));
        }
        return v;
    }

    private static String tool(PrintStream out, List<String> cmd, Map<String, String> env) throws IOException {
        out.println("[bench datapath] " + String.join(" ", cmd.stream()
                .map(a -> a.length() > 40 ? a.substring(0, 12) + "...(" + a.length() + " chars)" : a).toList()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(cmd.get(0) + " is not installed (Debian: apt-get install "
                    + ("pgbench".equals(cmd.get(0)) ? "postgresql-contrib" : "redis-tools") + ")", e);
        }
        byte[] bytes = p.getInputStream().readAllBytes();
        try {
            p.waitFor(300, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text = new String(bytes, StandardCharsets.UTF_8).replace('\r', '\n');
        String last = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        out.println("[bench datapath]   " + last.trim());
        return text;
    }
}
