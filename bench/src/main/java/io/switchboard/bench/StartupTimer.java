package io.switchboard.bench;

import io.switchboard.bench.client.BenchClient;
import io.switchboard.bench.client.HttpAnswer;
import io.switchboard.bench.probe.CpuMeter;
import io.switchboard.bench.probe.ProcessProbe;
import io.switchboard.bench.report.Figure;
import io.switchboard.bench.report.RunReport;
import io.vertx.core.http.HttpMethod;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Time from process start to {@code /q/health/ready} = 200 for each service, polled every 10 ms,
 * and its RSS once idle: extra instances are started next to a running system so PostgreSQL and
 * Redis are warm and only the service's own start is timed. The CPU the process used until ready is
 * reported too: on a busy machine the wall time depends on the neighbours, the CPU time hardly does. {@code {service}} in {@code --service-jvm}
 * is replaced by the service's name, so each can have its own class-data archive
 * ({@code -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/tmp/cds/{service}.jsa} on JDK 19+).
 */
final class StartupTimer {
    private static final List<String> SERVICES = List.of("api", "admin-ws", "widget-ws");

    private StartupTimer() {
    }

    static int run(BenchOptions o, PrintStream out, SystemStarter starter) {
        String profile = o.string("profile", Bench.DEFAULT_PROFILE);
        int repeat = o.integer("repeat", 3);
        String jvm = o.string("service-jvm", "-Xmx512m -XX:+ExitOnOutOfMemoryError");
        long idleMillis = o.duration("idle", java.time.Duration.ofSeconds(5)).toMillis();
        o.flag("start");
        if (!o.unused().isEmpty()) {
            out.println("bench: unknown option(s) for startup: " + o.unused());
            return 2;
        }
        if (starter == null) {
            out.println("bench: startup needs the launcher: ./switchboard bench startup --start");
            return 2;
        }
        RunReport report = new RunReport("startup");
        report.parameter("repeat", repeat).parameter("service_jvm", jvm).parameter("profile", profile);
        report.environment("load_avg_before", ProcessProbe.loadAverages());
        try (BenchClient client = new BenchClient(1, 4);
             SystemStarter.StartedSystem system = starter.start(profile, Map.of(), List.of("-Xmx512m"), null)) {
            for (String service : SERVICES) {
                long[] ready = new long[repeat];
                long[] rss = new long[repeat];
                long[] cpu = new long[repeat];
                for (int i = 0; i < repeat; i++) {
                    List<String> options = List.of(jvm.replace("{service}", service).split("\\s+"));
                    try (SystemStarter.ExtraService extra = system.startExtra(service, options)) {
                        ready[i] = awaitReady(client, extra);
                        cpu[i] = Math.round(CpuMeter.processMillis(extra.pid()));
                        Thread.sleep(idleMillis);
                        rss[i] = ProcessProbe.rssKb(extra.pid());
                        out.printf("[bench startup] %s run %d: ready after %d ms (%d ms CPU), idle RSS %.1f MiB%n",
                                service, i + 1, ready[i], cpu[i], ProcessProbe.mb(rss[i]));
                    }
                }
                Arrays.sort(ready);
                Arrays.sort(rss);
                Arrays.sort(cpu);
                report.figure(new Figure(service.replace('-', '_') + "_ready_median_ms", ready[repeat / 2], null, false));
                report.figure(new Figure(service.replace('-', '_') + "_ready_max_ms", ready[repeat - 1], null, false));
                report.figure(new Figure(service.replace('-', '_') + "_cpu_to_ready_median_ms", cpu[repeat / 2], null,
                        false));
                report.figure(new Figure(service.replace('-', '_') + "_idle_rss_mb", ProcessProbe.mb(rss[repeat / 2]), null,
                        false));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            out.println("bench: startup failed: " + e.getMessage());
            return 1;
        }
        report.environment("load_avg_after", ProcessProbe.loadAverages());
        report.printTable(out);
        out.println(report.jsonLine());
        return 0;
    }

    private static long awaitReady(BenchClient client, SystemStarter.ExtraService extra) throws InterruptedException {
        long deadline = extra.startedNanos() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpAnswer a = client.call(HttpMethod.GET, extra.url() + "/q/health/ready", null, null).join();
            if (a.status() == 200) {
                return (System.nanoTime() - extra.startedNanos()) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not ready after 120 s: " + extra.url());
    }
}
