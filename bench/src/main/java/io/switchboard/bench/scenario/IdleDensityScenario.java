package io.switchboard.bench.scenario;

import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.load.Accounting;
import io.switchboard.bench.load.OpenLoopSender;
import io.switchboard.bench.load.SocketRamp;
import io.switchboard.bench.probe.ProcessProbe;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * S4 idle density: N authenticated, subscribed operator sockets spread over D dialogs, nothing
 * happening. Measures the socket service's RSS and heap after a full GC before the ramp, when all
 * are idle, and after one message reached every connection.
 */
public final class IdleDensityScenario extends NamedScenario {
    private final int connections;
    private final int dialogs;
    private final int parallel;
    private final Duration settle;
    private final int histogram;
    private final Duration idleWindow;
    private final boolean tickets;
    private final String heapDump;

    public IdleDensityScenario(BenchOptions o) {
        super("s4");
        connections = o.integer("connections", 1000);
        dialogs = o.integer("dialogs", 50);
        parallel = o.integer("connect-parallel", 200);
        settle = o.duration("settle", Duration.ofSeconds(3));
        histogram = o.integer("class-histogram", 0);
        idleWindow = o.duration("idle-window", Duration.ofSeconds(10));
        // an HPROF file of the service's live heap, written at the idle point (after the histogram)
        heapDump = o.string("heap-dump", null);
        // token: the login JWT in each socket's URL (a server-side client); ticket: a one-time ticket per socket,
        // as the dashboard connects. Vert.x keeps the upgrade's URL several times per connection, so it matters.
        String credential = o.string("credential", "token");
        if (!credential.equals("token") && !credential.equals("ticket")) {
            throw new IllegalArgumentException("--credential must be token or ticket, not " + credential);
        }
        tickets = credential.equals("ticket");
        parameters.put("credential", credential);
        parameters.put("connections", Integer.toString(connections));
        parameters.put("dialogs", Integer.toString(dialogs));
        parameters.put("settle_s", Double.toString(settle.toMillis() / 1000.0));
    }

    @Override
    public Measurement run(Target target, RunContext context) {
        OptionalLong pid = context.socketServicePid().apply(target);
        if (pid.isEmpty()) {
            throw new IllegalStateException("cannot find the socket service process listening on port "
                    + target.adminWsPort() + "; pass --pid <admin-ws pid>");
        }
        long p = pid.getAsLong();
        int perDialog = Math.max(1, (int) Math.ceil(connections / (double) dialogs));
        Traffic t = new Traffic(target, context, dialogs, perDialog, 0, dialogs, 0, true);
        // trim to exactly N sockets
        while (t.subscribers.size() > connections) {
            io.switchboard.bench.load.Subscriber s = t.subscribers.remove(t.subscribers.size() - 1);
            t.receiversPerDialog[s.dialog().index()]--;
        }
        try {
            pause(settle);
            long heapBase = ProcessProbe.heapAfterGcKb(p);
            long rssBase = ProcessProbe.rssKb(p);
            context.say(target, "pid " + p + " before: RSS " + rssBase + " KiB, heap after GC " + heapBase + " KiB");
            String histogramBase = histogram > 0 ? ProcessProbe.jcmd(p, "GC.class_histogram") : null;
            SocketRamp.Result ramp = tickets
                    ? t.openAll(parallel, Duration.ofSeconds(300),
                            s -> target.operatorTicketSocketUrl(s.dialog(), s.ledger().contiguousSeq()))
                    : t.openAll(parallel, Duration.ofSeconds(300));
            pause(settle);
            io.switchboard.bench.probe.CpuMeter idleCpu = io.switchboard.bench.probe.CpuMeter.of(
                    java.util.Map.of("service", p), java.util.Map.of());
            idleCpu.start();
            pause(idleWindow);
            double idleCpuMs = idleCpu.elapsedMillis().get("service");
            long heapIdle = ProcessProbe.heapAfterGcKb(p);
            long rssIdle = ProcessProbe.rssKb(p);
            long files = ProcessProbe.openFiles(p);
            if (histogram > 0) {
                String h = ProcessProbe.jcmd(p, "GC.class_histogram");
                if (h != null) {
                    context.say(target, "heap by class with " + ramp.opened() + " idle sockets (top " + histogram + "):");
                    h.lines().limit(histogram + 3L).forEach(l -> context.progress().println("    " + l));
                    if (histogramBase != null) {
                        context.say(target, "heap per connection by class, idle minus before the ramp (top " + histogram + "):");
                        ClassHistogram.perConnection(histogramBase, h, ramp.opened(), histogram)
                                .forEach(l -> context.progress().println("    " + l));
                    }
                }
            }
            if (heapDump != null) {
                String file = java.nio.file.Path.of(heapDump).toAbsolutePath().toString();
                String out = ProcessProbe.jcmd(p, "GC.heap_dump", file);
                context.say(target, out == null ? "heap dump to " + file + " failed"
                        : "heap dump of " + ramp.opened() + " idle sockets: " + file);
            }
            context.say(target, "idle with " + ramp.opened() + " sockets: RSS " + rssIdle + " KiB, heap " + heapIdle + " KiB");
            OpenLoopSender.Result sent = Traffic.await(t.send(Math.min(500, dialogs * 10.0), dialogs, 5000, 0),
                    Duration.ofSeconds(120));
            Accounting acc = t.account(Duration.ofSeconds(30));
            pause(settle);
            long heapMsg = ProcessProbe.heapAfterGcKb(p);
            long rssMsg = ProcessProbe.rssKb(p);
            int n = ramp.opened();
            Measurement m = new Measurement();
            m.lower("rss_before_mb", ProcessProbe.mb(rssBase));
            m.lower("rss_idle_mb", ProcessProbe.mb(rssIdle));
            m.lower("rss_per_idle_conn_kb", perConn(rssIdle - rssBase, n));
            m.lower("heap_per_idle_conn_kb", perConn(heapIdle - heapBase, n));
            m.lower("rss_after_message_mb", ProcessProbe.mb(rssMsg));
            m.lower("rss_per_conn_after_message_kb", perConn(rssMsg - rssBase, n));
            m.lower("heap_per_conn_after_message_kb", perConn(heapMsg - heapBase, n));
            m.higher("connects_per_s", n / Math.max(1e-3, ramp.seconds()));
            // CPU the service burns while every connection is idle (timers, pings, sweeps), per 1000 connections
            m.lower("idle_cpu_millicores_per_1000_conn",
                    Math.round(idleCpuMs / (idleWindow.toMillis() / 1000.0) * 1000.0 / Math.max(1, n) * 100) / 100.0);
            m.count("connections", n).count("open_files_of_service", files)
                    .count("lost", acc.lost()).count("duplicates", acc.duplicates())
                    .count("out_of_order", acc.outOfOrder()).count("sockets_closed_by_server", acc.closedByServer())
                    .count("post_failed", sent.failedTotal());
            if (heapBase < 0) {
                m.note("jcmd could not attach to pid " + p + ": heap figures are missing");
            }
            return m;
        } finally {
            t.closeAll();
        }
    }

    private static double perConn(long kb, int n) {
        return n == 0 ? 0 : Math.round(kb * 100.0 / n) / 100.0;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
