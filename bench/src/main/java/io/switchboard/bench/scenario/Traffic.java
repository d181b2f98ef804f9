package io.switchboard.bench.scenario;

import io.switchboard.bench.BenchPayload;
import io.switchboard.bench.client.BenchDialog;
import io.switchboard.bench.client.HttpAnswer;
import io.switchboard.bench.client.Target;
import io.switchboard.bench.load.Accounting;
import io.switchboard.bench.load.DeliveryStats;
import io.switchboard.bench.load.ExpectedSeqs;
import io.switchboard.bench.load.MessageTracker;
import io.switchboard.bench.load.OpenLoopSender;
import io.switchboard.bench.load.SocketRamp;
import io.switchboard.bench.load.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The parts every traffic scenario shares: dialogs with operator and widget sockets, an open-loop
 * sender posting round-robin over the dialogs, and the final accounting.
 */
final class Traffic {
    final Target target;
    final RunContext context;
    final List<BenchDialog> dialogs;
    final List<Subscriber> subscribers = new ArrayList<>();
    final int[] receiversPerDialog;
    final ExpectedSeqs expected;
    final MessageTracker tracker;
    final DeliveryStats stats;
    final boolean postAsOperator;
    final long assistant;

    Traffic(Target target, RunContext context, int dialogCount, int operatorsPerDialog, int widgetsPerDialog,
            int maxMessages, int warmupMessages, boolean postAsOperator) {
        this.target = target;
        this.context = context;
        this.postAsOperator = postAsOperator;
        context.say(target, "creating " + dialogCount + " dialogs");
        assistant = target.createAssistant("bench " + context.run());
        dialogs = target.createDialogs(assistant, "bench-" + context.run(), dialogCount, 32);
        if (postAsOperator) {
            target.takeOver(dialogs, 32);
        }
        expected = new ExpectedSeqs(dialogCount);
        tracker = new MessageTracker(Math.max(1, maxMessages));
        stats = new DeliveryStats(tracker, warmupMessages);
        receiversPerDialog = new int[dialogCount];
        for (BenchDialog d : dialogs) {
            for (int i = 0; i < operatorsPerDialog; i++) {
                subscribers.add(new Subscriber(d, true, context.run(), stats));
            }
            for (int i = 0; i < widgetsPerDialog; i++) {
                subscribers.add(new Subscriber(d, false, context.run(), stats));
            }
            receiversPerDialog[d.index()] = operatorsPerDialog + widgetsPerDialog;
        }
        subscribers.forEach(s -> s.reconnectAfterServerClose(target.client(), this::url));
    }

    /** Opens every socket; fails when some cannot subscribe, since the figures would be meaningless. */
    SocketRamp.Result openAll(int parallel, Duration timeout) {
        return openAll(parallel, timeout, this::url);
    }

    /** {@link #openAll(int, Duration)} with the URL of each socket's first connect from {@code firstUrl}. */
    SocketRamp.Result openAll(int parallel, Duration timeout, java.util.function.Function<Subscriber, String> firstUrl) {
        context.say(target, "opening " + subscribers.size() + " sockets (" + parallel + " handshakes at a time)");
        SocketRamp.Result r = SocketRamp.open(target.client(), subscribers, firstUrl, parallel, timeout);
        context.say(target, String.format("%d sockets subscribed in %.1f s", r.opened(), r.seconds()));
        if (r.failedTotal() > 0) {
            throw new IllegalStateException(r.failedTotal() + " of " + subscribers.size()
                    + " sockets did not subscribe: " + r.failed());
        }
        return r;
    }

    String url(Subscriber s) {
        long after = s.ledger().contiguousSeq();
        return s.isOperator() ? target.operatorSocketUrl(s.dialog(), after) : target.widgetSocketUrl(s.dialog(), after);
    }

    /** Starts the open-loop sender: message {@code id} goes to dialog {@code id % dialogs}. */
    CompletableFuture<OpenLoopSender.Result> send(double rate, int total, int maxInFlight, int warmupIds) {
        return send(rate, 0, total, maxInFlight, warmupIds);
    }

    /** Starts sending messages {@code firstId ..} on a schedule of their own, the first due at once. */
    CompletableFuture<OpenLoopSender.Result> send(double rate, int firstId, int total, int maxInFlight, int warmupIds) {
        return OpenLoopSender.start(target.client().vertx(), rate, firstId, total, maxInFlight, warmupIds, this::post);
    }

    private CompletableFuture<HttpAnswer> post(int id, long sentMicros) {
        BenchDialog d = dialogs.get(id % dialogs.size());
        tracker.sent(id, sentMicros, d.index());
        String text = new BenchPayload(context.run(), sentMicros, id).text();
        CompletableFuture<HttpAnswer> answer = postAsOperator ? target.operatorPost(d, text) : target.guestPost(d, text);
        return answer.thenApply(a -> {
            if (a.ok()) {
                long seq = io.switchboard.bench.BenchPayload.jsonLong(a.body(), "seq");
                if (seq > 0) {
                    expected.stored(d.index(), seq);
                }
            }
            return a;
        });
    }

    static OpenLoopSender.Result await(CompletableFuture<OpenLoopSender.Result> sending, Duration limit) {
        try {
            return sending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the sender did not finish within " + limit.toSeconds() + " s", e);
        }
    }

    /** Waits for stragglers, then counts loss, repeats and reordering. */
    Accounting account(Duration drain) {
        awaitDrained(drain);
        return Accounting.of(subscribers, expected);
    }

    /** Waits until every socket has every message stored so far, or arrivals stop (see {@link Accounting}). */
    void awaitDrained(Duration drain) {
        Accounting.awaitDrained(subscribers, expected, drain, stats::deliveries);
    }

    void closeAll() {
        subscribers.forEach(Subscriber::close);
    }

    static String joined(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    /** Adds the sender's and the accounting's figures and counts. */
    static void report(Measurement m, OpenLoopSender.Result sent, Accounting acc) {
        m.lower("post_p50_ms", sent.post().p50()).lower("post_p99_ms", sent.post().p99())
                .lower("post_max_ms", sent.post().max())
                .lower("send_lag_p99_ms", sent.lag().p99());
        m.count("messages_offered", sent.offered()).count("messages_stored", sent.answered())
                .count("post_failed", sent.failedTotal()).count("not_sent_client_backlog", sent.notSent())
                .count("lost", acc.lost()).count("duplicates", acc.duplicates())
                .count("out_of_order", acc.outOfOrder()).count("sockets_closed_by_server", acc.closedByServer())
                .count("reconnects_after_server_close", acc.serverCloseReconnects());
        for (Map.Entry<Integer, Long> e : sent.failed().entrySet()) {
            m.count("post_status_" + e.getKey(), e.getValue());
        }
        if (sent.failed().containsKey(429)) {
            m.note("the API rate-limited guest posts (429): start the system with "
                    + "SWITCHBOARD_LIMITS_GUEST_MESSAGES_PER_MINUTE=1000000 and SWITCHBOARD_LIMITS_ENABLED=false (--start"
                    + " does) or pass --post-as operator");
        }
        if (sent.post().p99() > 25) {
            m.note("slowest POST answer (ms) of the messages due in each second: "
                    + joined(sent.slowestPostBySecond()));
        }
        if (sent.lag().p99() > 50) {
            m.note("the bench itself fell behind its schedule (send lag p99 " + sent.lag().p99()
                    + " ms): the machine is saturated, so latencies include the bench's own delay");
        }
    }
}
