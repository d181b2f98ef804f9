package io.switchboard.bench.chart;

import io.switchboard.bench.load.SecondLatency;
import io.switchboard.bench.report.Figure;
import io.switchboard.bench.report.RunReport;
import io.switchboard.bench.scenario.Measurement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pictures of one bench run: latency over time (p50, p99 and the slowest delivery of the messages sent in
 * each second) and CPU per message (or delivery, or reconnect) by process.
 */
public final class RunCharts {
    /** {@code cpu_ms_per_message_api}, {@code cpu_us_per_delivery_admin_ws}, ... */
    static final Pattern CPU = Pattern.compile("^cpu_(ms|us)_per_([a-z]+)_(.+)$");

    private RunCharts() {
    }

    /**
     * Writes the run's charts into {@code dir}.
     *
     * @param system  the system run's measurement, or null (ceiling only)
     * @param ceiling the ceiling run's measurement, or null
     * @return the files written
     */
    public static List<Path> write(Path dir, RunReport report, String runId, Measurement system, Measurement ceiling)
            throws IOException {
        List<Path> written = new ArrayList<>();
        String scenario = report.scenario();
        String target = system != null ? "system" : "ceiling";
        Measurement main = system != null ? system : ceiling;
        if (main != null && !main.latencyBySecond().isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            List<SecondLatency> seconds = main.latencyBySecond();
            long first = seconds.get(0).epochSecond();
            series.add(new SvgChart.Series(target + " p50", points(seconds, first, SecondLatency::p50Ms)));
            series.add(new SvgChart.Series(target + " p99", points(seconds, first, SecondLatency::p99Ms)));
            series.add(new SvgChart.Series(target + " slowest", points(seconds, first, SecondLatency::maxMs)));
            if (system != null && ceiling != null && !ceiling.latencyBySecond().isEmpty()) {
                List<SecondLatency> c = ceiling.latencyBySecond();
                series.add(new SvgChart.Series("ceiling p99", points(c, c.get(0).epochSecond(), SecondLatency::p99Ms)));
            }
            double lo = Double.MAX_VALUE, hi = 0;
            for (SecondLatency s : seconds) {
                lo = Math.min(lo, Math.max(s.p50Ms(), 0.001));
                hi = Math.max(hi, s.maxMs());
            }
            boolean log = hi / lo > 50;
            boolean gap = false;
            for (int i = 1; i < seconds.size(); i++) {
                gap |= seconds.get(i).epochSecond() > seconds.get(i - 1).epochSecond() + 1;
            }
            written.add(SvgChart.write(dir.resolve(scenario + "-latency-over-time.svg"), SvgChart.line(
                    scenario + " delivery latency over time (run " + runId + ")",
                    "each delivery, by the second its message was sent; warm-up included"
                            + (gap && (scenario.equals("s1") || scenario.equals("s3"))
                            ? " (the gap: the warm-up draining before the measured phase)" : ""),
                    "seconds since the first message was sent", "latency (ms" + (log ? ", log scale)" : ")"), series,
                    log)));
        }
        Path cpu = cpuChart(dir, report, runId);
        if (cpu != null) {
            written.add(cpu);
        }
        return written;
    }

    private static List<double[]> points(List<SecondLatency> seconds, long first,
                                         java.util.function.ToDoubleFunction<SecondLatency> f) {
        List<double[]> out = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (SecondLatency s : seconds) {
            if (previous != Long.MIN_VALUE && s.epochSecond() > previous + 1) {
                out.add(new double[]{previous + 1 - first, Double.NaN});
            }
            out.add(new double[]{s.epochSecond() - first, f.applyAsDouble(s)});
            previous = s.epochSecond();
        }
        return out;
    }

    private static Path cpuChart(Path dir, RunReport report, String runId) throws IOException {
        Map<String, Figure> byProcess = new LinkedHashMap<>();
        String unit = null;
        String scale = null;
        for (Figure f : report.figures()) {
            Matcher m = CPU.matcher(f.name());
            if (m.matches()) {
                unit = m.group(2);
                scale = m.group(1);
                byProcess.put(m.group(3), f);
            }
        }
        if (byProcess.isEmpty()) {
            return null;
        }
        Figure bench = byProcess.remove("bench");
        if (bench != null) {
            byProcess.put("bench", bench); // the load generator last, after the servers' total
        }
        List<String> categories = new ArrayList<>();
        byProcess.keySet().forEach(k -> categories.add(processLabel(k)));
        boolean hasCeiling = byProcess.values().stream().anyMatch(f -> f.ceiling() != null);
        List<String> series = hasCeiling ? List.of("system", "ceiling") : List.of("system");
        double[][] values = new double[series.size()][categories.size()];
        int i = 0;
        for (Figure f : byProcess.values()) {
            values[0][i] = f.value();
            if (hasCeiling) {
                values[1][i] = f.ceiling() == null ? Double.NaN : f.ceiling();
            }
            i++;
        }
        String unitLabel = "µs".equals(micro(scale)) ? "µs" : "ms";
        return SvgChart.write(dir.resolve(report.scenario() + "-cpu-per-" + unit + ".svg"), SvgChart.bars(
                report.scenario() + " CPU per " + unit + " by process (run " + runId + ")",
                "user + system CPU of each process divided by the " + unit + "s of the run",
                "CPU per " + unit + " (" + unitLabel + ")", categories, series, values, false));
    }

    private static String micro(String scale) {
        return "us".equals(scale) ? "µs" : "ms";
    }

    /** {@code admin_ws} → {@code admin-ws}, {@code servers_total} → {@code servers total}. */
    static String processLabel(String key) {
        return switch (key) {
            case "servers_total" -> "servers total";
            case "servers_jit" -> "of which JIT";
            default -> key.replace('_', '-');
        };
    }
}
