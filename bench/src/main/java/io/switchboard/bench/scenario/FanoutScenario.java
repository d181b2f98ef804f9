package io.switchboard.bench.scenario;

import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.LatencySummary;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.load.Accounting;
import io.switchboard.bench.load.OpenLoopSender;
import java.time.Duration;

/**
 * S2 fan-out: one dialog with N operator sockets, B broadcasts per second posted by an operator.
 * Measures deliveries per second and the time until the last subscriber has each message.
 */
public final class FanoutScenario extends NamedScenario {
    private final int subscribers;
    private final Pacing pace;

    public FanoutScenario(BenchOptions o) {
        super("s2");
        subscribers = o.integer("subscribers", 200);
        pace = Pacing.read(o, 10, 10, 20, "operator");
        parameters.put("subscribers", Integer.toString(subscribers));
        parameters.put("broadcasts_per_s", Double.toString(pace.rate()));
        parameters.put("offered_deliveries_per_s", Double.toString(pace.rate() * subscribers));
        pace.describe(parameters);
    }

    @Override
    public Measurement run(Target target, RunContext context) {
        double rate = pace.rate();
        int warmupIds = pace.warmupIds();
        int total = pace.total();
        Traffic t = new Traffic(target, context, 1, subscribers, 0, total, warmupIds, pace.postAsOperator());
        try {
            t.openAll(pace.parallel(), Duration.ofSeconds(180));
            context.say(target, String.format("broadcasting %d messages at %.1f/s to %d sockets", total, rate, subscribers));
            long startMicros = io.switchboard.bench.MicroClock.nowMicros();
            context.cpu().start();
            OpenLoopSender.Result sent = Traffic.await(t.send(rate, total, 10_000, warmupIds),
                    pace.duration().plus(pace.warmup()).plusSeconds(90));
            Accounting acc = t.account(pace.drain());
            Measurement m = new Measurement();
            context.cpuFigures(m, "delivery", t.stats.deliveries(), 1000);
            LatencySummary delivery = t.stats.latency();
            LatencySummary toLast = t.tracker.toLastReceiver(warmupIds, total, d -> t.receiversPerDialog[d]);
            double seconds = Math.max(1e-3, (t.stats.lastDeliveryMicros() - startMicros) / 1e6);
            m.higher("deliveries_per_s", t.stats.deliveries() / seconds);
            m.lower("to_last_subscriber_p50_ms", toLast.p50());
            m.lower("to_last_subscriber_p99_ms", toLast.p99());
            m.lower("to_last_subscriber_max_ms", toLast.max());
            delivery.figures("delivery").forEach(m::lower);
            Traffic.report(m, sent, acc);
            m.count("sockets", t.subscribers.size());
            m.count("deliveries", t.stats.deliveries());
            // What each delivery costs the server in writes: 2 while an operator's post also sent its author's read.
            m.count("event_frames", t.stats.frames());
            m.lower("frames_per_delivery", t.stats.frames() / (double) Math.max(1, t.stats.deliveries()));
            m.latencyBySecond(t.stats.bySecond());
            context.atEndOfRun(target, m);
            return m;
        } finally {
            t.closeAll();
        }
    }
}
