package io.switchboard.bench.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.BenchOptions;
import io.switchboard.events.EventCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code ./switchboard bench charts}: charts across runs, from the {@code BENCH_JSON} lines kept in
 * {@code docs/performance-runs.jsonl} (or any JSONL files): delivery p99 against the offered rate, one line per
 * series of runs, and CPU per message by process, one stacked bar per run.
 *
 * <p>A run's series is its {@code series} field (top level or in {@code environment}, set with
 * {@code bench ... --series LABEL}), else its {@code environment.target} (a run against the hand-built Node
 * server), else the name of the file it came from.
 */
public final class RunsCharts {
    /** A run as the charts need it. */
    record Run(String scenario, String label, String series, JsonNode parameters, JsonNode figures) {
        double figure(String name) {
            JsonNode f = figures.path(name).path("value");
            return f.isNumber() ? f.asDouble() : Double.NaN;
        }

        double parameter(String name) {
            String v = parameters.path(name).asText("");
            try {
                return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    private RunsCharts() {
    }

    /**
     * Runs the subcommand: {@code --runs a.jsonl,b.jsonl --out DIR}, and {@code --series-match REGEX} to chart only
     * the runs whose series the regular expression finds (a comparison drawn from part of the kept runs).
     */
    public static int run(BenchOptions o, PrintStream out) {
        String runs = o.string("runs", "docs/performance-runs.jsonl");
        Path outDir = Path.of(o.string("out", "docs/charts"));
        String match = o.string("series-match", null);
        if (!o.unused().isEmpty()) {
            out.println("bench: unknown option(s) for charts: " + o.unused());
            return 2;
        }
        Pattern series;
        try {
            series = match == null ? null : Pattern.compile(match);
        } catch (PatternSyntaxException e) {
            out.println("bench: --series-match is not a regular expression: " + e.getDescription() + " in " + match);
            return 2;
        }
        List<Run> all = new ArrayList<>();
        for (String file : runs.split(",")) {
            Path p = Path.of(file.trim());
            try {
                all.addAll(read(p));
            } catch (IOException e) {
                out.println("bench: cannot read " + p + ": " + e.getMessage());
                return 1;
            }
        }
        if (series != null) {
            all.removeIf(r -> !series.matcher(r.series()).find());
        }
        try {
            List<Path> written = write(all, outDir);
            if (written.isEmpty()) {
                out.println("bench charts: no run in " + runs + (series == null ? "" : " of a series matching " + match)
                        + " has figures to chart");
                return 1;
            }
            out.println("bench charts: " + all.size() + " runs read, " + written.size() + " charts written to "
                    + outDir.toAbsolutePath());
            written.forEach(p -> out.println("  " + p));
            return 0;
        } catch (IOException e) {
            out.println("bench: cannot write charts to " + outDir + ": " + e.getMessage());
            return 1;
        }
    }

    /** Reads the runs of one JSONL file; {@code BENCH_JSON } prefixes (a pasted bench output) are accepted. */
    static List<Run> read(Path file) throws IOException {
        List<Run> runs = new ArrayList<>();
        String fallback = file.getFileName().toString().replaceFirst("\\.jsonl?$", "");
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String l = line.strip();
            if (l.startsWith("BENCH_JSON ")) {
                l = l.substring("BENCH_JSON ".length());
            }
            if (l.isEmpty() || !l.startsWith("{")) {
                continue;
            }
            JsonNode j;
            try {
                j = EventCodec.mapper().readTree(l);
            } catch (IOException e) {
                throw new IOException("line " + n + " is not JSON: " + e.getMessage(), e);
            }
            JsonNode env = j.path("environment");
            String label = j.path("file").asText(env.path("run_id").asText("line " + n));
            String series = j.path("series").asText(env.path("series").asText(env.path("target").asText(fallback)));
            runs.add(new Run(j.path("scenario").asText("?"), label, series, j.path("parameters"), j.path("figures")));
        }
        return runs;
    }

    /** Writes every chart the runs allow into {@code dir}. */
    static List<Path> write(List<Run> runs, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Set<String> scenarios = new LinkedHashSet<>();
        runs.forEach(r -> scenarios.add(r.scenario()));
        for (String scenario : scenarios) {
            List<Run> of = runs.stream().filter(r -> r.scenario().equals(scenario)).toList();
            Path p99 = p99AgainstRate(scenario, of, dir);
            if (p99 != null) {
                written.add(p99);
            }
            Path cpu = cpuAcrossRuns(scenario, of, dir);
            if (cpu != null) {
                written.add(cpu);
            }
        }
        return written;
    }

    /** The offered rate a run's p99 is charted against: messages per second (S1, S3) or deliveries (S2). */
    private static String rateParameter(String scenario) {
        return switch (scenario) {
            case "s1", "s3" -> "rate_per_s";
            case "s2" -> "offered_deliveries_per_s";
            default -> null;
        };
    }

    static Path p99AgainstRate(String scenario, List<Run> runs, Path dir) throws IOException {
        String rate = rateParameter(scenario);
        if (rate == null) {
            return null;
        }
        Map<String, List<double[]>> bySeries = new LinkedHashMap<>();
        for (Run r : runs) {
            double x = r.parameter(rate);
            double y = r.figure("delivery_p99_ms");
            if (Double.isFinite(x) && Double.isFinite(y)) {
                bySeries.computeIfAbsent(r.series(), k -> new ArrayList<>()).add(new double[]{x, y});
            }
        }
        if (bySeries.isEmpty()) {
            return null;
        }
        List<SvgChart.Series> series = new ArrayList<>();
        bySeries.forEach((name, points) -> {
            points.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
            series.add(new SvgChart.Series(name, points));
        });
        String unit = scenario.equals("s2") ? "deliveries" : "messages";
        return SvgChart.write(dir.resolve(scenario + "-p99-vs-rate.svg"), SvgChart.line(
                scenario + ": delivery p99 against the offered rate",
                "one point per run, one line per series of runs; log scale", "offered " + unit + " per second",
                "delivery p99 (ms, log scale)", series, true));
    }

    static Path cpuAcrossRuns(String scenario, List<Run> runs, Path dir) throws IOException {
        Map<String, Map<String, Double>> byRun = new LinkedHashMap<>();
        Set<String> processes = new LinkedHashSet<>();
        String unit = null;
        String scale = null;
        for (Run r : runs) {
            Map<String, Double> cpu = new LinkedHashMap<>();
            for (Iterator<String> it = r.figures().fieldNames(); it.hasNext(); ) {
                String name = it.next();
                Matcher m = RunCharts.CPU.matcher(name);
                // servers_total and servers_jit are sums over the processes, not processes to stack
                if (m.matches() && !m.group(3).startsWith("servers_") && !m.group(3).equals("bench")) {
                    unit = m.group(2);
                    scale = m.group(1);
                    cpu.put(RunCharts.processLabel(m.group(3)), r.figure(name));
                    processes.add(RunCharts.processLabel(m.group(3)));
                }
            }
            if (!cpu.isEmpty()) {
                String label = r.label();
                while (byRun.containsKey(label)) {
                    label = label + "'";
                }
                byRun.put(label, cpu);
            }
        }
        if (byRun.isEmpty()) {
            return null;
        }
        List<String> categories = new ArrayList<>(byRun.keySet());
        List<String> series = new ArrayList<>(processes);
        double[][] values = new double[series.size()][categories.size()];
        for (int s = 0; s < series.size(); s++) {
            for (int c = 0; c < categories.size(); c++) {
                values[s][c] = byRun.get(categories.get(c)).getOrDefault(series.get(s), Double.NaN);
            }
        }
        String u = "us".equals(scale) ? "µs" : "ms";
        return SvgChart.write(dir.resolve(scenario + "-cpu-per-" + unit + "-by-run.svg"), SvgChart.bars(
                scenario + ": server CPU per " + unit + " by process, run by run",
                "each bar is one run (its file name in performance-runs.jsonl); the bench's own CPU is left out",
                "CPU per " + unit + " (" + u + ")", categories, series, values, true));
    }
}
