package io.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, reported in milliseconds.
 *
 * @param count how many values were recorded
 */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    /** A summary with nothing recorded: every figure 0. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    /** Summarises {@code micros} (values in microseconds). */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), Math.round(micros.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** The figures keyed {@code <prefix>_p50_ms} and so on, for the report. */
    public Map<String, Double> figures(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "_p50_ms", p50);
        m.put(prefix + "_p99_ms", p99);
        m.put(prefix + "_p999_ms", p999);
        m.put(prefix + "_max_ms", max);
        return m;
    }

    /** A single-writer histogram of the same range, for per-thread shards. */
    public static Histogram newPlainHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    /** A histogram suited to latencies from 1 µs to one hour at three significant digits. */
    public static Histogram newHistogram() {
        return new org.HdrHistogram.ConcurrentHistogram(3_600_000_000L, 3);
    }
}
