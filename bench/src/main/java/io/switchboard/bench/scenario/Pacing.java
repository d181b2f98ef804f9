package io.switchboard.bench.scenario;

import io.switchboard.bench.BenchOptions;
import java.time.Duration;
import java.util.Map;

/**
 * How a posting scenario (S1, S2, S3) sends its messages: {@code --rate} per second for a {@code --warmup} and then
 * a measured {@code --duration}, {@code --drain} to wait for the last deliveries, {@code --post-as} operator or
 * guest, and {@code --connect-parallel} sockets opening at once. Read, counted and reported the same way for each.
 */
record Pacing(double rate, Duration duration, Duration warmup, Duration drain, boolean postAsOperator, int parallel) {
    static Pacing read(BenchOptions o, double rate, int seconds, int drainSeconds, String postAs) {
        String author = o.string("post-as", postAs);
        if (!author.equals("operator") && !author.equals("guest")) {
            throw new IllegalArgumentException("--post-as must be operator or guest, not " + author);
        }
        return new Pacing(o.decimal("rate", rate), o.duration("duration", Duration.ofSeconds(seconds)),
                o.duration("warmup", Duration.ofSeconds(2)), o.duration("drain", Duration.ofSeconds(drainSeconds)),
                author.equals("operator"), o.integer("connect-parallel", 200));
    }

    /** Messages sent in the warm-up: the first ids of the run. */
    int warmupIds() {
        return (int) (rate * warmup.toMillis() / 1000);
    }

    /** Messages sent in all, warm-up included. */
    int total() {
        return warmupIds() + (int) (rate * duration.toMillis() / 1000);
    }

    /** {@code duration_s}, {@code warmup_s} and {@code post_as} for the report, after the scenario's own entries. */
    void describe(Map<String, String> parameters) {
        parameters.put("duration_s", Double.toString(duration.toMillis() / 1000.0));
        parameters.put("warmup_s", Double.toString(warmup.toMillis() / 1000.0));
        parameters.put("post_as", postAsOperator ? "operator" : "guest");
    }
}
