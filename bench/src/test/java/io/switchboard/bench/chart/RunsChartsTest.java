package io.switchboard.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.BenchOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class RunsChartsTest {
    @TempDir
    Path dir;

    private static String run(String file, String series, double rate, double p99, double api, double pg) {
        return "{\"file\":\"" + file + "\",\"scenario\":\"s1\"" + (series == null ? "" : ",\"series\":\"" + series + "\"")
                + ",\"parameters\":{\"rate_per_s\":\"" + rate + "\"},\"environment\":{\"run_id\":\"x\"},"
                + "\"figures\":{\"delivery_p99_ms\":{\"value\":" + p99 + "},"
                + "\"cpu_ms_per_message_api\":{\"value\":" + api + "},"
                + "\"cpu_ms_per_message_postgres\":{\"value\":" + pg + "},"
                + "\"cpu_ms_per_message_bench\":{\"value\":0.2},"
                + "\"cpu_ms_per_message_servers_total\":{\"value\":" + (api + pg) + "}}}";
    }

    /** What {@code bench charts} answered: its exit code and what it printed. */
    private record Answer(int code, String text) {
    }

    private static Answer charts(String... options) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int code = RunsCharts.run(BenchOptions.parse(List.of(options)),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        return new Answer(code, text.toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code lines} as a runs file, draws its charts (with {@code options}) and answers their folder. */
    private Path drawn(List<String> lines, String... options) throws Exception {
        Path runs = dir.resolve("runs.jsonl");
        Files.writeString(runs, String.join("\n", lines));
        Path out = dir.resolve("charts");
        List<String> all = new ArrayList<>(List.of("--runs", runs.toString(), "--out", out.toString()));
        all.addAll(List.of(options));
        Answer drawn = charts(all.toArray(String[]::new));
        assertThat(drawn.code()).as(drawn.text()).isZero();
        return out;
    }

    @Test
    void drawsP99AgainstRateBySeriesAndCpuByRun() throws Exception {
        Path out = drawn(List.of(
                run("a-500", "before", 500, 400, 0.5, 0.4),
                run("a-1000", "before", 1000, 3000, 0.6, 0.45),
                "",
                "BENCH_JSON " + run("b-1000", "after", 1000, 6, 0.36, 0.36),
                "{\"scenario\":\"startup\",\"figures\":{}}"));

        Document p99 = SvgChartTest.parse(Files.readString(out.resolve("s1-p99-vs-rate.svg")));
        assertThat(SvgChartTest.byClass(p99, "text", "legend-entry")).extracting(Element::getTextContent)
                .containsExactly("beforebefore", "afterafter"); // the entry and its tooltip
        List<Element> points = SvgChartTest.byClass(p99, "circle", "point");
        assertThat(points).hasSize(3);
        assertThat(Double.parseDouble(points.get(2).getAttribute("cx")))
                .isCloseTo(Double.parseDouble(points.get(1).getAttribute("cx")), org.assertj.core.api.Assertions.within(0.01));

        Document cpu = SvgChartTest.parse(Files.readString(out.resolve("s1-cpu-per-message-by-run.svg")));
        List<Element> bars = SvgChartTest.byClass(cpu, "rect", "bar");
        assertThat(bars).hasSize(6); // 3 runs × (api, postgres); bench and the total are not parts of the stack
        assertThat(bars).extracting(e -> e.getAttribute("data-category")).contains("a-500", "a-1000", "b-1000");
        assertThat(Files.exists(out.resolve("startup-p99-vs-rate.svg"))).isFalse();
    }

    @Test
    void aSeriesMatchChartsOnlyTheRunsOfTheSeriesItFinds() throws Exception {
        Path out = drawn(List.of(
                run("old-1000", "session a, main", 1000, 9, 0.5, 0.4),
                run("new-1000", "session b, main", 1000, 7, 0.4, 0.3),
                run("node-1000", "session b, hand-built Node", 1000, 5, 0.3, 0.3)), "--series-match", "^session b, ");
        Path runs = dir.resolve("runs.jsonl");
        Document cpu = SvgChartTest.parse(Files.readString(out.resolve("s1-cpu-per-message-by-run.svg")));
        assertThat(SvgChartTest.byClass(cpu, "rect", "bar")).extracting(e -> e.getAttribute("data-category"))
                .containsOnly("new-1000", "node-1000");

        Answer invalid = charts("--runs", runs.toString(), "--out", out.toString(), "--series-match", "session (b");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.text()).contains("--series-match is not a regular expression");
        Answer none = charts("--runs", runs.toString(), "--out", out.toString(), "--series-match", "session c");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.text()).contains("of a series matching session c");
    }

    @Test
    void aRunWithoutASeriesIsNamedByItsFile() throws Exception {
        Path runs = dir.resolve("quiet-machine.jsonl");
        Files.writeString(runs, run("c", null, 300, 5, 0.4, 0.3));
        assertThat(RunsCharts.read(runs)).extracting(RunsCharts.Run::series).containsExactly("quiet-machine");
    }

    @Test
    void unreadableInputIsAClearError() throws Exception {
        Answer missing = charts("--runs", dir.resolve("missing.jsonl").toString(), "--out", dir.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.text()).contains("cannot read").contains("missing.jsonl");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{not json\n");
        Answer notJson = charts("--runs", bad.toString(), "--out", dir.toString());
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.text()).contains("line 1 is not JSON");
    }
}
