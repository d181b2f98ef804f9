package io.switchboard.bench.scenario;

import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.LatencySummary;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.load.Accounting;
import io.switchboard.bench.load.OpenLoopSender;
import io.switchboard.bench.webhook.WebhookReceiver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * S1 (end-to-end) and S3 (many small dialogs): D dialogs, each watched by S operator sockets and W
 * widget sockets, guests posting at R messages per second in total. Measures the time from the POST
 * to every socket delivery, the POST itself, and loss, repeats and reordering.
 */
public final class DialogTrafficScenario extends NamedScenario {
    private final int dialogs;
    private final int operators;
    private final int widgets;
    private final Pacing pace;
    private final int maxInFlight;
    private final boolean webhook;

    private DialogTrafficScenario(String name, BenchOptions o, int dialogs, int operators, int widgets, double rate,
                                  int seconds) {
        super(name);
        this.dialogs = o.integer("dialogs", dialogs);
        this.operators = o.integer("operators", operators);
        this.widgets = o.integer("widgets", widgets);
        this.pace = Pacing.read(o, rate, seconds, 15, "guest");
        this.maxInFlight = o.integer("max-inflight", 5000);
        this.webhook = o.flag("webhook");
        if (webhook && pace.postAsOperator()) {
            throw new IllegalArgumentException("--webhook subscribes to guest messages: it needs --post-as guest");
        }
        parameters.put("dialogs", Integer.toString(this.dialogs));
        parameters.put("operator_sockets_per_dialog", Integer.toString(this.operators));
        parameters.put("widget_sockets_per_dialog", Integer.toString(this.widgets));
        parameters.put("rate_per_s", Double.toString(pace.rate()));
        pace.describe(parameters);
        parameters.put("webhook", webhook ? "receiver in the bench, subscribed to guest.message of every dialog"
                : "none");
    }

    /** S1: 20 dialogs × 3 operator sockets + 1 widget socket, 30 msg/s for 10 s by default. */
    public static DialogTrafficScenario s1(BenchOptions o) {
        return new DialogTrafficScenario("s1", o, 20, 3, 1, 30, 10);
    }

    /** S3: 200 dialogs × 2 operator sockets + 1 widget socket, 100 msg/s for 10 s by default. */
    public static DialogTrafficScenario s3(BenchOptions o) {
        return new DialogTrafficScenario("s3", o, 200, 2, 1, 100, 10);
    }

    @Override
    public Measurement run(Target target, RunContext context) {
        double rate = pace.rate();
        Duration drain = pace.drain();
        int warmupIds = pace.warmupIds();
        int total = pace.total();
        Traffic t = new Traffic(target, context, dialogs, operators, widgets, total, warmupIds, pace.postAsOperator());
        // The ceiling server has no webhooks: the receiver is subscribed on the system only.
        WebhookReceiver hook = webhook && !"ceiling".equals(target.label()) ? subscribe(target, context, t, warmupIds)
                : null;
        try {
            t.openAll(pace.parallel(), Duration.ofSeconds(120));
            // The warm-up runs first, and its backlog drains before the measured phase starts on a schedule of its
            // own: the JIT compiles the hot paths during the first seconds, and at a rate near the box's capacity
            // the queue that builds meanwhile would otherwise take seconds into the measurement to drain, so the
            // percentiles would describe the JIT, not the steady state. The warm-up's figures are reported too.
            context.say(target, String.format("warm-up: %d messages at %.0f/s", warmupIds, rate));
            OpenLoopSender.Result warm = Traffic.await(t.send(rate, 0, warmupIds, maxInFlight, warmupIds),
                    pace.warmup().plusSeconds(90));
            long drainStart = System.nanoTime();
            t.awaitDrained(drain);
            if (hook != null) {
                hook.awaitDrained(t.expected, drain);
            }
            double drained = (System.nanoTime() - drainStart) / 1e9;
            LatencySummary warmDelivery = t.tracker.toLastReceiver(0, warmupIds, d -> t.receiversPerDialog[d]);
            context.say(target, String.format("measuring: %d messages at %.0f/s", total - warmupIds, rate));
            // CPU is counted for the measured phase only, for the same reason.
            context.cpu().start();
            long deliveredBefore = t.stats.deliveries();
            OpenLoopSender.Result measured = Traffic.await(t.send(rate, warmupIds, total - warmupIds, maxInFlight,
                    warmupIds), pace.duration().plusSeconds(90));
            OpenLoopSender.Result sent = measured.after(warm);
            Accounting acc = t.account(drain);
            if (hook != null) {
                // The CPU figures below include sending every webhook of the measured phase.
                hook.awaitDrained(t.expected, drain);
            }
            Measurement m = new Measurement();
            context.cpuFigures(m, "message", measured.answered(), 1);
            LatencySummary delivery = t.stats.latency();
            LatencySummary toAll = t.tracker.toLastReceiver(warmupIds, total, d -> t.receiversPerDialog[d]);
            double window = Math.max(1e-3, (t.stats.lastDeliveryMicros() > 0 ? measured.seconds() : 1));
            delivery.figures("delivery").forEach(m::lower);
            m.lower("to_all_sockets_p99_ms", toAll.p99());
            m.higher("stored_per_s", measured.answered() / measured.seconds());
            m.higher("deliveries_per_s", (t.stats.deliveries() - deliveredBefore) / window);
            m.lower("warmup_to_all_sockets_p99_ms", warmDelivery.p99());
            m.lower("warmup_drain_s", drained);
            if (hook != null) {
                webhookFigures(m, hook.result(t.expected), t);
                webhookPaths(m, target.apiMetrics());
            }
            Traffic.report(m, sent, acc);
            if (delivery.p99() > 25) {
                m.note("slowest delivery (ms) of the messages sent in each second, warm-up included: "
                        + Traffic.joined(t.tracker.slowestBySecond()));
            }
            m.latencyBySecond(t.stats.bySecond());
            m.count("sockets", t.subscribers.size());
            m.count("deliveries", t.stats.deliveries());
            context.atEndOfRun(target, m);
            return m;
        } finally {
            t.closeAll();
            if (hook != null) {
                hook.close();
            }
        }
    }

