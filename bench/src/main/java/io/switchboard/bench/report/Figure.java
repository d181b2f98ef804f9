package io.switchboard.bench.report;

/**
 * One measured number of a run, with the same number measured against the raw Vert.x ceiling in
 * the same run when there is one.
 *
 * @param name           snake_case key, unit in the suffix ({@code _ms}, {@code _per_s}, {@code _kb})
 * @param value          measured against the system
 * @param ceiling        measured against the ceiling server, or null
 * @param higherIsBetter whether a larger value is the better one (throughput) or the worse (latency, memory)
 */
public record Figure(String name, double value, Double ceiling, boolean higherIsBetter) {

    /** value ÷ ceiling, or null when there is no ceiling or it is 0. */
    public Double ratio() {
        if (ceiling == null || ceiling == 0) {
            return null;
        }
        return value / ceiling;
    }
}
