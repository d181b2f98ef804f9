package io.switchboard.bench.load;

import io.switchboard.bench.LatencySummary;
import io.switchboard.bench.MicroClock;
import io.switchboard.bench.OpenLoopSchedule;
import io.switchboard.bench.client.HttpAnswer;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * Sends messages on a fixed schedule from a 1 ms Vert.x timer and never waits for replies before
 * sending the next. Bounded: it sends at most {@code total} messages and keeps at most
 * {@code maxInFlight} unanswered (beyond that a due message is counted as not sent, which a
 * healthy run never shows).
 */
public final class OpenLoopSender {
    /** Posts message {@code id}, stamped with {@code sentMicros}; answers with the API's reply. */
    @FunctionalInterface
    public interface Poster {
        CompletableFuture<HttpAnswer> post(int id, long sentMicros);
    }

    /**
     * What the sender did.
     *
     * @param offered  messages the schedule asked for
     * @param answered messages answered 2xx
     * @param failed   messages answered otherwise, by status (0 = no answer)
     * @param notSent  due messages skipped because too many were unanswered
     * @param post     POST latency, send to answer
     * @param lag      how late each send was against its schedule
     * @param seconds  from the first send to the last answer
     * @param slowestPostBySecond the slowest POST answer (ms) of the messages due in each second of the schedule,
     *                 which shows whether a high percentile is steady queueing or one stall
     */
    public record Result(long offered, long answered, Map<Integer, Long> failed, long notSent, LatencySummary post,
                         LatencySummary lag, double seconds, long[] slowestPostBySecond) {
        public long failedTotal() {
            return failed.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * This run's latencies, rate, seconds and per-second series, with the counts of {@code earlier} added (a
         * warm-up phase sent before it), so the correctness counts cover every message.
         */
        public Result after(Result earlier) {
            Map<Integer, Long> f = new TreeMap<>(earlier.failed);
            failed.forEach((k, v) -> f.merge(k, v, Long::sum));
            return new Result(earlier.offered + offered, earlier.answered + answered, f, earlier.notSent + notSent, post,
                    lag, seconds, slowestPostBySecond);
        }
    }

    private OpenLoopSender() {
    }

    /** Starts sending messages {@code 0 .. total-1} now; the future completes when every sent message is answered. */
    public static CompletableFuture<Result> start(Vertx vertx, double rate, int total, int maxInFlight, int warmupIds,
                                                  Poster poster) {
        return start(vertx, rate, 0, total, maxInFlight, warmupIds, poster);
    }

    /**
     * Starts sending messages {@code firstId .. firstId+total-1} now, the first of them due at once; POST latency
     * counts for ids from {@code warmupIds} on.
     */
    public static CompletableFuture<Result> start(Vertx vertx, double rate, int firstId, int total, int maxInFlight,
                                                  int warmupIds, Poster poster) {
        Histogram post = LatencySummary.newHistogram();
        Histogram lag = LatencySummary.newHistogram();
        Map<Integer, AtomicLong> failed = new ConcurrentHashMap<>();
        AtomicLong answered = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong notSent = new AtomicLong();
        AtomicLong outstanding = new AtomicLong(total);
        AtomicLongArray slowest = new AtomicLongArray((int) Math.ceil(total / rate) + 1);
        CompletableFuture<Result> done = new CompletableFuture<>();
        long startNanos = System.nanoTime();
        OpenLoopSchedule schedule = new OpenLoopSchedule(rate, total, startNanos);
        Runnable finishIfDone = () -> {
            if (outstanding.get() == 0 && !done.isDone()) {
                Map<Integer, Long> f = new TreeMap<>();
                failed.forEach((k, v) -> f.put(k, v.get()));
                done.complete(new Result(total, answered.get(), f, notSent.get(), LatencySummary.ofMicros(post),
                        LatencySummary.ofMicros(lag), (System.nanoTime() - startNanos) / 1e9, millis(slowest)));
            }
        };
        if (total == 0) {
            finishIfDone.run();
            return done;
        }
        vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            long[] due = schedule.takeDue(now);
            for (long i = due[0]; i < due[0] + due[1]; i++) {
                int id = firstId + (int) i;
                if (inFlight.get() >= maxInFlight) {
                    notSent.incrementAndGet();
                    outstanding.decrementAndGet();
                    continue;
                }
                lag.recordValue(Math.max(0, (System.nanoTime() - schedule.intendedNanos(i)) / 1000));
                inFlight.incrementAndGet();
                long sent = MicroClock.nowMicros();
                poster.post(id, sent).whenComplete((a, e) -> {
                    inFlight.decrementAndGet();
                    if (e == null && a.ok()) {
                        answered.incrementAndGet();
                        if (id >= warmupIds) {
                            long took = Math.max(0, MicroClock.nowMicros() - sent);
                            post.recordValue(took);
                            slowest.accumulateAndGet((int) ((id - firstId) / rate), took, Math::max);
                        }
                    } else {
                        failed.computeIfAbsent(e == null ? a.status() : 0, k -> new AtomicLong()).incrementAndGet();
                    }
                    outstanding.decrementAndGet();
                    finishIfDone.run();
                });
            }
            if (schedule.finished()) {
                vertx.cancelTimer(timer);
                finishIfDone.run();
            }
        });
        return done;
    }

    private static long[] millis(AtomicLongArray micros) {
        long[] ms = new long[micros.length()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = Math.round(micros.get(i) / 1000.0);
        }
        return ms;
    }
}
