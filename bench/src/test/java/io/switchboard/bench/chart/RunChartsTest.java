package io.switchboard.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.bench.load.SecondLatency;
import io.switchboard.bench.report.Figure;
import io.switchboard.bench.report.RunReport;
import io.switchboard.bench.scenario.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class RunChartsTest {
    @TempDir
    Path dir;

    @Test
    void aRunGetsItsLatencyOverTimeAndItsCpuByProcess() throws Exception {
        Measurement system = new Measurement().latencyBySecond(List.of(
                new SecondLatency(1000, 40, 1, 4, 9),
                new SecondLatency(1001, 40, 2, 30, 80),
                // the warm-up drains: no message is sent in seconds 1002 to 1004
                new SecondLatency(1005, 40, 1, 5, 7)));
        Measurement ceiling = new Measurement().latencyBySecond(List.of(new SecondLatency(2000, 40, 0.1, 0.5, 1)));
        RunReport report = new RunReport("s1")
                .figure(new Figure("cpu_ms_per_message_api", 0.4, null, false))
                .figure(new Figure("cpu_ms_per_message_postgres", 0.3, null, false))
                .figure(new Figure("cpu_ms_per_message_bench", 0.15, 0.09, false))
                .figure(new Figure("cpu_ms_per_message_servers_total", 0.7, 0.1, false))
                .figure(new Figure("delivery_p99_ms", 30, 0.5, false));
        List<Path> files = RunCharts.write(dir, report, "abc", system, ceiling);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("s1-latency-over-time.svg", "s1-cpu-per-message.svg");

        Document latency = SvgChartTest.parse(Files.readString(files.get(0)));
        List<Element> lines = SvgChartTest.byClass(latency, "path", "line");
        assertThat(lines).extracting(e -> e.getAttribute("data-series"))
                .containsExactly("system p50", "system p99", "system slowest", "ceiling p99");
        // the gap breaks the system's lines in two
        assertThat(lines.get(1).getAttribute("d").chars().filter(c -> c == 'M').count()).isEqualTo(2);
        List<Element> p99 = SvgChartTest.byClass(latency, "circle", "point").stream()
                .filter(e -> e.getAttribute("data-series").equals("system p99")).toList();
        assertThat(p99).hasSize(3);
        assertThat(Double.parseDouble(p99.get(2).getAttribute("cx")))
                .isCloseTo(SvgChartTest.tick(latency, "x-ticks", "5", "x"), within(0.11));

        Document cpu = SvgChartTest.parse(Files.readString(files.get(1)));
        List<Element> bars = SvgChartTest.byClass(cpu, "rect", "bar");
        // api, postgres, servers total, bench for the system; the ceiling has the total and the bench only
        assertThat(bars).extracting(e -> e.getAttribute("data-category") + "/" + e.getAttribute("data-series"))
                .containsExactly("api/system", "postgres/system", "servers total/system", "servers total/ceiling",
                        "bench/system", "bench/ceiling");
    }

    @Test
    void aRunWithoutFiguresToDrawWritesNothing() throws Exception {
        assertThat(RunCharts.write(dir, new RunReport("s4"), "abc", new Measurement(), null)).isEmpty();
    }
}