    /** Starts the receiver and registers it, as the target's admin, for every guest message of the run's assistant. */
    private static WebhookReceiver subscribe(Target target, RunContext context, Traffic t, int warmupIds) {
        WebhookReceiver hook = WebhookReceiver.start(context.run(), warmupIds);
        try {
            String secret = target.createWebhook(t.assistant, hook.url(), List.of("guest.message"));
            Map<Long, Integer> index = new HashMap<>();
            t.dialogs.forEach(d -> index.put(d.id(), d.index()));
            hook.subscribed(secret, index);
        } catch (RuntimeException e) {
            hook.close();
            throw e;
        }
        context.say(target, "webhook receiver " + hook.url() + " subscribed to guest.message of the "
                + t.dialogs.size() + " dialogs");
        return hook;
    }

    private static final java.util.regex.Pattern WEBHOOK_COUNTER = java.util.regex.Pattern.compile(
            "(?m)^switchboard_webhooks_(direct|claimed|handed_on|leases_renewed|recorded_batch)_(?:total|count|sum)"
            + "(?:\\{(?:[^}]*reason=\"([^\"]+)\")?[^}]*})? ([0-9.eE+-]+)$");

    /**
     * Which way message-api's webhook rows went (its counters over the whole run, warm-up included): sent straight
     * from the commit ({@code webhook_direct}), left to the claim by reason ({@code webhook_handed_on_<reason>}),
     * taken by the claim ({@code webhook_claimed}), leases renewed while rows waited for a slot
     * ({@code webhook_leases_renewed}); and the outcomes per bookkeeping transaction.
     */
    static void webhookPaths(Measurement m, String metrics) {
        java.util.regex.Matcher x = WEBHOOK_COUNTER.matcher(metrics);
        double batches = 0;
        double recorded = 0;
        while (x.find()) {
            long value = (long) Double.parseDouble(x.group(3));
            switch (x.group(1)) {
                case "handed_on" -> {
                    if (value > 0 && x.group(2) != null) {
                        m.count("webhook_handed_on_" + x.group(2).replace('-', '_'), value);
                    }
                }
                case "recorded_batch" -> {
                    if (x.group(0).contains("_count")) {
                        batches = value;
                    } else {
                        recorded = value;
                    }
                }
                default -> m.count("webhook_" + x.group(1), value);
            }
        }
        if (batches > 0) {
            m.lower("webhook_outcomes_per_bookkeeping_commit", recorded / batches);
        }
    }

    /**
     * The webhook figures: commit → receiver from the event's {@code ts}, POST → receiver from the bench's send time
     * (measured phase), and the correctness counts over the whole run (warm-up included).
     */
    private static void webhookFigures(Measurement m, WebhookReceiver.Result r, Traffic t) {
        r.commitToReceiver().figures("webhook_commit_to_receiver").forEach(m::lower);
        r.sendToReceiver().figures("webhook_post_to_receiver").forEach(m::lower);
        long expected = 0;
        for (int i = 0; i < t.dialogs.size(); i++) {
            expected += t.expected.of(i).cardinality();
        }
        m.count("webhook_expected", expected).count("webhook_received", r.requests())
                .count("webhook_lost", r.lost()).count("webhook_duplicates", r.duplicates())
                .count("webhook_out_of_order", r.outOfOrder()).count("webhook_bad_signature", r.badSignature());
        if (r.foreign() > 0) {
            m.note(r.foreign() + " webhook deliveries carried no message of this run");
        }
        m.note("webhook commit -> receiver: from the event's ts (taken by message-api inside the post's transaction,"
                + " just before the outbox insert and the commit) to its arrival at the bench's receiver");
    }
}
