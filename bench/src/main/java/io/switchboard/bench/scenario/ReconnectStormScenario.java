package io.switchboard.bench.scenario;

import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.LatencySummary;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.load.Accounting;
import io.switchboard.bench.load.OpenLoopSender;
import io.switchboard.bench.load.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * S5 reconnect storm: K operator sockets over D dialogs plus one observer socket per dialog, messages
 * flowing all the time. At once all K are dropped and reconnect with {@code after_seq} = the last seq
 * each had. Measures how long until 99 % (and all) are back and have every message stored before the
 * drop, checks that nothing was lost across the reconnect, and the observers' latency meanwhile.
 */
public final class ReconnectStormScenario extends NamedScenario {
    private final int clients;
    private final int dialogs;
    private final double rate;
    private final Duration before;
    private final Duration window;
    private final int parallel;
    private final int reconnectParallel;
    private final boolean postAsOperator;

    public ReconnectStormScenario(BenchOptions o) {
        super("s5");
        clients = o.integer("clients", 500);
        dialogs = o.integer("dialogs", 50);
        rate = o.decimal("rate", 50);
        before = o.duration("before", Duration.ofSeconds(4));
        window = o.duration("window", Duration.ofSeconds(15));
        parallel = o.integer("connect-parallel", 200);
        reconnectParallel = o.integer("reconnect-parallel", 100_000);
        postAsOperator = !"guest".equals(o.string("post-as", "operator"));
        parameters.put("clients_dropped", Integer.toString(clients));
        parameters.put("dialogs", Integer.toString(dialogs));
        parameters.put("observers", Integer.toString(dialogs));
        parameters.put("rate_per_s", Double.toString(rate));
        parameters.put("traffic_before_drop_s", Double.toString(before.toMillis() / 1000.0));
        parameters.put("recovery_window_s", Double.toString(window.toMillis() / 1000.0));
        parameters.put("reconnect_parallel", Integer.toString(reconnectParallel));
    }

    @Override
    public Measurement run(Target target, RunContext context) {
        int perDialog = Math.max(1, (int) Math.ceil(clients / (double) dialogs));
        int total = (int) (rate * (before.toMillis() + window.toMillis()) / 1000);
        int warmupIds = (int) (rate * Math.min(2000, before.toMillis()) / 1000);
        Traffic t = new Traffic(target, context, dialogs, perDialog + 1, 0, total, warmupIds, postAsOperator);
        List<Subscriber> dropped = new ArrayList<>();
        int[] seen = new int[dialogs];
        for (Subscriber s : t.subscribers) {
            if (seen[s.dialog().index()]++ == 0) {
                s.observer(true);
            } else if (dropped.size() < clients) {
                dropped.add(s);
            }
        }
        try {
            t.openAll(parallel, Duration.ofSeconds(180));
            context.say(target, String.format("traffic at %.0f/s; dropping %d sockets after %d s", rate, dropped.size(),
                    before.toSeconds()));
            CompletableFuture<OpenLoopSender.Result> sending = t.send(rate, total, 10_000, warmupIds);
            pause(before);

            context.cpu().start();
            long dropNanos = System.nanoTime();
            List<CompletableFuture<Long>> back = new ArrayList<>();
            t.stats.openWindow();
            for (Subscriber s : dropped) {
                s.drop();
            }
            Semaphore inFlight = new Semaphore(reconnectParallel);
            for (Subscriber s : dropped) {
                back.add(s.watchCatchUp(t.expected.highest(s.dialog().index())));
                inFlight.acquireUninterruptibly();
                s.open(target.client(), t.url(s)).whenComplete((v, e) -> inFlight.release());
            }
            long[] recovery = new long[dropped.size()];
            Arrays.fill(recovery, Long.MAX_VALUE);
            long deadline = dropNanos + window.toNanos();
            for (int i = 0; i < back.size(); i++) {
                try {
                    long at = back.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    recovery[i] = at - dropNanos;
                } catch (Exception notBack) {
                    // counted as not recovered
                }
            }
            LatencySummary stormObservers = t.stats.closeWindow();
            Measurement m = new Measurement();
            context.cpuFigures(m, "reconnect", dropped.size(), 1);
            Arrays.sort(recovery);
            int recovered = (int) Arrays.stream(recovery).filter(r -> r != Long.MAX_VALUE).count();
            OpenLoopSender.Result sent = Traffic.await(sending, window.plus(before).plusSeconds(90));
            Accounting acc = t.account(Duration.ofSeconds(20));

            m.lower("back_and_caught_up_p50_ms", ms(recovery, 0.50));
            m.lower("back_and_caught_up_p99_ms", ms(recovery, 0.99));
            m.lower("back_and_caught_up_all_ms", ms(recovery, 1.0));
            m.lower("observers_during_storm_p99_ms", stormObservers.p99());
            m.lower("observers_during_storm_max_ms", stormObservers.max());
            t.stats.latency().figures("delivery").forEach(m::lower);
            Traffic.report(m, sent, acc);
            m.count("dropped", dropped.size()).count("recovered_in_window", recovered)
                    .count("not_recovered", dropped.size() - recovered);
            if (recovered < dropped.size()) {
                m.note((dropped.size() - recovered) + " dropped sockets were not back and caught up within "
                        + window.toSeconds() + " s");
            }
            m.latencyBySecond(t.stats.bySecond());
            return m;
        } finally {
            t.closeAll();
        }
    }

    /** The q-quantile of sorted nanosecond values in ms; NaN-free: an unrecovered one counts as the window. */
    private double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        long v = sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
        return v == Long.MAX_VALUE ? -1 : Math.round(v / 10_000.0) / 100.0;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
